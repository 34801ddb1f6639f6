package latent.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.distributions.Normal;
import latent.tensor.Tensor;

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
 *
 * <p>The draws are computed by the library's own machinery, as the VAE estimators are: q_θ is a
 * {@link Normal} on the tape, the pathwise gradient flows through {@link Normal#rsample}, and the
 * score-function one through {@link Normal#logProb}'s gradient, in the surrogate
 * stop(f(x) − b) · log q_θ(x). Each draw has its own copy of θ, so one backward pass gives every
 * draw's gradient.
 */
public final class ScoreFunctionToy {
  /** Draws per backward pass: memory stays bounded whatever N. */
  private static final int BLOCK = 100_000;

  private ScoreFunctionToy() {}

  public enum Estimator {
    SCORE_FUNCTION("score function"), SCORE_FUNCTION_BASELINE("score function, b = E f"), PATHWISE("pathwise");

    public final String label;

    Estimator(String label) {
      this.label = label;
    }

    /** The gradient at θ of each draw, one per noise value in {@code eps}. */
    float[] draws(double theta, float[] eps) {
      int n = eps.length;
      Tape tape = new Tape();
      Tensor loc = Tensor.zeros(n, 1), gradient = Tensor.zeros(n, 1);
      loc.fill((float) theta);
      Normal q = new Normal(tape.param(loc, gradient), tape.constant(Tensor.zeros(n, 1)));   // σ = 1
      Tensor noise = new Tensor(n, 1, eps);
      Var objective;
      if (this == PATHWISE) {
        objective = Ops.sum(Ops.square(q.rsample(noise)));                                      // Σ f(θ + ε)
      } else {
        Var x = q.detached().rsample(noise);                                                     // x ~ q, no path to θ
        double b = this == SCORE_FUNCTION_BASELINE ? theta * theta + 1 : 0;
        Tensor signal = Tensor.zeros(n, 1);                                                      // stop(f(x) − b)
        for (int i = 0; i < n; i++) signal.data[i] = (float) ((double) x.value.data[i] * x.value.data[i] - b);
        objective = Ops.sum(Ops.mul(tape.constant(signal), q.logProb(x)));
      }
      tape.backward(objective);
      return gradient.data;
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
        for (long done = 0; done < draws; ) {
          float[] eps = new float[(int) Math.min(BLOCK, draws - done)];
          for (int i = 0; i < eps.length; i++) eps[i] = (float) rng.nextGaussian();
          for (float g : e.draws(theta, eps)) {
            done++;
            double delta = g - mean;
            mean += delta / done;
            m2 += delta * (g - mean);
          }
        }
        rows.add(new Row(e, theta, draws, mean, m2 / (draws - 1)));
      }
    }
    return rows;
  }
}
