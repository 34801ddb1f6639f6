package latent.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The vectorized functions against java.lang.Math in double, over their whole useful range. */
class KernelsTest {
  /** Points from −100 to 100, denser near 0, plus 0, tiny values and the tails; 203 of them (not a multiple of 8). */
  static float[] points() {
    float[] x = new float[203];
    for (int i = 0; i < 200; i++) {
      double t = (i - 100) / 10.0;
      x[i] = (float) (Math.signum(t) * t * t);
    }
    x[200] = 1e-6f;
    x[201] = -3e-4f;
    x[202] = 0.039f;
    return x;
  }

  interface F {
    double f(double x);
  }

  static void check(String name, float[] got, float[] x, F want, double relTol, double absTol) {
    for (int i = 0; i < x.length; i++) {
      double w = want.f(x[i]);
      assertEquals(w, got[i], absTol + relTol * Math.abs(w), name + "(" + x[i] + ")");
    }
  }

  @Test
  void tanhSigmoidSoftplusExpMatchDoublePrecision() {
    float[] x = points(), y = new float[x.length];
    Kernels.tanh(x, y, x.length);
    check("tanh", y, x, Math::tanh, 4e-7, 1e-30);
    Kernels.sigmoid(x, y, x.length);
    check("sigmoid", y, x, v -> 1 / (1 + Math.exp(-v)), 4e-7, 1e-30);
    Kernels.softplus(x, y, x.length);
    check("softplus", y, x, v -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))), 4e-7, 1e-30);
    float[] small = new float[x.length];
    for (int i = 0; i < x.length; i++) small[i] = Math.max(-80f, Math.min(80f, x[i]));
    Kernels.exp(small, y, x.length);
    check("exp", y, small, Math::exp, 4e-7, 1e-30);
  }

  @Test
  void inPlaceAndLogSumExp() {
    float[] x = {1f, 2f, 3f};
    Kernels.tanh(x, x, 3);
    assertEquals(Math.tanh(3), x[2], 1e-6);
    float[] big = {1000f, 1000f, -1000f};
    assertEquals(1000 + Math.log(2), Kernels.logSumExp(big, 0, 3), 1e-4);
    assertEquals(Float.NEGATIVE_INFINITY, Kernels.logSumExp(new float[] {Float.NEGATIVE_INFINITY}, 0, 1), 0);
  }

  @Test
  void activationsAndTheirDerivativesThroughTheOutput() {
    float[] a = {-2f, -0.5f, 0.3f, 1.7f, 4f};
    for (Activation f : Activation.values()) {
      float[] y = a.clone();
      f.biasForward(y, 1, a.length, new float[a.length]);
      float[] g = {1, 1, 1, 1, 1}, d = new float[a.length];
      f.backward(g, y, d, a.length);
      for (int i = 0; i < a.length; i++) {
        double h = 1e-3;
        double num = (f.apply((float) (a[i] + h)) - f.apply((float) (a[i] - h))) / (2 * h);
        assertEquals(num, d[i], 2e-3, f + "'(" + a[i] + ")");
      }
    }
  }
}
