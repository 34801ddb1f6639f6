package latent.autodiff;

import latent.tensor.Tensor;

/**
 * A value on a {@link Tape}: its tensor, its gradient {@code ∂loss/∂value} (allocated on first
 * use, zero-filled), and whether any gradient flows to it. Parameters are leaves whose
 * gradient tensor is the parameter's own, so gradients accumulate across uses.
 */
public final class Var {
  final Tape tape;
  public final Tensor value;
  private Tensor grad;
  public final boolean requiresGrad;

  Var(Tape tape, Tensor value, Tensor grad, boolean requiresGrad) {
    this.tape = tape;
    this.value = value;
    this.grad = grad;
    this.requiresGrad = requiresGrad;
  }

  public int rows() {
    return value.rows;
  }

  public int cols() {
    return value.cols;
  }

  public Tape tape() {
    return tape;
  }

  /** The gradient accumulated so far, or null when none has reached this value. */
  public Tensor gradOrNull() {
    return grad;
  }

  /** The gradient buffer, allocated zero-filled on first call; backward rules add into it. */
  public Tensor grad() {
    if (grad == null) grad = tape.allocZeroed(value.rows, value.cols);
    return grad;
  }

  @Override
  public String toString() {
    return "Var" + value.shape() + (requiresGrad ? " (grad)" : "");
  }
}
