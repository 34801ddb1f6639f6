package latent.model;

import latent.random.Xoshiro256;
import latent.tensor.Parallel;
import latent.tensor.Tensor;

/**
 * The mutual information between x and z under the encoder's joint q(x, z) = p_d(x) q(z|x), as
 * He et al. (2019, <i>Lagging Inference Networks and Posterior Collapse in Variational
 * Autoencoders</i>) estimate it, through the aggregate posterior q(z) = (1/N) Σ_n q(z|x_n):
 *
 * <pre>
 *   I_q(x; z) = E_x E_q(z|x)[log q(z|x) − log q(z)]
 *   Î = (1/N) Σ_i [ log q(z_i|x_i) − log (1/N) Σ_n q(z_i|x_n) ],   z_i ~ q(z|x_i), one draw per datapoint
 * </pre>
 *
 * He et al. take E_q(z|x)[log q(z|x)] in closed form (a Gaussian's negative entropy); the
 * sampled log q(z_i|x_i) used here has the same expectation and cancels the noise of the second
 * term where the two agree, so collapsed dimensions (q(z_u|x) = N(0, 1) for every x) add
 * exactly nothing. Over N datapoints Î ≤ log N (q(z_i|x_i) is one of the N terms), so N must be
 * large beside e^I; the mixture of N components underestimates log q(z) in the tails, which
 * biases Î down by a few hundredths of a nat at N = 4,000 for I ≈ 1.6 (MutualInformationTest).
 */
public final class MutualInformation {
  /**
   * Datapoints an estimate of a run uses, the first of the test set, in {@code diagnostics.csv}
   * each epoch and in {@code latent eval} alike: N² log-densities, about 0.5 s for 2,000 and Nz = 20.
   */
  public static final int EPOCH_POINTS = 2_000;

  private MutualInformation() {}

  /** The estimate over the first {@link #EPOCH_POINTS} of the posteriors {@code loc}, {@code logVar} (all of them when fewer). */
  public static double ofFirst(Tensor loc, Tensor logVar, long seed) {
    int n = Math.min(EPOCH_POINTS, loc.rows);
    return estimate(loc.sliceRows(0, n), logVar.sliceRows(0, n), seed);
  }

  /**
   * The estimate from the posteriors of N datapoints, {@code loc} and {@code logVar}
   * ({@code [N, Nz]}), each z_i drawn with a generator seeded by (seed, i).
   */
  public static double estimate(Tensor loc, Tensor logVar, long seed) {
    int n = loc.rows, d = loc.cols;
    float[] mu = loc.data, lv = logVar.data;
    double log2pi = Math.log(2 * Math.PI);
    double[] z = new double[n * d], precision = new double[n * d], norm = new double[n];
    Xoshiro256 root = new Xoshiro256(seed);
    for (int i = 0; i < n; i++) {
      Xoshiro256 g = root.split(i);
      double logDet = 0;
      for (int u = 0; u < d; u++) {
        int e = i * d + u;
        z[e] = mu[e] + Math.exp(0.5 * lv[e]) * g.nextGaussian();
        precision[e] = Math.exp(-lv[e]);
        logDet += lv[e];
      }
      norm[i] = -0.5 * (d * log2pi + logDet);   // log N(·; μ_n, σ_n²)'s constant
    }
    double[] logRatio = new double[n];   // log q(z_i|x_i) − log q̂(z_i)
    Parallel.forRange(n, (long) n * n * d, (i0, i1) -> {
      double[] logQ = new double[n];
      for (int i = i0; i < i1; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < n; m++) {   // log q(z_i | x_m)
          double s = 0;
          for (int u = 0; u < d; u++) {
            double c = z[i * d + u] - mu[m * d + u];
            s += c * c * precision[m * d + u];
          }
          logQ[m] = norm[m] - 0.5 * s;
          max = Math.max(max, logQ[m]);
        }
        double sum = 0;
        for (int m = 0; m < n; m++) sum += Math.exp(logQ[m] - max);
        logRatio[i] = logQ[i] - (max + Math.log(sum) - Math.log(n));
      }
    });
    double total = 0;
    for (double v : logRatio) total += v;
    return total / n;
  }
}
