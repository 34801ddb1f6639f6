package latent.objective;

import java.util.random.RandomGenerator;
import latent.autodiff.Ops;
import latent.autodiff.Surrogates;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.distributions.Normal;
import latent.model.Vae;
import latent.tensor.Tensor;

/**
 * "Sticking the landing" (Roeder, Wu and Duvenaud 2017): the pathwise gradient with the score
 * term of log q dropped. With z = μ_φ + σ_φ ⊙ ε,
 *
 * <pre>
 *   ∇_φ log w = ∂log w/∂z · ∂z/∂φ  −  ∇_φ log q_φ(z|x) |_(z fixed)
 *                                      └ the score: mean zero, dropped here
 *   log w = log p_θ(x|z) + log p(z) − log q_stop(φ)(z|x)
 * </pre>
 *
 * so the estimator's variance vanishes as q approaches the true posterior. For the ELBO
 * (the mean of the L log-weights, SGVB form A) it is unbiased; applied to L_k it is the
 * "IWAE-STL" estimator, which Tucker et al. (2018) show is biased, hence {@link Dreg}.
 * One stochastic layer.
 */
final class StickingTheLanding implements Surrogate {
  private final Vae vae;
  private final Objective objective;

  StickingTheLanding(Vae vae, Objective objective) {
    this.vae = vae;
    this.objective = objective;
  }

  @Override
  public Var perExample(Tape tape, Tensor x, RandomGenerator rng) {
    int n = x.rows, k = objective.samples();
    Var logW = logWeightsStoppedScore(vae, tape, x, k, vae.noise(tape, 1, n * k, rng), null);
    return objective.kind() == Objective.Kind.IWAE ? SampleAverages.logMeanExp(logW, n, k) : SampleAverages.mean(logW, n, k);
  }

  /**
   * log w_i = log p(x|h_i) + log p(h_i) − log q(h_i|x) with q's parameters held constant in the
   * last term, {@code [n·k, 1]}; {@code pathRowScale}, if not null, weights the gradient that
   * reaches each h_i (see {@link Surrogates#scaleGradientRows}).
   */
  static Var logWeightsStoppedScore(Vae vae, Tape tape, Tensor x, int k, Tensor eps, Tensor pathRowScale) {
    Normal q = vae.encode(tape, tape.constant(x));
    Normal qk = q.repeatRows(k);
    Var h = qk.rsample(eps);
    if (pathRowScale != null) h = Surrogates.scaleGradientRows(h, pathRowScale);
    Normal stopped = qk.detached();
    return Ops.sub(Ops.add(vae.decode(tape, h).logProb(x), Normal.standardLogProb(h)), stopped.logProb(h));
  }
}
