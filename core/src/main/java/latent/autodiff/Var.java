package latent.autodiff;

import latent.tensor.Tensor;

/**
 * A value on a {@link Tape}: its tensor, its gradient {@code ∂loss/∂value} (allocated on first
 * use, zero-filled or overwritten by the first rule to reach it), and whether any gradient
 * flows to it. Parameters are leaves whose gradient tensor is the parameter's own, so gradients
 * accumulate across uses.
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
    else if (tape.takeUnwritten(grad)) grad.fill(0f);
    return grad;
  }

  /**
   * For a rule about to write every element of the gradient: β = 0 when no gradient has reached
   * this value yet (the rule overwrites {@link #grad}, which is then not zero-filled first: a
   * write of each element instead of a fill and an add), or β = 1 (the rule adds to it).
   * Call it before {@link #grad}.
   */
  public float writeBeta() {
    if (grad == null) {
      grad = tape.alloc(value.rows, value.cols);
      return 0f;
    }
    return tape.takeUnwritten(grad) ? 0f : 1f;
  }

  @Override
  public String toString() {
    return "Var" + value.shape() + (requiresGrad ? " (grad)" : "");
  }
}
