package latent.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized elementwise functions on float arrays. Each has a vector form (of
 * {@link VectorWidth#FLOATS}, used by the fused kernels) and an array form
 * {@code f(x, y, from, to)}: {@code y[i] = f(x[i])} for {@code from ≤ i < to}, in place when
 * {@code x == y}. The last partial vector is handled with a mask (or scalar code doing exactly
 * the vector's arithmetic), so every element gets the same bits wherever it sits, however a
 * pass is split over threads and whatever the vector width.
 *
 * <p>The array forms are written out one by one on purpose: a shared loop taking the function
 * as a lambda becomes a megamorphic call once several functions go through it, and the JIT
 * then boxes every vector (measured: exp three times slower).
 *
 * <p>{@code exp} is written here (see its note on reproducibility), and {@code tanh} and
 * {@code log1p} are built on it and on polynomials, because the JDK's vector {@code TANH} and
 * {@code LOG1P} run several times slower on this hardware.
 */
public final class Kernels {
  static final VectorSpecies<Float> S = VectorWidth.FLOATS;
  private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
  private static final FloatVector ZERO = FloatVector.zero(S);

  private Kernels() {}

  /** The mask for lanes {@code i .. min(i+8, n)-1}. */
  static VectorMask<Float> tail(int i, int n) {
    return S.indexInRange(i, n);
  }

  private static final FloatVector MAGIC = FloatVector.broadcast(S, 0x1.8p23f);   // 1.5 · 2^23
  private static final int MAGIC_BITS = Float.floatToRawIntBits(0x1.8p23f);

  /**
   * eˣ by Cody and Waite's reduction: n = round(x / ln 2), r = x − n ln 2 in two parts (so r is
   * exact), e^r = 1 + r + r² P(r) with Cephes's degree-5 P on |r| ≤ ln 2 / 2, times 2ⁿ built
   * in the exponent bits. Relative error below 1.2e-7 for normal results (KernelsTest);
   * subnormal below −87.34, 0 below −103.97, +∞ above 88.72, NaN for NaN.
   *
   * <p>Written out rather than taken from {@code lanewise(EXP)}: the JDK computes that with an
   * intrinsic in compiled code and with {@code Math.exp} before compilation, and the two differ
   * in the last bit now and then, so the same step could give different numbers depending on
   * when the JIT got to it. Built from adds, multiplies and fused multiply-adds, which round
   * the same in both, this one is reproducible to the bit.
   */
  public static FloatVector exp(FloatVector x) {
    FloatVector e = expInRange(x);
    e = e.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, 88.72283f));
    return e.blend(0f, x.compare(VectorOperators.LT, -103.97208f));
  }

  /** {@link #exp} for x ≤ 0 (or NaN), which cannot overflow: one comparison fewer. */
  static FloatVector expNonPositive(FloatVector x) {
    return expInRange(x).blend(0f, x.compare(VectorOperators.LT, -103.97208f));
  }

  private static final FloatVector MINUS_87 = FloatVector.broadcast(S, -87f);

  /**
   * e^max(x, −87) for x ≤ 0 (or NaN): {@link #exp} where results below e^−87 ≈ 1.6e−38 do not
   * matter, as in 1 + eˣ. Every result is a normal number, so 2ⁿ is one factor built in the
   * exponent bits; 10% faster than {@link #expNonPositive} in the Bernoulli log-density, 17%
   * in tanh, whose results did not change (every 97th float in ±100 compared).
   */
  public static FloatVector expAboveMinus87(FloatVector x) {
    x = x.max(MINUS_87);
    FloatVector t = x.fma(LOG2E, MAGIC);
    return expPolynomial(x, t).mul(t.reinterpretAsInts().sub(MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
  }

  private static final FloatVector LOG2E = FloatVector.broadcast(S, 1.44269504088896341f);
  private static final FloatVector LN2_HI = FloatVector.broadcast(S, -0.693359375f);
  private static final FloatVector LN2_LO = FloatVector.broadcast(S, 2.12194440e-4f);
  private static final FloatVector E5 = FloatVector.broadcast(S, 1.9875691500e-4f);
  private static final FloatVector E4 = FloatVector.broadcast(S, 1.3981999507e-3f);
  private static final FloatVector E3 = FloatVector.broadcast(S, 8.3334519073e-3f);
  private static final FloatVector E2 = FloatVector.broadcast(S, 4.1665795894e-2f);
  private static final FloatVector E1 = FloatVector.broadcast(S, 1.6666665459e-1f);
  private static final FloatVector E0 = FloatVector.broadcast(S, 5.0000001201e-1f);

  /** eˣ without the checks at the ends of the range (the constants are hoisted vectors: C2 kept re-broadcasting scalars). */
  private static FloatVector expInRange(FloatVector x) {
    FloatVector t = x.fma(LOG2E, MAGIC);   // the low bits of t hold n
    FloatVector p = expPolynomial(x, t);
    // 2ⁿ = 2^⌊n/2⌋ · 2^(n − ⌊n/2⌋), each factor built in the exponent bits, so that results down
    // in the subnormal range come out right too
    IntVector n1 = t.reinterpretAsInts().sub(MAGIC_BITS);
    IntVector half = n1.lanewise(VectorOperators.ASHR, 1);
    FloatVector s1 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    FloatVector s2 = n1.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return p.mul(s1).mul(s2);
  }

  /** e^r for r = x − n ln 2, n = round(x / ln 2) held in the low bits of {@code t} = x log2(e) + 1.5 · 2²³. */
  private static FloatVector expPolynomial(FloatVector x, FloatVector t) {
    FloatVector n = t.sub(MAGIC);
    FloatVector r = n.fma(LN2_HI, x);
    r = n.fma(LN2_LO, r);
    FloatVector p = r.fma(E5, E4);
    p = p.fma(r, E3);
    p = p.fma(r, E2);
    p = p.fma(r, E1);
    p = p.fma(r, E0);
    return p.fma(r.mul(r), r).add(ONE);
  }

  /**
   * tanh x = sign(x) · (1 − e) / (1 + e), e = exp(−2|x|); below |x| = 0.04 the series
   * x (1 − x²/3 + 2x⁴/15), whose next term is under 1e-9 relative there.
   */
  public static FloatVector tanh(FloatVector x) {
    FloatVector ax = x.abs();
    FloatVector e = expAboveMinus87(ax.mul(-2f));   // past |x| = 43.5, 1 ± e rounds to 1 either way
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
   * log(1 + u) for u in [0, 1] as u · P(u), P of degree 8 fitted to log(1 + u) / u by least
   * squares on the relative error at Chebyshev nodes. Relative error at most 2.1e-7 in float
   * arithmetic (checked in KernelsTest); Horner's rule with no division, which made softplus
   * a quarter faster than the atanh series it replaced.
   */
  public static FloatVector log1pUnit(FloatVector u) {
    FloatVector p = u.fma(L8, L7);
    p = p.fma(u, L6);
    p = p.fma(u, L5);
    p = p.fma(u, L4);
    p = p.fma(u, L3);
    p = p.fma(u, L2);
    p = p.fma(u, L1);
    p = p.fma(u, L0);
    return p.mul(u);
  }

  private static final FloatVector L8 = FloatVector.broadcast(S, 0.00510542008f);
  private static final FloatVector L7 = FloatVector.broadcast(S, -0.02899029899f);
  private static final FloatVector L6 = FloatVector.broadcast(S, 0.07737795350f);
  private static final FloatVector L5 = FloatVector.broadcast(S, -0.13590352195f);
  private static final FloatVector L4 = FloatVector.broadcast(S, 0.19071183870f);
  private static final FloatVector L3 = FloatVector.broadcast(S, -0.24833909333f);
  private static final FloatVector L2 = FloatVector.broadcast(S, 0.33317928817f);
  private static final FloatVector L1 = FloatVector.broadcast(S, -0.49999435313f);
  private static final FloatVector L0 = FloatVector.broadcast(S, 0.99999996508f);

  private static final FloatVector LN2 = FloatVector.broadcast(S, 0.693147180559945f);

  /**
   * log p for 1 ≤ p < 2¹²⁸ (finite, normal): p = 2ᵉ m with m in [1, 2) read from the bits, so
   * log p = e ln 2 + log(1 + (m − 1)) by {@link #log1pUnit}.
   */
  public static FloatVector logAtLeastOne(FloatVector p) {
    IntVector bits = p.reinterpretAsInts();
    FloatVector e = (FloatVector) bits.lanewise(VectorOperators.LSHR, 23).sub(127).convert(VectorOperators.I2F, 0);
    FloatVector m = bits.and(0x7FFFFF).or(0x3F800000).reinterpretAsFloats();
    return e.fma(LN2, log1pUnit(m.sub(ONE)));
  }

  /** softplus x = log(1 + eˣ) = max(x, 0) + log(1 + exp(−|x|)), stable for any x. */
  public static FloatVector softplus(FloatVector x) {
    return x.max(ZERO).add(log1pUnit(expNonPositive(x.abs().neg())));
  }

  /**
   * The sum of the lanes in a fixed pairwise order; 16 lanes as two 8-lane vectors added first,
   * so a sum kept in one 512-bit vector or in two of 256 bits comes out the same. Not
   * {@code reduceLanes(ADD)}: compiled, the JDK adds the lanes in a different order than before
   * compilation, so results would depend on when the JIT got to the caller.
   */
  public static float sumLanes(FloatVector v) {
    // lane by lane rather than through toArray(), whose array C2 did not remove: 64 bytes of
    // garbage for each row of the Bernoulli log-density (128 a pytorch-example step)
    boolean wide = v.length() == 16;   // as two 8-lane vectors added first
    float l0 = lane(v, 0, wide), l1 = lane(v, 1, wide), l2 = lane(v, 2, wide), l3 = lane(v, 3, wide);
    float l4 = lane(v, 4, wide), l5 = lane(v, 5, wide), l6 = lane(v, 6, wide), l7 = lane(v, 7, wide);
    return ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7));
  }

  /** Lane i of v, plus lane i + 8 when {@code wide}. */
  private static float lane(FloatVector v, int i, boolean wide) {
    return wide ? v.lane(i) + v.lane(i + 8) : v.lane(i);
  }

  public static FloatVector relu(FloatVector x) {
    return x.max(ZERO);
  }

  public static void exp(float[] x, float[] y, int from, int to) {
    int i = from;
    for (; i <= to - S.length(); i += S.length()) exp(FloatVector.fromArray(S, x, i)).intoArray(y, i);
    if (i < to) {
      var m = tail(i, to);
      exp(FloatVector.fromArray(S, x, i, m)).intoArray(y, i, m);
    }
  }

  public static void tanh(float[] x, float[] y, int from, int to) {
    int i = from;
    for (; i <= to - S.length(); i += S.length()) tanh(FloatVector.fromArray(S, x, i)).intoArray(y, i);
    if (i < to) {
      var m = tail(i, to);
      tanh(FloatVector.fromArray(S, x, i, m)).intoArray(y, i, m);
    }
  }

  public static void sigmoid(float[] x, float[] y, int from, int to) {
    int i = from;
    for (; i <= to - S.length(); i += S.length()) sigmoid(FloatVector.fromArray(S, x, i)).intoArray(y, i);
    if (i < to) {
      var m = tail(i, to);
      sigmoid(FloatVector.fromArray(S, x, i, m)).intoArray(y, i, m);
    }
  }

  public static void softplus(float[] x, float[] y, int from, int to) {
    int i = from;
    for (; i <= to - S.length(); i += S.length()) softplus(FloatVector.fromArray(S, x, i)).intoArray(y, i);
    if (i < to) {
      var m = tail(i, to);
      softplus(FloatVector.fromArray(S, x, i, m)).intoArray(y, i, m);
    }
  }

  public static void relu(float[] x, float[] y, int from, int to) {
    int i = from;
    for (; i <= to - S.length(); i += S.length()) relu(FloatVector.fromArray(S, x, i)).intoArray(y, i);
    for (; i < to; i++) y[i] = Math.max(x[i], 0f);
  }

  // ---- derivatives through the output y = f(a): d[i] = g[i] · f'(a_i) -------------------

  /** tanh: f'(a) = 1 − y². */
  public static void tanhGrad(float[] g, float[] y, float[] d, int from, int to) {
    int i = from;
    for (; i <= to - S.length(); i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, y, i);
      FloatVector.fromArray(S, g, i).mul(ONE.sub(v.mul(v))).intoArray(d, i);
    }
    for (; i < to; i++) d[i] = g[i] * (1f - y[i] * y[i]);
  }

  /** sigmoid: f'(a) = y (1 − y). */
  public static void sigmoidGrad(float[] g, float[] y, float[] d, int from, int to) {
    int i = from;
    for (; i <= to - S.length(); i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, y, i);
      FloatVector.fromArray(S, g, i).mul(v.mul(ONE.sub(v))).intoArray(d, i);
    }
    for (; i < to; i++) d[i] = g[i] * (y[i] * (1f - y[i]));   // grouped as the vector code, for the same bits
  }

  /** softplus: f'(a) = σ(a) = 1 − e^(−y). */
  public static void softplusGrad(float[] g, float[] y, float[] d, int from, int to) {
    int i = from;
    for (; i <= to - S.length(); i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, y, i);
      FloatVector.fromArray(S, g, i).mul(ONE.sub(expNonPositive(v.neg()))).intoArray(d, i);
    }
    if (i < to) {
      var m = tail(i, to);
      FloatVector v = FloatVector.fromArray(S, y, i, m);
      FloatVector.fromArray(S, g, i, m).mul(ONE.sub(expNonPositive(v.neg()))).intoArray(d, i, m);
    }
  }

  /** relu: f'(a) = [y > 0]. */
  public static void reluGrad(float[] g, float[] y, float[] d, int from, int to) {
    int i = from;
    for (; i <= to - S.length(); i += S.length()) {
      FloatVector.fromArray(S, g, i).blend(0f, FloatVector.fromArray(S, y, i).compare(VectorOperators.LE, 0f)).intoArray(d, i);
    }
    for (; i < to; i++) d[i] = y[i] <= 0f ? 0f : g[i];   // as the vector code: NaN passes g
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

  /**
   * {@code dst[j] = β dst[j] + Σ_i src[i, j]} for β = 1 or 0: the column sums of a
   * {@code [rows, cols]} array, the columns split over the threads when large (each column still
   * summed in row order, from 0 when β = 0, so that dst need not be zero-filled first).
   */
  public static void addColumnSums(float[] src, int rows, int cols, float beta, float[] dst) {
    int blocks = (cols + S.length() - 1) / S.length();
    boolean add = beta != 0f;
    Parallel.forRange(blocks, (long) rows * cols, (b0, b1) -> addColumnSums(src, rows, cols, add, dst, b0 * S.length(), Math.min(cols, b1 * S.length())));
  }

  /** {@code dst[j] += Σ_i src[i, j]}. */
  public static void addColumnSums(float[] src, int rows, int cols, float[] dst) {
    addColumnSums(src, rows, cols, 1f, dst);
  }

  private static void addColumnSums(float[] src, int rows, int cols, boolean add, float[] dst, int from, int to) {
    // four vectors of columns at a time summed down all the rows in registers, dst written once:
    // two threads' ranges meet inside a cache line of dst, and adding into dst at every row
    // passed that line between the cores a thousand times (1000 × 784 on two threads took 200
    // µs, four times as long as on one)
    int w = S.length(), j = from;
    for (; j <= to - 4 * w; j += 4 * w) {
      FloatVector s0 = start(dst, j, add), s1 = start(dst, j + w, add), s2 = start(dst, j + 2 * w, add), s3 = start(dst, j + 3 * w, add);
      for (int i = 0, at = j; i < rows; i++, at += cols) {
        s0 = s0.add(FloatVector.fromArray(S, src, at));
        s1 = s1.add(FloatVector.fromArray(S, src, at + w));
        s2 = s2.add(FloatVector.fromArray(S, src, at + 2 * w));
        s3 = s3.add(FloatVector.fromArray(S, src, at + 3 * w));
      }
      s0.intoArray(dst, j);
      s1.intoArray(dst, j + w);
      s2.intoArray(dst, j + 2 * w);
      s3.intoArray(dst, j + 3 * w);
    }
    for (; j <= to - w; j += w) {
      FloatVector s0 = start(dst, j, add);
      for (int i = 0, at = j; i < rows; i++, at += cols) s0 = s0.add(FloatVector.fromArray(S, src, at));
      s0.intoArray(dst, j);
    }
    for (; j < to; j++) {
      float s0 = add ? dst[j] : 0f;
      for (int i = 0, at = j; i < rows; i++, at += cols) s0 += src[at];
      dst[j] = s0;
    }
  }

  /** The running column sums' first value: dst's, or 0. */
  private static FloatVector start(float[] dst, int j, boolean add) {
    return add ? FloatVector.fromArray(S, dst, j) : FloatVector.zero(S);
  }

  /** {@code y[i] += a · x[i]}. */
  public static void axpy(float a, float[] x, float[] y, int n) {
    int i = 0;
    for (; i < S.loopBound(n); i += S.length()) {
      FloatVector.fromArray(S, x, i).fma(FloatVector.broadcast(S, a), FloatVector.fromArray(S, y, i)).intoArray(y, i);
    }
    for (; i < n; i++) y[i] = Math.fma(x[i], a, y[i]);   // fused as the vector code, for the same bits
  }
}
