package latent.objective;

import java.util.random.RandomGenerator;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.distributions.Normal;
import latent.model.Vae;
import latent.tensor.Tensor;

/**
 * The importance-weighted bound of Burda, Grosse and Salakhutdinov (2015), eq. 8:
 *
 * <pre>
 *   L_k(x) = log (1/k) Σ_{i=1..k} w_i,   w_i = p(x, z_i) / q(z_i|x),   z_i ~ q(z|x)
 *   log w_i = log p(x|z_i) + log p(z_i) − log q(z_i|x)
 *   L_1 = ELBO  ≤  L_k  ≤  L_{k+1}  ≤  log p(x)
 * </pre>
 *
 * computed as a log-sum-exp shifted by the largest log-weight. Its gradient is
 * Σ_i w̃_i ∇ log w_i with the normalised weights w̃_i = w_i / Σ_j w_j held constant (eq. 14):
 * exactly the chain rule of log-sum-exp, whose derivative is the softmax of the log-weights.
 * The z_i are reparameterized, z_i = μ + σ ⊙ ε_i. Returns L_k per datapoint, {@code [n, 1]};
 * sample i of datapoint j is row j·k + i of the decoder's batch.
 */
public final class IwaeBound {
  private IwaeBound() {}

  public static Var perExample(Vae vae, Tape tape, Tensor x, int k, RandomGenerator rng) {
    if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
    int n = x.rows;
    Var logW = logWeights(vae, tape, x, k, rng);                                           // [n·k, 1]
    Var lse = Ops.logSumExpColumns(Ops.reshape(logW, n, k));                               // [n, 1]
    return Ops.addScalar(lse, (float) -Math.log(k));
  }

  /** log w_i = log p(x|z_i) + log p(z_i) − log q(z_i|x), {@code [n·k, 1]}, with k samples per datapoint. */
  public static Var logWeights(Vae vae, Tape tape, Tensor x, int k, RandomGenerator rng) {
    Normal q = vae.encode(tape, tape.constant(x));
    return logWeights(vae, q, x, k, Normal.standardNoise(tape, x.rows * k, q.dim(), rng));
  }

  /**
   * The same for a given posterior q (the encoder's output for x) and noise ε
   * {@code [n·k, d]}: z_i = μ + σ ⊙ ε_i. Evaluation calls this chunk by chunk.
   */
  public static Var logWeights(Vae vae, Normal q, Tensor x, int k, Tensor eps) {
    Tape tape = q.loc.tape();
    Normal qk = k == 1 ? q : new Normal(Ops.repeatRows(q.loc, k), Ops.repeatRows(q.logVar, k));
    Var z = qk.rsample(eps);
    Var logPx = vae.decode(tape, z).logProb(k == 1 ? x : Elbo.repeatRows(tape, x, k));
    return Ops.sub(Ops.add(logPx, Normal.standardLogProb(z)), qk.logProb(z));
  }
}
