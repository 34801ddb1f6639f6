package latent.train;

import latent.InvalidSetting;
import latent.optim.IwaeSchedule;

/**
 * How long a run trains and in what steps: the {@code schedule} section of its training settings.
 *
 * @param batchSize  M, datapoints per step
 * @param epochs     passes over the training set (fewer when {@code maxImages} is reached first)
 * @param iwaeStages −1 for a constant learning rate; else the last stage of Burda et al.'s
 *                   schedule ({@link IwaeSchedule}), which then fixes the number of passes
 * @param maxImages  budget in training images seen, 0 for none
 */
public record Schedule(int batchSize, int epochs, int iwaeStages, long maxImages) {
  /** Rows of a step's largest matrix (batch × samples): beyond this a step no longer fits a sane heap. */
  public static final int MAX_BATCH = 1 << 20;

  public Schedule {
    InvalidSetting.require(batchSize >= 1 && batchSize <= MAX_BATCH, "batchSize", "expected 1 to " + MAX_BATCH + ", got " + batchSize);
    InvalidSetting.require(epochs >= 1, "epochs", "expected a positive integer, got " + epochs);
    InvalidSetting.require(iwaeStages >= -1 && iwaeStages <= IwaeSchedule.LAST_STAGE, "iwaeStages",
        "expected 0 to " + IwaeSchedule.LAST_STAGE + ", got " + iwaeStages);
    InvalidSetting.require(maxImages >= 0, "maxImages", "expected a non-negative count, got " + maxImages);
  }

  /** Passes over the training set: the IWAE schedule's when there is one. */
  public int passes() {
    return iwaeStages >= 0 ? IwaeSchedule.passes(iwaeStages) : epochs;
  }

  /** The learning rate of pass {@code epoch} (from 0), from the base rate {@code lr}. */
  public float learningRate(float lr, int epoch) {
    return iwaeStages >= 0 ? IwaeSchedule.learningRate(lr, epoch) : lr;
  }
}
