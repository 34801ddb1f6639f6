package latent.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized elementwise functions on float arrays. Each has a vector form (8 lanes, used by
 * the fused kernels) and an array form {@code f(x, y, n)}: {@code y[i] = f(x[i])} for
 * {@code i < n}, in place when {@code x == y}. The last partial vector is handled with a mask,
 * so every element goes through the same arithmetic wherever it sits.
 *
 * <p>The array forms are written out one by one on purpose: a shared loop taking the function
 * as a lambda becomes a megamorphic call once several functions go through it, and the JIT
 * then boxes every vector (measured: exp three times slower).
 *
 * <p>Only {@code exp} comes from the JDK (an intrinsic); {@code tanh} and {@code log1p} are
 * built on it here because the JDK's vector {@code TANH} and {@code LOG1P} run several times
 * slower on this hardware.
 */
public final class Kernels {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
  private static final FloatVector TWO = FloatVector.broadcast(S, 2f);
  private static final FloatVector ZERO = FloatVector.zero(S);

  private Kernels() {}

  /** The mask for lanes {@code i .. min(i+8, n)-1}. */
  static VectorMask<Float> tail(int i, int n) {
    return S.indexInRange(i, n);
  }

  public static FloatVector exp(FloatVector x) {
    return x.lanewise(VectorOperators.EXP);
  }

  /**
   * tanh x = sign(x) · (1 − e) / (1 + e), e = exp(−2|x|); below |x| = 0.04 the series
   * x (1 − x²/3 + 2x⁴/15), whose next term is under 1e-9 relative there.
   */
  public static FloatVector tanh(FloatVector x) {
    FloatVector ax = x.abs();
    FloatVector e = exp(ax.mul(-2f));
    FloatVector t = ONE.sub(e).div(ONE.add(e));
    t = t.blend(t.neg(), x.lt(0f));
    FloatVector x2 = x.mul(x);
    FloatVector series = x.mul(x2.mul(2f / 15f).sub(1f / 3f).mul(x2).add(1f));
    return t.blend(series, ax.lt(0.04f));
  }

  /** σ(x) = 1 / (1 + exp(−x)); exp overflows to +∞ for x below −88, giving exactly 0. */
  public static FloatVector sigmoid(FloatVector x) {
    return ONE.div(ONE.add(exp(x.neg())));
  }

  /**
   * log(1 + u) for u in [0, 1]: 2 atanh(s) = 2 Σ_n s^(2n+1) / (2n+1), s = u / (2 + u) ≤ 1/3;
   * eight terms leave a relative error below 3e-9.
   */
  public static FloatVector log1pUnit(FloatVector u) {
    FloatVector s = u.div(TWO.add(u));
    FloatVector s2 = s.mul(s);
    FloatVector p = s2.mul(1f / 15f).add(1f / 13f);
    p = p.mul(s2).add(1f / 11f);
    p = p.mul(s2).add(1f / 9f);
    p = p.mul(s2).add(1f / 7f);
    p = p.mul(s2).add(1f / 5f);
    p = p.mul(s2).add(1f / 3f);
    p = p.mul(s2).add(1f);
    return s.mul(p).mul(2f);
  }

  /** softplus x = log(1 + eˣ) = max(x, 0) + log(1 + exp(−|x|)), stable for any x. */
  public static FloatVector softplus(FloatVector x) {
    return x.max(ZERO).add(log1pUnit(exp(x.abs().neg())));
  }

  public static FloatVector relu(FloatVector x) {
    return x.max(ZERO);
  }

  public static void exp(float[] x, float[] y, int n) {
    int i = 0;
    for (; i < S.loopBound(n); i += S.length()) exp(FloatVector.fromArray(S, x, i)).intoArray(y, i);
    if (i < n) {
      var m = tail(i, n);
      exp(FloatVector.fromArray(S, x, i, m)).intoArray(y, i, m);
    }
  }

  public static void tanh(float[] x, float[] y, int n) {
    int i = 0;
    for (; i < S.loopBound(n); i += S.length()) tanh(FloatVector.fromArray(S, x, i)).intoArray(y, i);
    if (i < n) {
      var m = tail(i, n);
      tanh(FloatVector.fromArray(S, x, i, m)).intoArray(y, i, m);
    }
  }

  public static void sigmoid(float[] x, float[] y, int n) {
    int i = 0;
    for (; i < S.loopBound(n); i += S.length()) sigmoid(FloatVector.fromArray(S, x, i)).intoArray(y, i);
    if (i < n) {
      var m = tail(i, n);
      sigmoid(FloatVector.fromArray(S, x, i, m)).intoArray(y, i, m);
    }
  }

  public static void softplus(float[] x, float[] y, int n) {
    int i = 0;
    for (; i < S.loopBound(n); i += S.length()) softplus(FloatVector.fromArray(S, x, i)).intoArray(y, i);
    if (i < n) {
      var m = tail(i, n);
      softplus(FloatVector.fromArray(S, x, i, m)).intoArray(y, i, m);
    }
  }

  public static void relu(float[] x, float[] y, int n) {
    int i = 0;
    for (; i < S.loopBound(n); i += S.length()) relu(FloatVector.fromArray(S, x, i)).intoArray(y, i);
    for (; i < n; i++) y[i] = Math.max(x[i], 0f);
  }

  // ---- derivatives through the output y = f(a): d[i] = g[i] · f'(a_i) -------------------

  /** tanh: f'(a) = 1 − y². */
  public static void tanhGrad(float[] g, float[] y, float[] d, int n) {
    int i = 0;
    for (; i < S.loopBound(n); i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, y, i);
      FloatVector.fromArray(S, g, i).mul(ONE.sub(v.mul(v))).intoArray(d, i);
    }
    for (; i < n; i++) d[i] = g[i] * (1f - y[i] * y[i]);
  }

  /** sigmoid: f'(a) = y (1 − y). */
  public static void sigmoidGrad(float[] g, float[] y, float[] d, int n) {
    int i = 0;
    for (; i < S.loopBound(n); i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, y, i);
      FloatVector.fromArray(S, g, i).mul(v.mul(ONE.sub(v))).intoArray(d, i);
    }
    for (; i < n; i++) d[i] = g[i] * y[i] * (1f - y[i]);
  }

  /** softplus: f'(a) = σ(a) = 1 − e^(−y). */
  public static void softplusGrad(float[] g, float[] y, float[] d, int n) {
    int i = 0;
    for (; i < S.loopBound(n); i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, y, i);
      FloatVector.fromArray(S, g, i).mul(ONE.sub(exp(v.neg()))).intoArray(d, i);
    }
    for (; i < n; i++) d[i] = g[i] * (1f - (float) Math.exp(-y[i]));
  }

  /** relu: f'(a) = [y > 0]. */
  public static void reluGrad(float[] g, float[] y, float[] d, int n) {
    int i = 0;
    for (; i < S.loopBound(n); i += S.length()) {
      FloatVector.fromArray(S, g, i).blend(0f, FloatVector.fromArray(S, y, i).compare(VectorOperators.LE, 0f)).intoArray(d, i);
    }
    for (; i < n; i++) d[i] = y[i] > 0f ? g[i] : 0f;
  }

  /** {@code y[i, j] += bias[j]} over a {@code [rows, cols]} array. */
  public static void addBias(float[] y, int rows, int cols, float[] bias) {
    for (int r = 0; r < rows; r++) {
      int row = r * cols;
      int j = 0;
      for (; j < S.loopBound(cols); j += S.length()) {
        FloatVector.fromArray(S, y, row + j).add(FloatVector.fromArray(S, bias, j)).intoArray(y, row + j);
      }
      for (; j < cols; j++) y[row + j] += bias[j];
    }
  }

  /** log Σ_j exp(x_j) over {@code x[off .. off+n)}, shifted by the maximum so nothing overflows. */
  public static double logSumExp(float[] x, int off, int n) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) max = Math.max(max, x[off + j]);
    if (max == Float.NEGATIVE_INFINITY || Float.isNaN(max)) return max;
    if (max == Float.POSITIVE_INFINITY) return max;
    double s = 0;
    for (int j = 0; j < n; j++) s += Math.exp(x[off + j] - max);
    return max + Math.log(s);
  }

  /** {@code dst[j] += Σ_i src[i, j]}: the column sums of a {@code [rows, cols]} array. */
  public static void addColumnSums(float[] src, int rows, int cols, float[] dst) {
    for (int i = 0; i < rows; i++) {
      int row = i * cols;
      int j = 0;
      for (; j < S.loopBound(cols); j += S.length()) {
        FloatVector.fromArray(S, dst, j).add(FloatVector.fromArray(S, src, row + j)).intoArray(dst, j);
      }
      for (; j < cols; j++) dst[j] += src[row + j];
    }
  }

  /** {@code y[i] += a · x[i]}. */
  public static void axpy(float a, float[] x, float[] y, int n) {
    int i = 0;
    for (; i < S.loopBound(n); i += S.length()) {
      FloatVector.fromArray(S, x, i).fma(FloatVector.broadcast(S, a), FloatVector.fromArray(S, y, i)).intoArray(y, i);
    }
    for (; i < n; i++) y[i] += a * x[i];
  }
}
