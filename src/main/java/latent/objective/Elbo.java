package latent.objective;

import java.util.random.RandomGenerator;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.distributions.Normal;
import latent.distributions.Observation;
import latent.model.Vae;
import latent.tensor.Tensor;

/**
 * The evidence lower bound with the SGVB estimators of Kingma and Welling (2013):
 *
 * <pre>
 *   L(θ, φ; x) = E_q(z|x)[log p_θ(x|z)] − KL(q_φ(z|x) ‖ p(z))  ≤  log p_θ(x)
 *   z_l = μ_φ(x) + σ_φ(x) ⊙ ε_l,  ε_l ~ N(0, I),  l = 1..L
 *   A:  (1/L) Σ_l [ log p(x|z_l) + log p(z_l) − log q(z_l|x) ]
 *   B:  −KL(q ‖ N(0, I)) + (1/L) Σ_l log p(x|z_l)
 * </pre>
 *
 * Returns the bound per datapoint, {@code [n, 1]}, in nats (higher is better). The L samples
 * of datapoint i are rows i·L .. i·L + L − 1 of the decoder's batch.
 */
public final class Elbo {
  private Elbo() {}

  public static Var perExample(Vae vae, Tape tape, Tensor x, int samples, SgvbEstimator estimator, RandomGenerator rng) {
    if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, got " + samples);
    int n = x.rows;
    Normal q = vae.encode(tape, tape.constant(x));
    Normal qL = samples == 1 ? q : new Normal(Ops.repeatRows(q.loc, samples), Ops.repeatRows(q.logVar, samples));
    Var z = qL.rsample(Normal.standardNoise(tape, n * samples, q.dim(), rng));   // z_l, [n·L, Nz]
    Observation px = vae.decode(tape, z);
    Var logPx = px.logProb(samples == 1 ? x : repeatRows(tape, x, samples));   // log p(x|z_l), [n·L, 1]
    Var perSample = switch (estimator) {
      case A -> Ops.sub(Ops.add(logPx, Normal.standardLogProb(z)), qL.logProb(z));
      case B -> logPx;
    };
    Var mean = samples == 1 ? perSample : Ops.scale(Ops.sumColumns(Ops.reshape(perSample, n, samples)), 1f / samples);
    return estimator == SgvbEstimator.B ? Ops.sub(mean, q.klToStandardNormal()) : mean;
  }

  static Tensor repeatRows(Tape tape, Tensor x, int k) {
    Tensor out = tape.alloc(x.rows * k, x.cols);
    for (int i = 0; i < x.rows; i++) {
      for (int s = 0; s < k; s++) System.arraycopy(x.data, i * x.cols, out.data, (i * k + s) * x.cols, x.cols);
    }
    return out;
  }
}
