package latent.train;

import java.util.random.RandomGenerator;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.model.Vae;
import latent.objective.Elbo;
import latent.objective.SgvbEstimator;
import latent.optim.Optimizer;
import latent.tensor.Tensor;

/**
 * One step of AEVB's Algorithm 1 on a minibatch X^M of M datapoints:
 *
 * <pre>
 *   ε ~ p(ε)
 *   g ← ∇_{θ,φ} L̃^M(θ, φ; X^M, ε),   L̃^M = (1/M) Σ_i L̃(θ, φ; x_i)      (SGVB estimate)
 *   θ, φ ← update with g                                                (Adagrad, Adam, SGD)
 * </pre>
 *
 * The loss minimised is −L̃^M; the value returned is L̃^M, the batch's mean bound in nats.
 */
public final class TrainingStep {
  private final Vae vae;
  private final Optimizer optimizer;
  private final SgvbEstimator estimator;
  private final int samples;
  private final Tape tape = new Tape();

  public TrainingStep(Vae vae, Optimizer optimizer, SgvbEstimator estimator, int samples) {
    this.vae = vae;
    this.optimizer = optimizer;
    this.estimator = estimator;
    this.samples = samples;
  }

  /** Trains on {@code batch} ({@code [M, D]}) and returns its mean bound before the update. */
  public double run(Tensor batch, RandomGenerator rng) {
    vae.zeroGrad();
    Var bound = Elbo.perExample(vae, tape, batch, samples, estimator, rng);
    Var total = Ops.sum(bound);
    double mean = total.value.item() / batch.rows;
    tape.backward(total, -1f / batch.rows);   // ∂(−mean bound)
    optimizer.step(vae.parameters());
    tape.reset();
    return mean;
  }
}
