package latent.train;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.model.Vae;
import latent.nn.Parameter;
import latent.objective.Objective;
import latent.objective.Surrogate;
import latent.optim.Optimizer;
import latent.random.Xoshiro256;
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
 * with L̃ the run's {@link Objective} (the ELBO, or the IWAE bound L_k as in Burda et al.) and g
 * its gradient estimator's. The loss minimised is −L̃^M; the value returned is L̃^M, the
 * batch's mean bound in nats. Parameters an estimator owns (a learned baseline) are updated
 * by the same optimizer, after the model's.
 */
public final class TrainingStep {
  /** Seed of the networks an estimator owns (a learned baseline): fixed, so a run's config determines it. */
  static final long ESTIMATOR_SEED = 0x5EEDL;

  private final Optimizer optimizer;
  private final Surrogate surrogate;
  private final List<Parameter> params;
  private final Tape tape = new Tape();
  private NumericalGuard guard;
  private double lastObjective = Double.NaN;

  public TrainingStep(Vae vae, Optimizer optimizer, Objective objective) {
    this.optimizer = optimizer;
    this.surrogate = objective.surrogate(vae, new Xoshiro256(ESTIMATOR_SEED));
    this.params = new ArrayList<>(vae.parameters());
    params.addAll(surrogate.parameters());
  }

  /** What the optimizer updates: the model's parameters, then any the estimator owns. */
  public List<Parameter> parameters() {
    return params;
  }

  /** The estimator's running state outside the parameters (a moving-average baseline), for checkpoints. */
  public List<Parameter> runningState() {
    return surrogate.runningState();
  }

  /** Training images seen before the next step: the clock of a KL warm-up ({@link latent.objective.KlRecipe}). */
  public void imagesSeen(long images) {
    surrogate.imagesSeen(images);
  }

  /** The last step's mean objective: its bound, or what a KL recipe made of it (the value its gradient ascends). */
  public double lastObjective() {
    return lastObjective;
  }

  /** Checks each step's loss and gradients before the update (skipping bad steps, clipping); null for none. */
  public void setGuard(NumericalGuard guard) {
    this.guard = guard;
  }

  /** Trains on {@code batch} ({@code [M, D]}) and returns its mean bound before the update. */
  public double run(Tensor batch, RandomGenerator rng) {
    double mean = gradient(batch, rng);
    if (guard == null || guard.admit(mean, params)) optimizer.step(params);
    return mean;
  }

  /**
   * The gradient of −L̃^M on {@code batch} into the parameters' {@code grad}, without an update
   * (data-parallel training averages it over machines first); returns the batch's mean bound.
   */
  public double gradient(Tensor batch, RandomGenerator rng) {
    for (Parameter p : params) tape.zeroLater(p.grad);   // zero: filled, or overwritten by the first product to reach it
    Var bound = surrogate.perExample(tape, batch, rng);
    Var total = Ops.sum(bound);
    double mean = total.value.item() / batch.rows;
    double objective = surrogate.objectiveSum();
    lastObjective = Double.isNaN(objective) ? mean : objective / batch.rows;
    tape.backward(total, -1f / batch.rows);   // ∂(−mean bound)
    tape.reset();
    return mean;
  }
}
