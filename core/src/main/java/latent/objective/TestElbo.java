package latent.objective;

import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.data.Dataset;
import latent.distributions.Normal;
import latent.model.Encodings;
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
    return scored(vae, data, samples, seed).elbo();
  }

  /**
   * The bound and the encoder's posterior of every datapoint: the posteriors are those the
   * bound computed (estimator B), or null with two stochastic layers, where it encodes
   * inside the importance weights ({@link Scored#posteriors} encodes the data then).
   */
  public record Scored(double elbo, Encodings q) {
    /** q, or the data encoded now when the bound did not keep it. */
    public Encodings posteriors(Vae vae, Dataset data) {
      return q != null ? q : Encodings.of(vae, data);
    }
  }

  /**
   * {@link #evaluate}, keeping the posteriors it computed: the collapse diagnostics need them
   * too, and encoding the test set twice cost 40-60 ms an epoch.
   */
  public static Scored scored(Vae vae, Dataset data, int samples, long seed) {
    Xoshiro256 rng = new Xoshiro256(seed);
    Tape tape = new Tape();
    double total = 0;
    int d = data.dim(), nz = vae.config.latentSize();
    boolean keep = !vae.config.twoStochasticLayers();
    Tensor loc = keep ? Tensor.zeros(data.size(), nz) : null, logVar = keep ? Tensor.zeros(data.size(), nz) : null;
    for (int from = 0; from < data.size(); from += CHUNK) {
      int n = Math.min(CHUNK, data.size() - from);
      Tensor x = new Tensor(n, d, java.util.Arrays.copyOfRange(data.x().data, from * d, (from + n) * d));
      Var bound;
      if (keep) {
        Normal q = vae.encode(tape, tape.constant(x));
        System.arraycopy(q.loc.value.data, 0, loc.data, from * nz, n * nz);
        System.arraycopy(q.logVar.value.data, 0, logVar.data, from * nz, n * nz);
        bound = Elbo.estimatorB(vae, tape, x, q, samples, rng);
      } else {
        bound = Elbo.perExample(vae, tape, x, samples, SgvbEstimator.B, rng);
      }
      total += bound.value.sum();
      tape.reset();
    }
    return new Scored(total / data.size(), keep ? new Encodings(loc, logVar) : null);
  }
}
