package latent.objective;

import java.util.Locale;

/**
 * Control variates for the score-function estimator: b is subtracted from the learning signal
 * ℓ(z) before it multiplies ∇_φ log q_φ(z|x). Any b that does not depend on z itself leaves the
 * estimator unbiased, since E_q[∇_φ log q_φ(z|x)] = 0; a b close to E[ℓ] lowers its variance.
 */
public enum Baseline {
  /** b = 0: plain REINFORCE (Williams 1992). */
  NONE,
  /** b = c, a running average of ℓ over past minibatches, c ← 0.9 c + 0.1 mean ℓ (taken before c is updated). */
  MOVING_AVERAGE,
  /**
   * b(x) = c + b_ψ(x): the moving average plus an input-dependent network trained on the
   * squared error (ℓ − c − b_ψ(x))², as in NVIL (Mnih and Gregor 2014, §3.3; their variance
   * normalisation is left out).
   */
  LEARNED,
  /** b_l = (1/(L−1)) Σ_{m≠l} ℓ_m: the other samples of the same datapoint (needs L ≥ 2; Mnih and Rezende 2016). */
  LEAVE_ONE_OUT;

  @com.fasterxml.jackson.annotation.JsonCreator
  public static Baseline parse(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "none" -> NONE;
      case "moving-average", "average" -> MOVING_AVERAGE;
      case "learned", "nvil" -> LEARNED;
      case "leave-one-out", "loo" -> LEAVE_ONE_OUT;
      default -> throw new latent.InvalidSetting("baseline", "expected none, moving-average, learned or leave-one-out, got '" + s + "'");
    };
  }

  /** The name as config.json and the command line spell it: {@code moving-average}, ... */
  @com.fasterxml.jackson.annotation.JsonValue
  public String flag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
