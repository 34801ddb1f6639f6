package latent.autodiff;

import latent.tensor.Activation;
import latent.tensor.Gemm;
import latent.tensor.Kernels;
import latent.tensor.Tensor;

/**
 * Fused dense layer: forward, the bias copied into the output and one GEMM accumulating onto
 * it, then the nonlinearity in place; backward, the activation derivative and three products.
 *
 * <pre>
 *   forward:  a = x W + b,   y = f(a)           x [n, in], W [in, out], b [1, out]
 *   backward: δ = g ⊙ f'(a)  (from y)
 *             ∂W += xᵀ δ,   ∂b += Σ_rows δ,   ∂x += δ Wᵀ   (skipped when x is data; = where
 *                                                    no gradient has reached the value yet)
 * </pre>
 */
public final class Layers {
  private Layers() {}

  public static Var linear(Var x, Var w, Var b, Activation f) {
    if (x.cols() != w.rows() || b.rows() != 1 || b.cols() != w.cols()) {
      throw new IllegalArgumentException("linear: x" + x.value.shape() + " · W" + w.value.shape() + " + b" + b.value.shape()
          + " do not chain");
    }
    Tape tape = x.tape;
    Tensor y = tape.alloc(x.rows(), w.cols());
    Gemm.affine(x.value, w.value, b.value, y);                             // a = x W + 1 b
    f.forward(y.data, y.size());                                           // y = f(a)
    return tape.record(y, g -> {
      Tensor delta = g;                                                     // f' = 1: no copy
      if (f != Activation.IDENTITY) {
        delta = tape.alloc(g.rows, g.cols);
        f.backward(g.data, y.data, delta.data, g.size());
      }
      // each product stores when its gradient is not yet written (β = 0) and adds otherwise
      if (w.requiresGrad) Gemm.gemm(true, false, 1f, x.value, delta, w.writeBeta(), w.grad());
      if (b.requiresGrad) Kernels.addColumnSums(delta.data, delta.rows, delta.cols, b.writeBeta(), b.grad().data);
      if (x.requiresGrad) Gemm.gemm(false, true, 1f, delta, w.value, x.writeBeta(), x.grad());
    }, x, w, b);
  }
}
