package latent.train;

import latent.InvalidSetting;
import latent.optim.IwaeSchedule;
import latent.optim.LrSchedule;

/**
 * How long a run trains and in what steps: the {@code schedule} section of its training settings.
 *
 * @param batchSize  M, datapoints per step
 * @param epochs     passes over the training set (fewer when {@code maxImages} is reached first)
 * @param iwaeStages −1 for a constant learning rate; else the last stage of Burda et al.'s
 *                   schedule ({@link IwaeSchedule}), which then fixes the number of passes
 * @param maxImages  budget in training images seen, 0 for none
 * @param lr         how the learning rate moves when there are no IWAE stages ({@link LrSchedule}; constant by default)
 * @param earlyStopping when to stop before the last epoch ({@link EarlyStopping}; never by default)
 */
public record Schedule(int batchSize, int epochs, int iwaeStages, long maxImages, LrSchedule lr, EarlyStopping earlyStopping) {
  /** Rows of a step's largest matrix (batch × samples): beyond this a step no longer fits a sane heap. */
  public static final int MAX_BATCH = 1 << 20;

  public Schedule {
    InvalidSetting.require(batchSize >= 1 && batchSize <= MAX_BATCH, "batchSize", "expected 1 to " + MAX_BATCH + ", got " + batchSize);
    InvalidSetting.require(epochs >= 1, "epochs", "expected a positive integer, got " + epochs);
    InvalidSetting.require(iwaeStages >= -1 && iwaeStages <= IwaeSchedule.LAST_STAGE, "iwaeStages",
        "expected 0 to " + IwaeSchedule.LAST_STAGE + ", got " + iwaeStages);
    InvalidSetting.require(maxImages >= 0, "maxImages", "expected a non-negative count, got " + maxImages);
    if (lr == null) lr = LrSchedule.CONSTANT;
    if (earlyStopping == null) earlyStopping = EarlyStopping.NONE;
    InvalidSetting.require(iwaeStages < 0 || lr.isConstant(), lr.kind() != LrSchedule.Kind.CONSTANT ? "lrSchedule" : "lrWarmup",
        "the IWAE schedule (iwaeStages " + iwaeStages + ") sets the learning rate itself; leave the learning-rate schedule constant");
  }

  /** A constant learning rate, or the IWAE schedule's. */
  public Schedule(int batchSize, int epochs, int iwaeStages, long maxImages) {
    this(batchSize, epochs, iwaeStages, maxImages, LrSchedule.CONSTANT, EarlyStopping.NONE);
  }

  /** With a learning-rate schedule, and no early stopping. */
  public Schedule(int batchSize, int epochs, int iwaeStages, long maxImages, LrSchedule lr) {
    this(batchSize, epochs, iwaeStages, maxImages, lr, EarlyStopping.NONE);
  }

  /** Passes over the training set: the IWAE schedule's when there is one. */
  public int passes() {
    return iwaeStages >= 0 ? IwaeSchedule.passes(iwaeStages) : epochs;
  }

  /** Images a run over {@code examples} training examples sees: all its passes', or {@code maxImages} when fewer. */
  public long budget(long examples) {
    long all = passes() * examples;
    return maxImages > 0 ? Math.min(maxImages, all) : all;
  }

  /** Epochs such a run takes (the last perhaps partial): the passes, or fewer when the budget ends it sooner. */
  public int runEpochs(long examples) {
    return (int) Math.min(passes(), (budget(examples) + examples - 1) / examples);
  }

  /**
   * The learning rate of the step after {@code images} training images, in pass {@code epoch}
   * (from 0) of a run over {@code examples} examples, from the base rate: a decay spans the
   * epochs the run takes ({@link #runEpochs}), so a cosine reaches its floor when the budget ends.
   */
  public float learningRate(float base, int epoch, long images, long examples) {
    if (iwaeStages >= 0) return IwaeSchedule.learningRate(base, epoch);
    return lr.isConstant() ? base : (float) (base * lr.factor(epoch, runEpochs(examples), images));
  }
}
