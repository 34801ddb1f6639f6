package latent.train;

import java.util.random.RandomGenerator;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.model.Vae;
import latent.objective.Objective;
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
 * with L̃ the run's {@link Objective} (the ELBO, or the IWAE bound L_k as in Burda et al.).
 * The loss minimised is −L̃^M; the value returned is L̃^M, the batch's mean bound in nats.
 */
public final class TrainingStep {
  private final Vae vae;
  private final Optimizer optimizer;
  private final Objective objective;
  private final Tape tape = new Tape();
  private NumericalGuard guard;

  public TrainingStep(Vae vae, Optimizer optimizer, Objective objective) {
    this.vae = vae;
    this.optimizer = optimizer;
    this.objective = objective;
  }

  /** Checks each step's loss and gradients before the update (skipping bad steps, clipping); null for none. */
  public void setGuard(NumericalGuard guard) {
    this.guard = guard;
  }

  /** Trains on {@code batch} ({@code [M, D]}) and returns its mean bound before the update. */
  public double run(Tensor batch, RandomGenerator rng) {
    vae.zeroGrad();
    Var bound = objective.perExample(vae, tape, batch, rng);
    Var total = Ops.sum(bound);
    double mean = total.value.item() / batch.rows;
    tape.backward(total, -1f / batch.rows);   // ∂(−mean bound)
    if (guard == null || guard.admit(mean, vae.parameters())) optimizer.step(vae.parameters());
    tape.reset();
    return mean;
  }
}
