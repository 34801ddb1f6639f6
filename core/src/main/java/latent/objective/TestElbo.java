package latent.objective;

import latent.autodiff.Tape;
import latent.data.Dataset;
import latent.model.Vae;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;

/**
 * The ELBO averaged over a dataset, in nats per datapoint (higher is better), estimated with
 * SGVB estimator B (analytic KL; A for two stochastic layers) and L samples of z per datapoint from a fixed seed, so the
 * same model on the same data always gets the same number. Streams the data in chunks.
 */
public final class TestElbo {
  private static final int CHUNK = 500;

  private TestElbo() {}

  /** How the bound is estimated: B (analytic KL), or A with two stochastic layers, where the KL has no closed form. */
  public static String estimator(Vae vae) {
    return vae.config.twoStochasticLayers() ? "estimator A" : "estimator B";
  }

  public static double evaluate(Vae vae, Dataset data, int samples, long seed) {
    Xoshiro256 rng = new Xoshiro256(seed);
    Tape tape = new Tape();
    double total = 0;
    int d = data.dim();
    for (int from = 0; from < data.size(); from += CHUNK) {
      int n = Math.min(CHUNK, data.size() - from);
      Tensor x = new Tensor(n, d, java.util.Arrays.copyOfRange(data.x().data, from * d, (from + n) * d));
      total += Elbo.perExample(vae, tape, x, samples, SgvbEstimator.B, rng).value.sum();
      tape.reset();
    }
    return total / data.size();
  }
}
