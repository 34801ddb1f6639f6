package latent.train;

import latent.InvalidSetting;

/**
 * The numerical guards of a run ({@link NumericalGuard}): the {@code safeguards} section of its
 * {@code config.json}, recorded because clipping changes the result.
 *
 * @param maxBadSteps consecutive steps with a non-finite loss or gradient (each one skipped)
 *                    after which training stops; default {@value #DEFAULT_MAX_BAD_STEPS}
 * @param clipNorm    largest global gradient norm ‖g‖₂, larger gradients are scaled down to it;
 *                    0 (the default) for no clipping
 */
public record Safeguards(int maxBadSteps, float clipNorm) {
  public static final int DEFAULT_MAX_BAD_STEPS = 20;
  public static final Safeguards DEFAULT = new Safeguards(DEFAULT_MAX_BAD_STEPS, 0f);

  public Safeguards {
    InvalidSetting.require(maxBadSteps >= 1, "maxBadSteps", "expected a positive integer, got " + maxBadSteps);
    InvalidSetting.require(clipNorm >= 0 && Float.isFinite(clipNorm), "clipNorm", "expected a number >= 0 (0: no clipping), got " + clipNorm);
  }
}
