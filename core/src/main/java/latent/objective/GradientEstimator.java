package latent.objective;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How the gradient of the bound with respect to the encoder's parameters φ is estimated. The
 * decoder's gradient is pathwise under all of them (z is given, ∇_θ log p_θ(x, z) is exact).
 * Written in run configs as {@link #flag()}, e.g. {@code score-function/learned}.
 *
 * <pre>
 *   pathwise:        ∇_φ E_q[f(z)] = E_ε[∇_φ f(μ_φ + σ_φ ⊙ ε)]                       (AEVB §2.4)
 *   score function:  ∇_φ E_q[f(z)] = E_q[(f(z) − b) ∇_φ log q_φ(z|x)]                (REINFORCE)
 *   STL:             pathwise, with log q_φ(z|x)'s own dependence on φ dropped        (Roeder et al. 2017)
 *   DReG:            ∇_φ L_k = E[Σ_i w̃_i² ∂log w_i/∂z_i · ∂z_i/∂φ]                  (Tucker et al. 2018)
 * </pre>
 *
 * Wake-sleep (Hinton et al. 1995) is a different learning rule for the same model, not an
 * estimator of the bound's gradient: the decoder follows ∇_θ log p_θ(x, z), z ~ q(z|x) (wake),
 * and the encoder ∇_φ log q_φ(z|x) on dreams z ~ p(z), x ~ p_θ(x|z) (sleep).
 */
public sealed interface GradientEstimator {
  record Pathwise() implements GradientEstimator {}

  record ScoreFunction(Baseline baseline) implements GradientEstimator {}

  record StickingTheLanding() implements GradientEstimator {}

  record Dreg() implements GradientEstimator {}

  record WakeSleep() implements GradientEstimator {}

  GradientEstimator PATHWISE = new Pathwise();

  /** The name used on the command line and in run configs. */
  @JsonValue
  default String flag() {
    return switch (this) {
      case Pathwise p -> "pathwise";
      case ScoreFunction s -> "score-function/" + s.baseline().flag();
      case StickingTheLanding s -> "stl";
      case Dreg d -> "dreg";
      case WakeSleep w -> "wake-sleep";
    };
  }

  /** Parses {@code pathwise}, {@code score-function[/BASELINE]}, {@code stl}, {@code dreg}, {@code wake-sleep}. */
  @JsonCreator
  static GradientEstimator parse(String s) {
    String[] parts = s.trim().toLowerCase(Locale.ROOT).split("/", 2);
    return switch (parts[0]) {
      case "pathwise", "reparameterized" -> PATHWISE;
      case "score-function", "reinforce" -> new ScoreFunction(parts.length > 1 ? Baseline.parse(parts[1]) : Baseline.NONE);
      case "stl" -> new StickingTheLanding();
      case "dreg" -> new Dreg();
      case "wake-sleep" -> new WakeSleep();
      default -> throw new latent.InvalidSetting("gradient", "expected pathwise, score-function[/BASELINE], stl, dreg or wake-sleep, got '" + s + "'");
    };
  }
}
