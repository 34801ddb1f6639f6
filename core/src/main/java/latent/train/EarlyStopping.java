package latent.train;

import latent.InvalidSetting;

/**
 * Stops a run when its validation ELBO has not improved by more than {@code minDelta} nats for
 * {@code patience} epochs (0: never). The model kept, {@code model.safetensors}, is then the
 * best epoch's; the training checkpoint stays the last state.
 *
 * @param patience epochs without improvement before stopping, ≥ 0
 * @param minDelta nats an epoch must gain over the best so far to count as an improvement, ≥ 0
 */
public record EarlyStopping(int patience, double minDelta) {
  public static final EarlyStopping NONE = new EarlyStopping(0, 0);

  public EarlyStopping {
    InvalidSetting.require(patience >= 0, "patience", "expected a number of epochs ≥ 0, got " + patience);
    InvalidSetting.require(Double.isFinite(minDelta) && minDelta >= 0, "minDelta", "expected nats ≥ 0, got " + minDelta);
  }

  /** Whether the run watches its validation ELBO at all. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isOn() {
    return patience > 0;
  }

  /** Whether {@code elbo} improves on {@code best} (NaN: no epoch yet). */
  public boolean improves(double elbo, double best) {
    return Double.isNaN(best) || elbo > best + minDelta;
  }
}
