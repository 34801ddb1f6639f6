package latent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import latent.random.Xoshiro256;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PcaTest {
  @Test
  void findsTheDirectionsAndVariancesOfAnAxisAlignedCloudTurnedByARotation() {
    // x = mean + 3 a u + 1 b w + 0.1 c e3, a, b, c standard normal; u, w orthonormal in 3-D
    double s = Math.sqrt(0.5);
    double[] u = {s, s, 0}, w = {-s, s, 0}, e3 = {0, 0, 1}, mean = {1, -2, 0.5};
    int n = 20_000;
    Xoshiro256 rng = new Xoshiro256(4);
    Tensor x = Tensor.zeros(n, 3);
    for (int i = 0; i < n; i++) {
      double a = rng.nextGaussian(), b = rng.nextGaussian(), c = rng.nextGaussian();
      for (int j = 0; j < 3; j++) x.set(i, j, (float) (mean[j] + 3 * a * u[j] + b * w[j] + 0.1 * c * e3[j]));
    }
    Pca pca = Pca.fit(x, 2);
    // sample variances of n = 20,000 normal draws have relative standard error √(2/n) = 1%: 4% is 4 of them
    assertEquals(9, pca.variances()[0], 9 * 0.04);
    assertEquals(1, pca.variances()[1], 0.04);
    assertEquals(1, Math.abs(dot(pca.directions()[0], u)), 1e-3);
    assertEquals(1, Math.abs(dot(pca.directions()[1], w)), 1e-2);
    for (int j = 0; j < 3; j++) assertEquals(mean[j], pca.mean()[j], 0.05);
    assertEquals(9 + 1 + 0.01, pca.totalVariance(), 10 * 0.04);   // all three directions, the third not fitted

    double[] m = pca.mean();
    Tensor projected = pca.project(Tensor.of(2, 3, (float) m[0], (float) m[1], (float) m[2],
        (float) (m[0] + pca.directions()[0][0]), (float) (m[1] + pca.directions()[0][1]), (float) (m[2] + pca.directions()[0][2])));
    assertEquals(0, projected.get(0, 0), 1e-5);   // the mean projects to the origin
    assertEquals(1, projected.get(1, 0), 1e-5);   // one unit along v_1 is one unit of PC 1
    assertEquals(0, projected.get(1, 1), 1e-5);
  }

  @Test
  void oneRowGivesZeroVariance() {
    Pca pca = Pca.fit(Tensor.of(1, 2, 3f, 4f), 2);
    assertEquals(0, pca.variances()[0], 0);
    assertEquals(3, pca.mean()[0], 0);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) s += a[j] * b[j];
    return s;
  }
}
