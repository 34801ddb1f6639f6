package latent.distributions;

import latent.autodiff.Var;
import latent.tensor.Tensor;

/** What a decoder returns: p_θ(x|z) for each row of z. */
public interface Observation {
  /** log p(x|z) per row, {@code [n, 1]}, summed over the data dimensions. */
  Var logProb(Tensor x);

  /** E[x|z], {@code [n, d]}, without gradient: what sample grids and reconstructions show. */
  Tensor mean();
}
