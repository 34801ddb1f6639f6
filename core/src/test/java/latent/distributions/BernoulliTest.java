package latent.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import latent.autodiff.GradCheck;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class BernoulliTest {
  @Test
  void logProbMatchesClosedFormIncludingHugeLogits() {
    // 11 columns, less than a block of 16: masked (at 256 bits, 8 lanes and 3)
    float[] logits = {-3f, -0.5f, 0f, 0.2f, 4f, 30f, -30f, 100f, -100f, 1f, -1f};
    float[] x = {0f, 1f, 1f, 0f, 1f, 1f, 0f, 0f, 1f, 0.3f, 0.7f};
    Tape tape = new Tape();
    Var lp = new Bernoulli(tape.constant(Tensor.of(1, 11, logits))).logProb(Tensor.of(1, 11, x));
    double want = 0;
    for (int j = 0; j < 11; j++) {
      // log σ(l) = −log(1 + e^−l), log(1 − σ(l)) = −log(1 + e^l), in double
      double logP = -Math.log1p(Math.exp(-logits[j]));
      double log1mP = -Math.log1p(Math.exp(logits[j]));
      if (Double.isInfinite(logP)) logP = logits[j];
      if (Double.isInfinite(log1mP)) log1mP = -logits[j];
      want += x[j] * logP + (1 - x[j]) * log1mP;
    }
    assertEquals(want, lp.value.item(), 1e-4 * Math.abs(want));
  }

  /**
   * Rows of 1,001 columns: two groups of the product form (960 + 41, the second with a masked
   * tail), logits from −60 to 60, binary and fractional x. Against double: within 2e-6 relative
   * to Σ |terms| (float sums of 1,001 terms), and a NaN logit gives NaN.
   */
  @Test
  void logProbOverSeveralGroupsMatchesDoublePrecision() {
    int n = 3, d = 1001;
    java.util.Random rng = new java.util.Random(7);
    Tensor l = Tensor.zeros(n, d), x = Tensor.zeros(n, d);
    for (int i = 0; i < n * d; i++) {
      l.data[i] = (float) (rng.nextDouble() * 120 - 60) * (i % 3 == 0 ? 0.05f : 1f);
      x.data[i] = i % 7 == 0 ? rng.nextFloat() : rng.nextInt(2);
    }
    Tape tape = new Tape();
    Var lp = new Bernoulli(tape.constant(l)).logProb(x);
    for (int i = 0; i < n; i++) {
      double want = 0, scale = 0;
      for (int j = 0; j < d; j++) {
        double li = l.data[i * d + j], term = x.data[i * d + j] * li - (Math.max(li, 0) + Math.log1p(Math.exp(-Math.abs(li))));
        want += term;
        scale += Math.abs(term);
      }
      assertEquals(want, lp.value.data[i], 2e-6 * scale, "row " + i);
    }
    l.data[d + 500] = Float.NaN;
    Var withNaN = new Bernoulli(tape.constant(l)).logProb(x);
    assertEquals(Float.NaN, withNaN.value.data[1]);
    assertEquals(lp.value.data[2], withNaN.value.data[2]);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    Tensor x = Tensor.of(2, 9, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 1, 0, 0);
    Tensor l = Tensor.of(2, 9, -2, -1, 0.5f, 0.2f, 1.5f, -0.3f, 0.8f, 2, -0.7f, 1, 0.1f, -1.2f, 0.4f, 3, -2.5f, 0.6f, -0.9f, 1.1f);
    NormalTest.assertOk(GradCheck.defaults().check(v -> new Bernoulli(v[0]).logProb(x), l));
    // the logits reached twice: the first gradient stored, the second added to it
    Tensor x2 = Tensor.of(2, 9, 1, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0);
    NormalTest.assertOk(GradCheck.defaults().check(v -> latent.autodiff.Ops.add(new Bernoulli(v[0]).logProb(x), new Bernoulli(v[0]).logProb(x2)), l));
  }
}
