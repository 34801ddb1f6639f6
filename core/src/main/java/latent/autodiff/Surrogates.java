package latent.autodiff;

import latent.tensor.Kernels;
import latent.tensor.Tensor;

/**
 * Ops that build surrogate objectives, whose gradient is an estimator's rather than the
 * derivative of their value (Schulman et al. 2015, "Gradient estimation using stochastic
 * computation graphs"; Pyro's surrogate ELBOs). None of them is a function with a derivative
 * to check by finite differences; each is tested for the gradient it passes on.
 */
public final class Surrogates {
  private Surrogates() {}

  /** The value of {@code a} with no gradient flowing back to it (PyTorch's {@code detach}). */
  public static Var detach(Var a) {
    return a.tape.constant(a.value);
  }

  /**
   * A value reported as {@code value} whose gradient is the surrogate's: forward, {@code value};
   * backward, {@code ∂surrogate += g}. So a step can return the bound while following any
   * unbiased estimate of its gradient.
   */
  public static Var valueWithGradientOf(Tensor value, Var surrogate) {
    Tensor.requireSameShape(value, surrogate.value, "valueWithGradientOf");
    return surrogate.tape.record(value, g -> Kernels.axpy(1f, g.data, surrogate.grad().data, g.size()), surrogate);
  }

  /**
   * The identity forward; backward, row i of the gradient is multiplied by {@code rowScale[i]},
   * read when the backward pass runs (so it may be filled after this op is recorded):
   * {@code ∂a[i, :] += rowScale[i] · g[i, :]}. DReG uses it to weight the path through z by w̃_i
   * once more.
   */
  public static Var scaleGradientRows(Var a, Tensor rowScale) {
    if (rowScale.rows != a.rows() || rowScale.cols != 1) {
      throw new IllegalArgumentException("scaleGradientRows: scale must be [" + a.rows() + ", 1], got " + rowScale.shape());
    }
    int c = a.cols();
    return a.tape.record(a.value, g -> {
      float[] ga = a.grad().data;
      for (int i = 0; i < a.rows(); i++) {
        float s = rowScale.data[i];
        for (int j = i * c; j < (i + 1) * c; j++) ga[j] += s * g.data[j];
      }
    }, a);
  }
}
