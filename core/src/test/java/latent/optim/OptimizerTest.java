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

  /**
   * Adam's rounding, value by value, the same at every vector width and as in every earlier run:
   * all but the last (n mod 8) values of a parameter round the second moment as (g g)(1 − β₂),
   * the last ones as ((1 − β₂) g) g. 45 values: 32 in 512-bit vectors, 8 more in a masked one
   * (a whole vector at 256 bits), 5 scalar; three steps, with weight decay.
   */
  @Test
  void adamRoundsTheLastValuesPastAMultipleOfEightAsScalars() {
    int n = 45, vectorized = 40;
    float lr = 0.01f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f, wd = 0.003f;
    Parameter p = new Parameter("p", 1, n);
    float[] th = new float[n], m = new float[n], v = new float[n];
    for (int i = 0; i < n; i++) th[i] = p.value.data[i] = (float) Math.sin(1.3 * i);
    Adam adam = new Adam(lr, b1, b2, eps, wd);
    for (int step = 1; step <= 3; step++) {
      for (int i = 0; i < n; i++) p.grad.data[i] = (float) (Math.cos(0.7 * i + step) * Math.exp(Math.sin(2.1 * i)));
      adam.step(List.of(p));
      float stepSize = lr / (float) (1 - Math.pow(b1, step)), invC2 = 1f / (float) (1 - Math.pow(b2, step));
      for (int i = 0; i < n; i++) {
        float g = p.grad.data[i] + th[i] * wd;
        m[i] = m[i] * b1 + g * (1 - b1);
        v[i] = i < vectorized ? v[i] * b2 + g * g * (1 - b2) : v[i] * b2 + (1 - b2) * g * g;
        th[i] = th[i] - m[i] * stepSize / ((float) Math.sqrt(v[i] * invC2) + eps);
        assertEquals(Float.floatToRawIntBits(m[i]), Float.floatToRawIntBits(adam.state().get(0)[i]), "m of value " + i + ", step " + step);
        assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(adam.state().get(1)[i]), "v of value " + i + ", step " + step);
        assertEquals(Float.floatToRawIntBits(th[i]), Float.floatToRawIntBits(p.value.data[i]), "value " + i + ", step " + step);
      }
    }
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
