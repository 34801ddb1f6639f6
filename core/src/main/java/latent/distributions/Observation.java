package latent.distributions;

import latent.autodiff.Var;
import latent.tensor.Tensor;

/** What a decoder returns: p_θ(x|z) for each row of z. */
public interface Observation {
  /**
   * log p(x|z) per row, {@code [n·k, 1]}, summed over the data dimensions. x has no gradient
   * and holds n rows for the n·k rows of z: rows i·k .. i·k + k − 1 are k samples of z for x_i
   * (k = 1 when the shapes are equal), so x need not be copied k times.
   */
  Var logProb(Tensor x);

  /** E[x|z], {@code [n, d]}, without gradient: what sample grids and reconstructions show. */
  Tensor mean();

  /** A draw x ~ p(x|z) for each row, without gradient. */
  Tensor sample(java.util.random.RandomGenerator rng);

  /**
   * k such that {@code params} holds k rows per row of x.
   *
   * @throws IllegalArgumentException when the columns differ or the rows do not divide
   */
  static int samplesPerRow(Tensor params, Tensor x) {
    if (x.cols != params.cols || x.rows == 0 || params.rows % x.rows != 0) {
      throw new IllegalArgumentException("logProb: data " + x.shape() + " does not match parameters " + params.shape()
          + " (expected the same columns and a divisor of the rows)");
    }
    return params.rows / x.rows;
  }
}
