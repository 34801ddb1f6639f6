package latent.objective;

import java.util.random.RandomGenerator;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.distributions.Normal;
import latent.model.Vae;
import latent.tensor.Tensor;

/**
 * The importance-weighted bound of Burda, Grosse and Salakhutdinov (2015), eq. 8:
 *
 * <pre>
 *   L_k(x) = log (1/k) Σ_{i=1..k} w_i,   w_i = p(x, h_i) / q(h_i|x),   h_i ~ q(h|x)
 *   L_1 = ELBO  ≤  L_k  ≤  L_{k+1}  ≤  log p(x)
 * </pre>
 *
 * computed as a log-sum-exp shifted by the largest log-weight ({@link Vae#logWeights} gives
 * log w for one or two stochastic layers). Its gradient is Σ_i w̃_i ∇ log w_i with the
 * normalised weights w̃_i = w_i / Σ_j w_j held constant (eq. 14): exactly the chain rule of
 * log-sum-exp, whose derivative is the softmax of the log-weights. The samples are
 * reparameterized. Returns L_k per datapoint, {@code [n, 1]}.
 */
public final class IwaeBound {
  private IwaeBound() {}

  public static Var perExample(Vae vae, Tape tape, Tensor x, int k, RandomGenerator rng) {
    if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
    Var logW = logWeights(vae, tape, x, k, rng);                                           // [n·k, 1]
    return SampleAverages.logMeanExp(logW, x.rows, k);                                     // [n, 1]
  }

  /** log w_i for k samples per datapoint, {@code [n·k, 1]}, the noise drawn from {@code rng} (layer 1, then layer 2). */
  public static Var logWeights(Vae vae, Tape tape, Tensor x, int k, RandomGenerator rng) {
    Normal q = vae.encode(tape, tape.constant(x));
    Tensor eps1 = vae.noise(tape, 1, x.rows * k, rng);
    Tensor eps2 = vae.config.twoStochasticLayers() ? vae.noise(tape, 2, x.rows * k, rng) : null;
    return vae.logWeights(q, x, k, eps1, eps2);
  }
}
