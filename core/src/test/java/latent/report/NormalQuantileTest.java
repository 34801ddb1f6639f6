package latent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalQuantileTest {
  @Test
  void matchesTabulatedQuantiles() {
    // reference values from R's qnorm (double precision); AS 241 is good to about 1e-16 relative
    assertEquals(0.0, NormalQuantile.of(0.5), 0.0);
    assertEquals(1.959963984540054, NormalQuantile.of(0.975), 1e-14);
    assertEquals(-1.2815515655446004, NormalQuantile.of(0.1), 1e-14);     // central region |p − ½| ≤ 0.425 ends at 0.075
    assertEquals(-2.3263478740408408, NormalQuantile.of(0.01), 1e-13);    // second region
    assertEquals(-8.2220822161304365, NormalQuantile.of(1e-16), 1e-11);   // tail region, r > 5
  }

  @Test
  void isOddAroundOneHalf() {
    // p with 1 − p exact in double (2^−40 rather than 1e-12), so the symmetry is the algorithm's, not rounding's
    for (double p : new double[] {Math.scalb(1.0, -40), 0.001, 0.07, 0.3, 0.45}) assertEquals(-NormalQuantile.of(p), NormalQuantile.of(1 - p), 1e-9);
  }

  @Test
  void rejectsProbabilitiesOutsideTheOpenInterval() {
    assertThrows(IllegalArgumentException.class, () -> NormalQuantile.of(0));
    assertThrows(IllegalArgumentException.class, () -> NormalQuantile.of(1));
    assertThrows(IllegalArgumentException.class, () -> NormalQuantile.of(Double.NaN));
  }
}
