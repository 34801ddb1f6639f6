package latent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import latent.random.Xoshiro256;
import latent.tensor.Parallel;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The estimator of I_q(x; z) against the closed form of a linear-Gaussian encoder. */
class MutualInformationTest {
  /**
   * x ~ N(0, I₂), q(z|x) = N((a₁x₁, a₂x₂, 0), diag(s₁², s₂², 1)): the third dimension is
   * collapsed. Then q(z_u) = N(0, a_u² + s_u²) and I(x; z) = ½ Σ_u log(1 + a_u²/s_u²) = log 5
   * for a = (1, 2), s = (½, 1). At N = 4,000 the estimate's error is Monte Carlo noise of
   * standard deviation 0.022 nats (the log-ratio's variance over N; measured over 20 seeds)
   * with a bias too small to see (+0.004 ± 0.005): each estimate must be within 0.1 nats
   * (4.5 standard deviations), the mean of 10 within 0.03 (4 of the mean's).
   */
  static Tensor[] linearGaussian(int n, long seed) {
    double[] a = {1, 2}, s = {0.5, 1};
    Xoshiro256 g = new Xoshiro256(seed);
    Tensor loc = Tensor.zeros(n, 3), logVar = Tensor.zeros(n, 3);
    for (int i = 0; i < n; i++) {
      for (int u = 0; u < 2; u++) {
        loc.data[i * 3 + u] = (float) (a[u] * g.nextGaussian());
        logVar.data[i * 3 + u] = (float) Math.log(s[u] * s[u]);
      }
    }
    return new Tensor[] {loc, logVar};
  }

  @Test
  void matchesTheClosedFormOfALinearGaussianEncoder() {
    double exact = Math.log(5), sum = 0;
    for (int seed = 0; seed < 10; seed++) {
      Tensor[] q = linearGaussian(4000, 100 + seed);
      double error = MutualInformation.estimate(q[0], q[1], 200 + seed) - exact;
      assertEquals(0, error, 0.1, "seed " + seed);
      sum += error;
    }
    System.out.printf("I_q(x; z) = log 5 = %.4f: mean error of 10 estimates at N = 4,000: %.4f%n", exact, sum / 10);
    assertEquals(0, sum / 10, 0.03);
  }

  @Test
  void collapsedPosteriorsCarryNoInformationAndThreadsChangeNoBit() {
    Tensor loc = Tensor.zeros(500, 4), logVar = Tensor.zeros(500, 4);   // q(z|x) = N(0, I) for every x
    assertEquals(0, MutualInformation.estimate(loc, logVar, 3), 1e-9);
    Tensor[] q = linearGaussian(700, 4);
    double[] each = new double[2];
    Parallel.limitedTo(1, () -> each[0] = MutualInformation.estimate(q[0], q[1], 5));
    Parallel.limitedTo(2, () -> each[1] = MutualInformation.estimate(q[0], q[1], 5));
    assertEquals(each[0], each[1], 0.0);
    assertTrue(each[0] < Math.log(700), "at most log N");
  }

  /**
   * The estimate as its formula reads, a loop over u for each pair (i, m) and every exp
   * computed: the estimator must give these bits exactly, whatever order it visits the terms in.
   */
  static double definition(Tensor loc, Tensor logVar, long seed) {
    int n = loc.rows, d = loc.cols;
    float[] mu = loc.data, lv = logVar.data;
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
      norm[i] = -0.5 * (d * Math.log(2 * Math.PI) + logDet);
    }
    double total = 0;
    double[] logQ = new double[n];
    for (int i = 0; i < n; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int m = 0; m < n; m++) {
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
      total += logQ[i] - (max + Math.log(sum) - Math.log(n));
    }
    return total / n;
  }

  /** Posteriors both narrow (σ = e^-3: most of the N² terms underflow) and wide, odd N (601: two blocks of columns), 1 to 20 dimensions, 1 and 2 threads. */
  @Test
  void theEstimateIsTheDefinitionBitForBit() {
    Xoshiro256 g = new Xoshiro256(11);
    for (int[] shape : new int[][] {{1, 1}, {37, 3}, {257, 20}, {300, 1}, {601, 2}}) {
      for (float logVarMean : new float[] {-6f, 0f}) {
        int n = shape[0], d = shape[1];
        Tensor loc = Tensor.zeros(n, d), logVar = Tensor.zeros(n, d);
        for (int e = 0; e < n * d; e++) {
          loc.data[e] = (float) (3 * g.nextGaussian());
          logVar.data[e] = (float) (logVarMean + g.nextGaussian());
        }
        double want = definition(loc, logVar, 4);
        for (int threads = 1; threads <= 2; threads++) {
          double[] got = new double[1];
          Parallel.limitedTo(threads, () -> got[0] = MutualInformation.estimate(loc, logVar, 4));
          assertEquals(want, got[0], 0.0, "N = " + n + ", Nz = " + d + ", mean log σ² " + logVarMean + ", " + threads + " threads");
        }
      }
    }
  }
}
