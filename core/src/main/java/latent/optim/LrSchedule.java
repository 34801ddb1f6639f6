package latent.optim;

import latent.InvalidSetting;

/**
 * How the learning rate moves during a run, as a factor on the base rate η (Burda et al.'s
 * stages, {@link IwaeSchedule}, are the other schedule a run can have):
 *
 * <pre>
 *   η_t = η · w(t) · d(e)
 *   w(t) = min(1, (t + 1) / W)                      linear warm-up over the first W training images (W = 0: none)
 *   d(e) = 1                                        constant
 *        = m + (1 − m) · ½ (1 + cos(π e / E))       cosine (Loshchilov and Hutter 2017, without restarts)
 *        = γ^⌊e / s⌋                                step
 *        = γ^e                                      exponential
 * </pre>
 *
 * with t the training images seen before the step, e the epoch from 0 and E the run's epochs.
 *
 * @param kind         constant, cosine, step or exponential
 * @param warmupImages W ≥ 0
 * @param gamma        γ in (0, 1] for step and exponential decay (default ½)
 * @param stepEpochs   s ≥ 1 for step decay (default 5)
 * @param minFactor    m in [0, 1], the cosine's floor as a share of η (default 0)
 */
public record LrSchedule(Kind kind, long warmupImages, double gamma, int stepEpochs, double minFactor) {
  /** A constant rate: what a run had before schedules. */
  public static final LrSchedule CONSTANT = new LrSchedule(Kind.CONSTANT, 0, 0.5, 5, 0);

  /** The shape of the decay. */
  public enum Kind {
    CONSTANT, COSINE, STEP, EXPONENTIAL;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Kind parse(String s) {
      return InvalidSetting.oneOf(Kind.class, "lrSchedule", s);
    }

    /** The lowercase name, as config.json holds it. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public LrSchedule {
    if (kind == null) kind = Kind.CONSTANT;
    InvalidSetting.require(warmupImages >= 0, "lrWarmup", "expected a number of images ≥ 0, got " + warmupImages);
    InvalidSetting.require(gamma > 0 && gamma <= 1, "lrGamma", "expected a factor in (0, 1], got " + gamma);
    InvalidSetting.require(stepEpochs >= 1, "lrStepEpochs", "expected a positive number of epochs, got " + stepEpochs);
    InvalidSetting.require(minFactor >= 0 && minFactor <= 1, "lrMin", "expected a share of the rate in [0, 1], got " + minFactor);
  }

  /** Whether the rate stays the base rate throughout. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isConstant() {
    return kind == Kind.CONSTANT && warmupImages == 0;
  }

  /** w(t) · d(e) for the step after {@code images} training images, in epoch {@code epoch} (from 0) of {@code epochs}. */
  public double factor(int epoch, int epochs, long images) {
    double warm = warmupImages == 0 ? 1 : Math.min(1, (images + 1.0) / warmupImages);
    double decay = switch (kind) {
      case CONSTANT -> 1;
      case COSINE -> minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * epoch / epochs));
      case STEP -> Math.pow(gamma, epoch / stepEpochs);
      case EXPONENTIAL -> Math.pow(gamma, epoch);
    };
    return warm * decay;
  }
}
