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
    // 11 columns: one full vector of 8 lanes plus a masked tail of 3
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

  @Test
  void gradientMatchesFiniteDifferences() {
    Tensor x = Tensor.of(2, 9, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 1, 0, 0);
    Tensor l = Tensor.of(2, 9, -2, -1, 0.5f, 0.2f, 1.5f, -0.3f, 0.8f, 2, -0.7f, 1, 0.1f, -1.2f, 0.4f, 3, -2.5f, 0.6f, -0.9f, 1.1f);
    NormalTest.assertOk(GradCheck.defaults().check(v -> new Bernoulli(v[0]).logProb(x), l));
  }
}
