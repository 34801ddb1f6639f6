package latent.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The toy problem's acceptance: with 10^5 draws (seed 1), each estimator's mean lies within 3
 * standard errors of 2θ and its variance within 5% of the exact value, for θ = 0, 1, 2. The
 * 5% is about 2.4 standard errors of the sample variance for the heaviest-tailed case (the
 * score function at θ = 0, g = ε³: relative standard error √((E g⁴/Var² − 1)/N) =
 * √((10395/225 − 1)/10^5) = 2.1%); the pathwise estimator's is 0.45%.
 */
class ScoreFunctionToyTest {
  @Test
  void meansAndVariancesMatchTheExactValues() {
    for (ScoreFunctionToy.Row r : ScoreFunctionToy.run(new double[] {0, 1, 2}, 100_000, 1)) {
      String what = r.estimator().label + " at θ = " + r.theta();
      assertEquals(r.exactMean(), r.mean(), 3 * r.standardError(), what + ": mean");
      assertEquals(r.exactVariance(), r.variance(), 0.05 * r.exactVariance(), what + ": variance");
    }
  }
}
