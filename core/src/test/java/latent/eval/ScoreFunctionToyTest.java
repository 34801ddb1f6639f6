package latent.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The toy problem's acceptance, against values derived by hand (not read from the code under
 * test): for q_θ = N(θ, 1) and f(x) = x², the true gradient is 2θ, and the single-draw variances
 * are θ⁴ + 14θ² + 15 for the score function, 8θ² + 10 with the baseline b = θ² + 1, and 4 for the
 * pathwise estimator, i.e. at θ = 0, 1, 2:
 *
 * <pre>
 *   score function   15, 30, 87      with baseline   10, 18, 42      pathwise   4, 4, 4
 * </pre>
 *
 * The draws go through the library's Normal and tape ({@link ScoreFunctionToy}). With 10^5 draws
 * (seed 1), each mean lies within 3 standard errors of 2θ and each variance within 5% of its
 * exact value. The 5% is about 2.4 standard errors of the sample variance for the
 * heaviest-tailed case (the score function at θ = 0, g = ε³: relative standard error
 * √((E g⁴/Var² − 1)/N) = √((10395/225 − 1)/10^5) = 2.1%); the pathwise estimator's is 0.45%.
 */
class ScoreFunctionToyTest {
  @Test
  void meansAndVariancesMatchTheHandDerivedValues() {
    double[] thetas = {0, 1, 2};
    double[][] variance = {{15, 30, 87}, {10, 18, 42}, {4, 4, 4}};   // [estimator][θ], in Estimator order
    List<ScoreFunctionToy.Row> rows = ScoreFunctionToy.run(thetas, 100_000, 1);
    assertEquals(9, rows.size());
    for (ScoreFunctionToy.Row r : rows) {
      int t = (int) r.theta(), e = r.estimator().ordinal();
      String what = r.estimator().label + " at θ = " + r.theta();
      assertEquals(2 * thetas[t], r.mean(), 3 * r.standardError(), what + ": mean");
      assertEquals(variance[e][t], r.variance(), 0.05 * variance[e][t], what + ": variance");
      assertEquals(variance[e][t], r.exactVariance(), 1e-12, what + ": the formula the command prints");
    }
  }
}
