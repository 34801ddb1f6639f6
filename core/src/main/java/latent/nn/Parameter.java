package latent.nn;

import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.tensor.Tensor;

/** A named trainable tensor and its gradient, which backward passes accumulate into. */
public final class Parameter {
  public final String name;
  public final Tensor value;
  public final Tensor grad;

  public Parameter(String name, int rows, int cols) {
    this.name = name;
    this.value = Tensor.zeros(rows, cols);
    this.grad = Tensor.zeros(rows, cols);
  }

  /** This parameter as a leaf of {@code tape}. */
  public Var on(Tape tape) {
    return tape.param(value, grad);
  }

  public void zeroGrad() {
    grad.fill(0f);
  }

  public int size() {
    return value.size();
  }

  @Override
  public String toString() {
    return name + value.shape();
  }
}
