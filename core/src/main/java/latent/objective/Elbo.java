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
 * of datapoint i are rows i·L .. i·L + L − 1 of the decoder's batch. With two stochastic
 * layers the bound is always estimated as A, (1/L) Σ_l log w_l.
 */
public final class Elbo {
  private Elbo() {}

  public static Var perExample(Vae vae, Tape tape, Tensor x, int samples, SgvbEstimator estimator, RandomGenerator rng) {
    if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, got " + samples);
    int n = x.rows;
    if (estimator == SgvbEstimator.A || vae.config.twoStochasticLayers()) {
      // (1/L) Σ_l log w_l: estimator A; with two stochastic layers the KL has no closed form, so always this
      Var logW = IwaeBound.logWeights(vae, tape, x, samples, rng);                         // [n·L, 1]
      return SampleAverages.mean(logW, n, samples);
    }
    return estimatorB(vae, tape, x, vae.encode(tape, tape.constant(x)), samples, rng);
  }

  /** Estimator B per datapoint {@code [n, 1]} from the posterior {@code q} of {@code x}, already computed. */
  static Var estimatorB(Vae vae, Tape tape, Tensor x, Normal q, int samples, RandomGenerator rng) {
    return Ops.sub(reconstruction(vae, tape, x, q, samples, rng), q.klToStandardNormal());
  }

  /**
   * Estimator B's first term, (1/L) Σ_l log p(x|z_l) with z_l = μ + σ ⊙ ε_l drawn from
   * {@code q}, per datapoint {@code [n, 1]} (also the reconstruction term of {@code KlWeighted}).
   */
  static Var reconstruction(Vae vae, Tape tape, Tensor x, Normal q, int samples, RandomGenerator rng) {
    int n = x.rows;
    Var z = q.repeatRows(samples).rsample(vae.noise(tape, 1, n * samples, rng));           // z_l, [n·L, Nz]
    Observation px = vae.decode(tape, z);
    return SampleAverages.mean(px.logProb(x), n, samples);                                 // log p(x|z_l) averaged over l
  }
}
