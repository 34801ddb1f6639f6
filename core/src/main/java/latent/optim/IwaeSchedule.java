package latent.optim;

/**
 * The learning-rate schedule of Burda et al. (2015), §5: stage i = 0..7 runs 3^i passes over
 * the training set at learning rate η₀ · 10^(−i/7), 3280 passes in all, with η₀ = 1e-3.
 * A run may stop after any stage: stages 0..3 are 1 + 3 + 9 + 27 = 40 passes.
 */
public final class IwaeSchedule {
  public static final int LAST_STAGE = 7;

  private IwaeSchedule() {}

  /** Passes in stages 0..lastStage: Σ 3^i = (3^(lastStage+1) − 1) / 2. */
  public static int passes(int lastStage) {
    check(lastStage);
    return ((int) Math.pow(3, lastStage + 1) - 1) / 2;
  }

  /** The stage that pass {@code epoch} (counted from 0) belongs to. */
  public static int stage(int epoch) {
    int i = 0;
    while (epoch >= passes(i)) i++;
    return i;
  }

  /** η₀ · 10^(−i/7) for the stage of pass {@code epoch} (from 0). */
  public static float learningRate(float base, int epoch) {
    return (float) (base * Math.pow(10, -stage(epoch) / 7.0));
  }

  static void check(int lastStage) {
    latent.InvalidSetting.require(lastStage >= 0 && lastStage <= LAST_STAGE, "iwaeStages", "expected 0 to " + LAST_STAGE + ", got " + lastStage);
  }
}
