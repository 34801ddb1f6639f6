package latent.tensor;

import jdk.incubator.vector.FloatVector;

/**
 * Hidden-layer nonlinearities, each with its forward rule fused with the bias add and its
 * derivative written through the output {@code y = f(a)}, so the pre-activation {@code a}
 * need not be kept:
 *
 * <pre>
 *   tanh:     y = tanh a            f'(a) = 1 − y²
 *   relu:     y = max(a, 0)         f'(a) = [y > 0]
 *   softplus: y = log(1 + eᵃ)       f'(a) = σ(a) = 1 − e^(−y)
 *   sigmoid:  y = σ(a)              f'(a) = y (1 − y)
 *   identity: y = a                 f'(a) = 1
 * </pre>
 */
public enum Activation {
  IDENTITY, TANH, RELU, SOFTPLUS, SIGMOID;

  FloatVector apply(FloatVector a) {
    return switch (this) {
      case IDENTITY -> a;
      case TANH -> Kernels.tanh(a);
      case RELU -> Kernels.relu(a);
      case SOFTPLUS -> Kernels.softplus(a);
      case SIGMOID -> Kernels.sigmoid(a);
    };
  }

  /** f'(a) from y = f(a). */
  FloatVector derivative(FloatVector y) {
    return switch (this) {
      case IDENTITY -> FloatVector.broadcast(Kernels.S, 1f);
      case TANH -> FloatVector.broadcast(Kernels.S, 1f).sub(y.mul(y));
      case RELU -> FloatVector.zero(Kernels.S).blend(1f, y.compare(jdk.incubator.vector.VectorOperators.GT, 0f));
      case SOFTPLUS -> FloatVector.broadcast(Kernels.S, 1f).sub(Kernels.exp(y.neg()));
      case SIGMOID -> y.mul(FloatVector.broadcast(Kernels.S, 1f).sub(y));
    };
  }

  /** {@code y[i, j] = f(y[i, j] + bias[j])} in place over a {@code [rows, cols]} array. */
  public void biasForward(float[] y, int rows, int cols, float[] bias) {
    var s = Kernels.S;
    for (int i = 0; i < rows; i++) {
      int row = i * cols;
      int j = 0;
      for (; j < s.loopBound(cols); j += s.length()) {
        apply(FloatVector.fromArray(s, y, row + j).add(FloatVector.fromArray(s, bias, j))).intoArray(y, row + j);
      }
      if (j < cols) {
        var m = Kernels.tail(j, cols);
        apply(FloatVector.fromArray(s, y, row + j, m).add(FloatVector.fromArray(s, bias, j, m))).intoArray(y, row + j, m);
      }
    }
  }

  /** {@code da[i] = g[i] · f'(a_i)}, with f' taken from the output {@code y}; {@code da} may be {@code g}. */
  public void backward(float[] g, float[] y, float[] da, int n) {
    var s = Kernels.S;
    int i = 0;
    for (; i < s.loopBound(n); i += s.length()) {
      FloatVector.fromArray(s, g, i).mul(derivative(FloatVector.fromArray(s, y, i))).intoArray(da, i);
    }
    if (i < n) {
      var m = Kernels.tail(i, n);
      FloatVector.fromArray(s, g, i, m).mul(derivative(FloatVector.fromArray(s, y, i, m))).intoArray(da, i, m);
    }
  }

  /** The value of f at one point, for tests and scalar code. */
  public float apply(float a) {
    float[] v = {a};
    biasForward(v, 1, 1, new float[] {0f});
    return v[0];
  }

  /** Parses {@code tanh}, {@code relu}, ... case-insensitively. */
  public static Activation parse(String name) {
    return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
  }
}
