package latent.tensor;

/**
 * Hidden-layer nonlinearities, applied in place to a layer's pre-activation, each with its
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

  // The switch stays outside the loops: each branch calls a loop of its own, so every loop sees
  // one function and the JIT keeps its vectors in registers (a switch inside one shared loop
  // ran tanh at half speed once a second activation had gone through it).

  /** {@code y[i] = f(y[i])} in place for {@code i < n}, split over the threads when large. */
  public void forward(float[] y, int n) {
    if (this != IDENTITY) Parallel.forRange(n, n, (from, to) -> forward(y, from, to));
  }

  private void forward(float[] y, int from, int to) {
    switch (this) {
      case IDENTITY -> { }
      case TANH -> Kernels.tanh(y, y, from, to);
      case RELU -> Kernels.relu(y, y, from, to);
      case SOFTPLUS -> Kernels.softplus(y, y, from, to);
      case SIGMOID -> Kernels.sigmoid(y, y, from, to);
    }
  }

  /** {@code da[i] = g[i] · f'(a_i)}, with f' taken from the output {@code y}; {@code da} may be {@code g}. */
  public void backward(float[] g, float[] y, float[] da, int n) {
    Parallel.forRange(n, n, (from, to) -> backward(g, y, da, from, to));
  }

  private void backward(float[] g, float[] y, float[] da, int from, int to) {
    switch (this) {
      case IDENTITY -> System.arraycopy(g, from, da, from, to - from);
      case TANH -> Kernels.tanhGrad(g, y, da, from, to);
      case RELU -> Kernels.reluGrad(g, y, da, from, to);
      case SOFTPLUS -> Kernels.softplusGrad(g, y, da, from, to);
      case SIGMOID -> Kernels.sigmoidGrad(g, y, da, from, to);
    }
  }

  /** The value of f at one point, for tests and scalar code. */
  public float apply(float a) {
    float[] v = {a};
    forward(v, 1);
    return v[0];
  }

  /** The lowercase name, as config.json holds it. */
  @com.fasterxml.jackson.annotation.JsonValue
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses {@code tanh}, {@code relu}, ... case-insensitively. */
  @com.fasterxml.jackson.annotation.JsonCreator
  public static Activation parse(String name) {
    return latent.InvalidSetting.oneOf(Activation.class, "activation", name);
  }
}
