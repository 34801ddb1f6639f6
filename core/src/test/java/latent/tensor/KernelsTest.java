package latent.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The vectorized functions against java.lang.Math in double, over their whole useful range. */
class KernelsTest {
  /** Lanes of the kernels' vectors: 8 or 16 ({@link VectorWidth}). */
  private static final int LANES = Kernels.S.length();

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
    Kernels.tanh(x, y, 0, x.length);
    check("tanh", y, x, Math::tanh, 4e-7, 1e-30);
    Kernels.sigmoid(x, y, 0, x.length);
    check("sigmoid", y, x, v -> 1 / (1 + Math.exp(-v)), 4e-7, 1e-30);
    Kernels.softplus(x, y, 0, x.length);
    check("softplus", y, x, v -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))), 4e-7, 1e-30);
    float[] small = new float[x.length];
    for (int i = 0; i < x.length; i++) small[i] = Math.max(-80f, Math.min(80f, x[i]));
    Kernels.exp(small, y, 0, x.length);
    check("exp", y, small, Math::exp, 4e-7, 1e-30);
  }

  @Test
  void expOverItsWholeRangeAndAtTheEdges() {
    // 2^20 + 8 points from −87.33 to 88.72 (normal results): relative error at most 1.2e-7
    int n = (1 << 20) + 8;
    float[] x = new float[n], y = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) (-87.33 + (88.72 + 87.33) * i / (n - 1));
    Kernels.exp(x, y, 0, n);
    for (int i = 0; i < n; i++) assertEquals(Math.exp(x[i]), y[i], 1.2e-7 * Math.exp(x[i]), "exp(" + x[i] + ")");
    float[] edge = {-200f, -103.98f, -100f, -90f, 88.73f, 100f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
    float[] out = new float[edge.length];
    Kernels.exp(edge, out, 0, edge.length);
    assertEquals(0f, out[0]);
    assertEquals(0f, out[1]);
    assertEquals(Math.exp(-100), out[2], Float.MIN_VALUE);   // subnormal: within the spacing of floats there
    assertEquals(Math.exp(-90), out[3], 1e-3 * Math.exp(-90));
    for (int i = 4; i <= 6; i++) assertEquals(Float.POSITIVE_INFINITY, out[i]);
    assertEquals(0f, out[7]);
    assertTrue(Float.isNaN(out[8]));
  }

  /** relu's derivative passes g where y is NaN, in the vector lanes and in the scalar tail alike (a split may fall anywhere). */
  @Test
  void reluGradTreatsNaNTheSameInEveryLane() {
    int n = LANES + 3;
    float[] y = new float[n], g = new float[n], d = new float[n];
    java.util.Arrays.fill(y, Float.NaN);
    for (int i = 0; i < n; i++) g[i] = i + 1;
    Kernels.reluGrad(g, y, d, 0, n);
    for (int i = 0; i < n; i++) assertEquals(g[i], d[i], "lane " + i);
  }

  @Test
  void log1pUnitWithinItsStatedErrorOnAllOfZeroToOne() {
    // 2^20 evenly spaced points plus the smallest normal floats: relative error at most 2.1e-7
    int n = 1 << 20;
    float[] u = new float[n + 16];
    for (int i = 0; i < n; i++) u[i] = (i + 1) / (float) n;
    for (int i = 0; i < 16; i++) u[n + i] = Float.MIN_NORMAL * (1 << i);
    for (int i = 0; i < u.length; i += LANES) {
      float[] got = Kernels.log1pUnit(jdk.incubator.vector.FloatVector.fromArray(Kernels.S, u, i)).toArray();
      for (int q = 0; q < LANES; q++) {
        double want = Math.log1p(u[i + q]);
        assertEquals(want, got[q], 2.1e-7 * want, "log1p(" + u[i + q] + ")");
      }
    }
  }

  @Test
  void tanhOnADenseGridAndAtTheEnds() {
    // 2^20 points in ±50 (past ±43.5 its exp is clamped at e^−87): relative error at most 4e-7
    int n = 1 << 20;
    float[] x = new float[n], y = new float[n];
    for (int i = 0; i < n; i++) x[i] = -50f + 100f * i / (n - 1);
    Kernels.tanh(x, y, 0, n);
    for (int i = 0; i < n; i++) assertEquals(Math.tanh(x[i]), y[i], 4e-7 * Math.abs(Math.tanh(x[i])) + 1e-30, "tanh(" + x[i] + ")");
    float[] edge = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -1e30f, 43.5f, -44f, Float.MIN_VALUE, Float.NaN};
    float[] out = new float[edge.length];
    Kernels.tanh(edge, out, 0, edge.length);
    float[] want = {1f, -1f, 1f, -1f, 1f, -1f, Float.MIN_VALUE};
    for (int i = 0; i < want.length; i++) assertEquals(want[i], out[i], "tanh(" + edge[i] + ")");
    assertTrue(Float.isNaN(out[7]));
  }

  @Test
  void expAboveMinus87MatchesExpDownToItsFloor() {
    // 2^20 points from −87 to 0: relative error at most 1.2e-7; below −87, and at −∞, e^−87
    int n = 1 << 20;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = -87f * i / (n - 1);
    for (int i = 0; i < n; i += LANES) {
      float[] got = Kernels.expAboveMinus87(jdk.incubator.vector.FloatVector.fromArray(Kernels.S, x, i)).toArray();
      for (int q = 0; q < LANES; q++) assertEquals(Math.exp(x[i + q]), got[q], 1.2e-7 * Math.exp(x[i + q]), "exp(" + x[i + q] + ")");
    }
    float[] edge = {-87.5f, -200f, Float.NEGATIVE_INFINITY, Float.NaN, 0f, -0f, -1e-30f, -87f};
    float[] got = Kernels.expAboveMinus87(jdk.incubator.vector.FloatVector.fromArray(Kernels.S, java.util.Arrays.copyOf(edge, LANES), 0)).toArray();
    for (int q = 0; q < 3; q++) assertEquals(Math.exp(-87), got[q], 1.2e-7 * Math.exp(-87));
    assertTrue(Float.isNaN(got[3]));
    for (int q = 4; q < 7; q++) assertEquals(1f, got[q]);
  }

  @Test
  void logAtLeastOneFromOneToTwoToThe127() {
    // 2^20 points, log-spaced from 1 to 2^127, plus the ends: absolute error at most 2.1e-7 · max(1, log p)
    int n = 1 << 20;
    float[] p = new float[n + 16];
    for (int i = 0; i < n; i++) p[i] = (float) Math.exp(127 * Math.log(2) * i / (n - 1));
    float[] ends = {1f, Math.nextUp(1f), 2f, Math.nextDown(2f), 3f, 0x1p127f, Float.MAX_VALUE, 1.5f};
    System.arraycopy(ends, 0, p, n, 8);
    System.arraycopy(ends, 0, p, n + 8, 8);
    for (int i = 0; i < p.length; i += LANES) {
      float[] got = Kernels.logAtLeastOne(jdk.incubator.vector.FloatVector.fromArray(Kernels.S, p, i)).toArray();
      for (int q = 0; q < LANES; q++) {
        double want = Math.log(p[i + q]);
        assertEquals(want, got[q], 2.1e-7 * Math.max(1, want), "log(" + p[i + q] + ")");
      }
    }
  }

  /** A pass split over threads gives the bits of one pass: 100,003 elements, so the split falls mid-vector. */
  @Test
  void activationsSplitOverThreadsEqualOnePass() {
    int n = 100_003;
    float[] a = new float[n], g = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (6 * Math.sin(0.37 * i));
      g[i] = (float) Math.cos(0.11 * i);
    }
    int before = Parallel.threads();
    try {
      for (Activation f : Activation.values()) {
        float[][] y = new float[3][], d = new float[3][];
        for (int threads = 1; threads <= 3; threads++) {
          Parallel.setThreads(threads);
          y[threads - 1] = a.clone();
          f.forward(y[threads - 1], n);
          d[threads - 1] = new float[n];
          f.backward(g, y[threads - 1], d[threads - 1], n);
        }
        for (int t = 1; t < 3; t++) {
          org.junit.jupiter.api.Assertions.assertArrayEquals(y[0], y[t], 0f, f + " forward, " + (t + 1) + " threads");
          org.junit.jupiter.api.Assertions.assertArrayEquals(d[0], d[t], 0f, f + " backward, " + (t + 1) + " threads");
        }
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  /**
   * Column sums add each column in row order, from dst's value (β = 1) or from 0 without reading
   * dst (β = 0), on any thread count: 300 × 203 values, enough to split over the threads, with
   * columns past multiples of 4 × 16 whole or split, so every loop of the kernel runs at either width.
   */
  @Test
  void columnSumsAddEachColumnInRowOrderOnAnyThreadCount() {
    int rows = 300, cols = 203;
    float[] src = new float[rows * cols], start = new float[cols];
    for (int i = 0; i < src.length; i++) src[i] = (float) (Math.sin(0.37 * i) * Math.exp(3 * Math.cos(0.05 * i)));
    for (int j = 0; j < cols; j++) start[j] = (float) (100 * Math.cos(j));
    int before = Parallel.threads();
    try {
      for (int threads = 1; threads <= 3; threads++) {
        Parallel.setThreads(threads);
        for (float beta : new float[] {0f, 1f}) {
          float[] dst = beta == 0f ? new float[cols] : start.clone();
          if (beta == 0f) java.util.Arrays.fill(dst, Float.NaN);   // must not be read
          Kernels.addColumnSums(src, rows, cols, beta, dst);
          for (int j = 0; j < cols; j++) {
            float want = beta == 0f ? 0f : start[j];
            for (int i = 0; i < rows; i++) want += src[i * cols + j];
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(dst[j]), "column " + j + ", β = " + beta + ", " + threads + " threads");
          }
        }
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void inPlaceAndLogSumExp() {
    float[] x = {1f, 2f, 3f};
    Kernels.tanh(x, x, 0, 3);
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
      f.forward(y, a.length);
      float[] g = {1, 1, 1, 1, 1}, d = new float[a.length];
      f.backward(g, y, d, a.length);
      for (int i = 0; i < a.length; i++) {
        double h = 1e-3;
        double num = (f.apply((float) (a[i] + h)) - f.apply((float) (a[i] - h))) / (2 * h);
        assertEquals(num, d[i], 2e-3, f + "'(" + a[i] + ")");
      }
    }
  }

  /**
   * {@link Kernels#sumLanes} adds in its documented order (16 lanes as two halves first, then
   * pairs, then pairs of pairs), at the machine's width: 1,000 vectors of values spread over
   * eight decades, whose float sums depend on the order.
   */
  @Test
  void sumLanesAddsInItsFixedOrder() {
    var species = VectorWidth.FLOATS;
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    float[] x = new float[species.length()];
    for (int trial = 0; trial < 1000; trial++) {
      for (int i = 0; i < x.length; i++) x[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(8)));
      float[] l = x.clone();
      if (l.length == 16) for (int i = 0; i < 8; i++) l[i] += l[i + 8];
      float expected = ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
      float got = Kernels.sumLanes(jdk.incubator.vector.FloatVector.fromArray(species, x, 0));
      assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(got), "vector " + trial + ": " + java.util.Arrays.toString(x));
    }
  }
}
