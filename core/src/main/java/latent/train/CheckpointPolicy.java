package latent.train;

import latent.InvalidSetting;

/**
 * When a run writes its training checkpoint besides each epoch's end: every {@code everySteps}
 * steps and every {@code everyMinutes} minutes of wall-clock time (0 turns either off). Saving
 * never changes what is computed, so the policy is not part of the run's config.
 */
public record CheckpointPolicy(long everySteps, double everyMinutes) {
  public static final double DEFAULT_MINUTES = 10;
  public static final CheckpointPolicy DEFAULT = new CheckpointPolicy(0, DEFAULT_MINUTES);

  public CheckpointPolicy {
    InvalidSetting.require(everySteps >= 0, "everySteps", "expected a step count >= 0 (0: off), got " + everySteps);
    InvalidSetting.require(everyMinutes >= 0 && Double.isFinite(everyMinutes), "everyMinutes", "expected minutes >= 0 (0: off), got " + everyMinutes);
  }

  /** True when a checkpoint is due after step {@code steps}, {@code minutesSinceLast} after the last one. */
  boolean due(long steps, double minutesSinceLast) {
    return (everySteps > 0 && steps % everySteps == 0) || (everyMinutes > 0 && minutesSinceLast >= everyMinutes);
  }
}
