package latent.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The seeds' toy problem: the gradient of E_{x~q_θ}[f(x)] with q_θ = N(θ, 1), f(x) = x², whose
 * true value is d/dθ (θ² + 1) = 2θ. With x = θ + ε, ε ~ N(0, 1), single-draw estimators:
 *
 * <pre>
 *   score function:                g = f(x) ∇_θ log q_θ(x) = x² (x − θ)     Var = θ⁴ + 14θ² + 15
 *   score function, baseline b:    g = (x² − b)(x − θ),  b = E f = θ² + 1    Var = 8θ² + 10
 *   pathwise (reparameterized):    g = ∂f/∂x · ∂x/∂θ = 2x                    Var = 4
 * </pre>
 *
 * (With ε's moments 0, 1, 0, 3, 0, 15: E[g²] for the score function with baseline b is
 * (θ² − b)² + 12θ² + 15 + 6(θ² − b), and Var = E[g²] − 4θ².) The baseline b = θ² + 1 is the
 * best constant: what a perfect moving average of f would reach.
 */
public final class ScoreFunctionToy {
  private ScoreFunctionToy() {}

  public enum Estimator {
    SCORE_FUNCTION("score function"), SCORE_FUNCTION_BASELINE("score function, b = E f"), PATHWISE("pathwise");

    public final String label;

    Estimator(String label) {
      this.label = label;
    }

    /** One draw of the estimator at θ from noise ε. */
    double draw(double theta, double eps) {
      double x = theta + eps;
      return switch (this) {
        case SCORE_FUNCTION -> x * x * eps;
        case SCORE_FUNCTION_BASELINE -> (x * x - (theta * theta + 1)) * eps;
        case PATHWISE -> 2 * x;
      };
    }

    /** Its exact variance at θ. */
    public double exactVariance(double theta) {
      double t2 = theta * theta;
      return switch (this) {
        case SCORE_FUNCTION -> t2 * t2 + 14 * t2 + 15;
        case SCORE_FUNCTION_BASELINE -> 8 * t2 + 10;
        case PATHWISE -> 4;
      };
    }
  }

  /** One estimator at one θ over N draws. */
  public record Row(Estimator estimator, double theta, long draws, double mean, double variance) {
    /** Of the mean: √(variance / N). */
    public double standardError() {
      return Math.sqrt(variance / draws);
    }

    public double exactMean() {
      return 2 * theta;
    }

    public double exactVariance() {
      return estimator.exactVariance(theta);
    }
  }

  /** Every estimator at every θ, each from {@code draws} draws of the same noise sequence. */
  public static List<Row> run(double[] thetas, long draws, long seed) {
    List<Row> rows = new ArrayList<>();
    for (double theta : thetas) {
      for (Estimator e : Estimator.values()) {
        RandomGenerator rng = new latent.random.Xoshiro256(seed);
        double mean = 0, m2 = 0;   // Welford's running mean and sum of squared deviations
        for (long i = 1; i <= draws; i++) {
          double g = e.draw(theta, rng.nextGaussian());
          double delta = g - mean;
          mean += delta / i;
          m2 += delta * (g - mean);
        }
        double variance = m2 / (draws - 1);
        rows.add(new Row(e, theta, draws, mean, variance));
      }
    }
    return rows;
  }
}
