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
    return evaluate(vae, data, null, samples, seed);
  }

  /**
   * {@link #evaluate}, given the encoder's posteriors of {@code data} ({@link Encodings#of}, or
   * null): estimator B then takes them rather than encoding the data again, so that an epoch's
   * collapse diagnostics and bound share one encoder pass (encoding twice cost 40-60 ms an
   * epoch). With two stochastic layers the bound encodes inside its importance weights.
   */
  public static double evaluate(Vae vae, Dataset data, Encodings q, int samples, long seed) {
    Xoshiro256 rng = new Xoshiro256(seed);
    Tape tape = new Tape();
    double total = 0;
    boolean given = q != null && !vae.config.twoStochasticLayers();
    for (int from = 0; from < data.size(); from += CHUNK) {
      int n = Math.min(CHUNK, data.size() - from);
      Tensor x = tape.copyRows(data.x(), from, n);
      Var bound = given
          ? Elbo.estimatorB(vae, tape, x, posterior(tape, q, from, n), samples, rng)
          : Elbo.perExample(vae, tape, x, samples, SgvbEstimator.B, rng);
      total += bound.value.sum();
      tape.reset();
    }
    return total / data.size();
  }

  /** q(z|x) of rows {@code from .. from+n-1}, as constants. */
  private static Normal posterior(Tape tape, Encodings q, int from, int n) {
    return new Normal(tape.constant(tape.copyRows(q.loc(), from, n)), tape.constant(tape.copyRows(q.logVar(), from, n)));
  }
}
