package latent.autodiff;

import java.util.SplittableRandom;
import java.util.function.Function;
import latent.tensor.Tensor;

/**
 * Compares the gradients a tape computes with central finite differences.
 *
 * <pre>
 *   L(x) = Σ_ij r_ij · f(x)_ij          r fixed random weights, so every output counts
 *   ∂L/∂x_k ≈ (L(x + h e_k) − L(x − h e_k)) / 2h
 * </pre>
 *
 * In float32 the difference quotient carries a rounding error near {@code 1e-7 |L| / h} and
 * a truncation error near {@code h² |f'''|}; with {@code h = 1e-2} both stay below the
 * default tolerance, while a wrong backward rule is off by order one.
 */
public final class GradCheck {
  private final double step;
  private final double absTol;
  private final double relTol;

  public GradCheck(double step, double absTol, double relTol) {
    this.step = step;
    this.absTol = absTol;
    this.relTol = relTol;
  }

  public static GradCheck defaults() {
    return new GradCheck(1e-2, 5e-3, 1e-2);
  }

  /** The worst error found, with its position, for reporting. */
  public record Result(double maxError, int input, int index, double analytic, double numeric) {
    public boolean ok() {
      return maxError <= 1.0;   // false for NaN
    }
  }

  /**
   * Checks {@code f} at {@code inputs} (all of them receive gradients); {@code maxError} is
   * |analytic − numeric| / (absTol + relTol · |numeric|), so the check passes at ≤ 1.
   */
  public Result check(Function<Var[], Var> f, Tensor... inputs) {
    Tensor weights;
    double[][] analytic = new double[inputs.length][];
    {
      Tape tape = new Tape();
      Var[] vars = new Var[inputs.length];
      Tensor[] grads = new Tensor[inputs.length];
      for (int i = 0; i < inputs.length; i++) {
        grads[i] = Tensor.zeros(inputs[i].rows, inputs[i].cols);
        vars[i] = tape.param(inputs[i], grads[i]);
      }
      Var out = f.apply(vars);
      weights = randomWeights(out.rows(), out.cols());
      Var loss = Ops.sum(Ops.mul(out, tape.constant(weights)));
      tape.backward(loss);
      for (int i = 0; i < inputs.length; i++) {
        analytic[i] = new double[grads[i].size()];
        for (int k = 0; k < analytic[i].length; k++) analytic[i][k] = grads[i].data[k];
      }
    }
    Result worst = new Result(0, -1, -1, 0, 0);
    for (int i = 0; i < inputs.length; i++) {
      float[] x = inputs[i].data;
      for (int k = 0; k < x.length; k++) {
        float saved = x[k];
        x[k] = (float) (saved + step);
        double up = weightedSum(f, inputs, weights);
        x[k] = (float) (saved - step);
        double down = weightedSum(f, inputs, weights);
        x[k] = saved;
        double numeric = (up - down) / (2 * step);
        double err = Math.abs(analytic[i][k] - numeric) / (absTol + relTol * Math.abs(numeric));
        // a NaN is the worst error of all: once found, it stays the result (NaN > x is false for every x)
        if (!Double.isNaN(worst.maxError()) && !(err <= worst.maxError())) worst = new Result(err, i, k, analytic[i][k], numeric);
      }
    }
    return worst;
  }

  private static double weightedSum(Function<Var[], Var> f, Tensor[] inputs, Tensor weights) {
    Tape tape = new Tape();
    Var[] vars = new Var[inputs.length];
    for (int i = 0; i < inputs.length; i++) vars[i] = tape.constant(inputs[i]);
    Tensor out = f.apply(vars).value;
    double s = 0;
    for (int k = 0; k < out.size(); k++) s += (double) out.data[k] * weights.data[k];
    return s;
  }

  private static Tensor randomWeights(int rows, int cols) {
    SplittableRandom r = new SplittableRandom(rows * 31L + cols);
    Tensor w = Tensor.zeros(rows, cols);
    for (int k = 0; k < w.size(); k++) w.data[k] = (float) (r.nextDouble() * 2 - 1);
    return w;
  }
}
