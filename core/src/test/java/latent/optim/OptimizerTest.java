package latent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import latent.nn.Parameter;
import org.junit.jupiter.api.Test;

/** One and two steps of each optimizer against the update rule worked out by hand. */
class OptimizerTest {
  /** A parameter of 11 values (a full vector of 8 and a scalar tail of 3), all θ = 1, g = 0.5. */
  static Parameter param() {
    Parameter p = new Parameter("p", 1, 11);
    p.value.fill(1f);
    p.grad.fill(0.5f);
    return p;
  }

  @Test
  void adamFirstStepMovesByLearningRateTimesSign() {
    Parameter p = param();
    Adam adam = new Adam(0.1f, 0.9f, 0.999f, 1e-8f, 0f);
    adam.step(List.of(p));
    // m̂ = g, v̂ = g², so θ ← θ − η g / |g| = 1 − 0.1
    for (float v : p.value.data) assertEquals(0.9f, v, 1e-6f);
    p.grad.fill(-0.25f);
    adam.step(List.of(p));
    // m = 0.9·0.05 + 0.1·(−0.25) = 0.02;  v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225
    double m = 0.02 / (1 - 0.81), v = 0.00031225 / (1 - 0.999 * 0.999);
    for (float x : p.value.data) assertEquals(0.9 - 0.1 * m / (Math.sqrt(v) + 1e-8), x, 1e-6);
  }

  @Test
  void adagradDividesByRootOfSummedSquares() {
    Parameter p = param();
    Adagrad ada = new Adagrad(0.1f, 0f);
    ada.step(List.of(p));
    for (float v : p.value.data) assertEquals(1 - 0.1 * 0.5 / (0.5 + 1e-8), v, 1e-6);
    ada.step(List.of(p));
    for (float v : p.value.data) assertEquals(0.9 - 0.1 * 0.5 / Math.sqrt(0.5), v, 1e-6);
  }

  @Test
  void weightDecayAddsTheGaussianPriorGradient() {
    Parameter p = param();
    new Sgd(0.1f, 0f, 0.2f).step(List.of(p));
    // g = 0.5 + 0.2·1 = 0.7
    for (float v : p.value.data) assertEquals(1 - 0.07, v, 1e-6);
  }

  @Test
  void sgdMomentumAccumulatesVelocity() {
    Parameter p = param();
    Sgd sgd = new Sgd(0.1f, 0.9f, 0f);
    sgd.step(List.of(p));
    sgd.step(List.of(p));
    // v1 = 0.5, v2 = 0.9·0.5 + 0.5 = 0.95;  θ = 1 − 0.1·(0.5 + 0.95)
    for (float v : p.value.data) assertEquals(1 - 0.145, v, 1e-6);
  }
}
