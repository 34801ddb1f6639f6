package latent.model;

import java.util.Arrays;
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

  /** Below this, exp(x) is 0 in double (under half the smallest subnormal, 2^-1075 ≈ e^-745.1). */
  private static final double EXP_UNDERFLOW = -746;
  /** Datapoints i whose log-densities are computed together, and the m visited at a time (4 × 4 KiB of sums). */
  private static final int ROWS = 4, COLUMNS = 512;

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
    // z by datapoint ([N, d]); μ and the precisions by dimension ([d][N]), so that the sums over
    // u below run for all m at once: each m's sum still adds its terms u = 0, 1, ... in order
    double[] z = new double[n * d], norm = new double[n];
    double[][] muByDim = new double[d][n], precisionByDim = new double[d][n];
    Xoshiro256 root = new Xoshiro256(seed);
    for (int i = 0; i < n; i++) {
      Xoshiro256 g = root.split(i);
      double logDet = 0;
      for (int u = 0; u < d; u++) {
        int e = i * d + u;
        z[e] = mu[e] + Math.exp(0.5 * lv[e]) * g.nextGaussian();
        muByDim[u][i] = mu[e];
        precisionByDim[u][i] = Math.exp(-lv[e]);
        logDet += lv[e];
      }
      norm[i] = -0.5 * (d * log2pi + logDet);   // log N(·; μ_n, σ_n²)'s constant
    }
    double[] logRatio = new double[n];   // log q(z_i|x_i) − log q̂(z_i)
    int blocks = (n + ROWS - 1) / ROWS;
    Parallel.forRange(blocks, (long) n * n * d, (b0, b1) -> {
      double[][] logQ = new double[ROWS][n];
      for (int b = b0; b < b1; b++) {
        int i0 = b * ROWS;
        logDensities(i0, n, d, z, muByDim, precisionByDim, norm, logQ);
        for (int i = i0; i < Math.min(n, i0 + ROWS); i++) {
          double[] q = logQ[i - i0];
          double max = Double.NEGATIVE_INFINITY;
          for (int m = 0; m < n; m++) max = Math.max(max, q[m]);
          // exp of anything below EXP_UNDERFLOW is exactly 0 and adds nothing (most of the N terms
          // when the posteriors are narrow), so it is not computed
          double sum = 0;
          for (int m = 0; m < n; m++) if (q[m] - max > EXP_UNDERFLOW) sum += Math.exp(q[m] - max);
          logRatio[i] = q[i] - (max + Math.log(sum) - Math.log(n));
        }
      }
    });
    double total = 0;
    for (double v : logRatio) total += v;
    return total / n;
  }

  /**
   * logQ[r][m] = log q(z_i | x_m) = norm_m − ½ Σ_u (z_iu − μ_mu)² / σ²_mu for the {@value #ROWS}
   * rows i = i0 + r (past N, row N − 1 again, discarded by the caller). m is visited
   * {@value #COLUMNS} at a time so that the four rows' sums stay in L1 while each dimension u's
   * μ and σ⁻² are read for all four; each sum adds its terms u = 0, 1, ... in order.
   */
  private static void logDensities(int i0, int n, int d, double[] z, double[][] muByDim, double[][] precisionByDim, double[] norm,
                                   double[][] logQ) {
    double[] s0 = logQ[0], s1 = logQ[1], s2 = logQ[2], s3 = logQ[3];
    int z0 = Math.min(i0, n - 1) * d, z1 = Math.min(i0 + 1, n - 1) * d, z2 = Math.min(i0 + 2, n - 1) * d, z3 = Math.min(i0 + 3, n - 1) * d;
    for (int m0 = 0; m0 < n; m0 += COLUMNS) {
      int m1 = Math.min(n, m0 + COLUMNS);
      Arrays.fill(s0, m0, m1, 0);
      Arrays.fill(s1, m0, m1, 0);
      Arrays.fill(s2, m0, m1, 0);
      Arrays.fill(s3, m0, m1, 0);
      for (int u = 0; u < d; u++) {
        double[] mu = muByDim[u], precision = precisionByDim[u];
        addSquares(s0, z[z0 + u], mu, precision, m0, m1);
        addSquares(s1, z[z1 + u], mu, precision, m0, m1);
        addSquares(s2, z[z2 + u], mu, precision, m0, m1);
        addSquares(s3, z[z3 + u], mu, precision, m0, m1);
      }
      for (int m = m0; m < m1; m++) {
        s0[m] = norm[m] - 0.5 * s0[m];
        s1[m] = norm[m] - 0.5 * s1[m];
        s2[m] = norm[m] - 0.5 * s2[m];
        s3[m] = norm[m] - 0.5 * s3[m];
      }
    }
  }

  /**
   * sum[m] += (x − μ[m])² · precision[m] for m in [m0, m1). A plain loop over arrays indexed
   * alike, which C2 turns into vector code itself (each lane the same operations, so the same
   * bits). Written with the Vector API it was a third faster once compiled (2,000 × 20
   * posteriors: 8-9 against 11-15 ms), but the estimate runs once an epoch and once a
   * {@code latent eval}, and until C2 compiles it the API's vectors are objects: the first estimate
   * of a JVM took 650-870 ms, against 165-210 ms for this loop.
   */
  private static void addSquares(double[] sum, double x, double[] mu, double[] precision, int m0, int m1) {
    for (int m = m0; m < m1; m++) {
      double c = x - mu[m];
      sum[m] += c * c * precision[m];
    }
  }
}
