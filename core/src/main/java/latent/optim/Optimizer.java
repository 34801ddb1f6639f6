package latent.optim;

import java.util.List;
import latent.nn.Parameter;

/**
 * Updates parameters from their gradients. Call order per step: zero the gradients, run the
 * forward and backward passes (gradients of the loss to minimise, i.e. −bound), then
 * {@link #step}. The parameter list must be the same, in the same order, at every call.
 *
 * <p>Weight decay λ adds λθ to each gradient before the update: with λ = 1/N it is the
 * Gaussian prior N(0, I) on the parameters of AEVB's MAP objective (Kingma and Welling 2013,
 * §5: per datapoint, the log prior's gradient −θ is divided by the training set size N).
 */
public interface Optimizer {
  void step(List<Parameter> params);

  /** Learning rate now in use. */
  float learningRate();

  void setLearningRate(float lr);

  /** Per-parameter state (moments, accumulators) in parameter order, for checkpoints. */
  List<float[]> state();

  /** Number of steps taken. */
  long steps();

  /**
   * Continues from a checkpoint: copies {@code state} (as {@link #state()} returned it, empty
   * before the first step) into this optimizer and sets its step count, so the next update is
   * the one the saved optimizer would have made.
   */
  default void restore(List<Parameter> params, List<float[]> state, long steps) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be restored from a checkpoint");
  }
}
