package latent.train;

import latent.InputException;

/**
 * The numerical guards of a run ({@link NumericalGuard}); recorded in {@code config.json}
 * because clipping changes the result.
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
    if (maxBadSteps < 1) throw new InputException("--max-bad-steps: expected a positive integer, got " + maxBadSteps);
    if (!(clipNorm >= 0) || !Float.isFinite(clipNorm)) throw new InputException("--clip-norm: expected a number >= 0 (0: no clipping), got " + clipNorm);
  }
}
