package latent.objective;

import java.util.List;
import java.util.random.RandomGenerator;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.nn.Module;
import latent.nn.Parameter;
import latent.tensor.Tensor;

/**
 * A bound per datapoint together with the estimator of its gradient: the value returned is
 * the bound, the gradient that flows back from it is the estimator's. Made by
 * {@link Objective#surrogate}; it keeps whatever state its estimator needs across steps (a
 * moving average, a baseline network whose {@link #parameters()} train with the model's).
 */
public interface Surrogate extends Module {
  /** The bound for each row of x, {@code [n, 1]}, in nats. */
  Var perExample(Tape tape, Tensor x, RandomGenerator rng);

  /**
   * State the estimator carries from step to step that no optimizer updates (a moving
   * average), as tensors a checkpoint can save and restore in place; none by default.
   */
  default List<Parameter> runningState() {
    return List.of();
  }

  /** The clock of an objective that changes as training goes on (a KL warm-up): training images seen before the next step. */
  default void imagesSeen(long images) {}

  /**
   * Σ over the last minibatch's rows of the objective the gradient ascends, where a training
   * recipe makes it differ from the bound ({@link KlRecipe}); NaN where it is the bound.
   */
  default double objectiveSum() {
    return Double.NaN;
  }

  /** Parameters of the estimator itself (a learned baseline); none by default. */
  @Override
  default List<Parameter> parameters() {
    return List.of();
  }
}
