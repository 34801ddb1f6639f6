package latent.distributions;

import java.util.random.RandomGenerator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.tensor.Kernels;
import latent.tensor.Parallel;
import latent.tensor.Tensor;

/**
 * Independent Bernoulli variables per row with {@code logits} l = log(p / (1 − p)),
 * {@code [n, d]}; the decoder for binary data.
 *
 * <pre>
 *   logProb:  log p(x) = Σ_j [ x_j l_j − softplus(l_j) ]      (= Σ_j x_j log p_j + (1 − x_j) log(1 − p_j))
 *   gradient: ∂l_j = g (x_j − σ(l_j))
 * </pre>
 *
 * softplus(l) = max(l, 0) + log(1 + e^(−|l|)) never overflows, so logits of any size are
 * exact where the probability form would take log 0. Also valid for x in [0, 1] (the
 * "continuous Bernoulli" cross-entropy without its normaliser).
 */
public final class Bernoulli implements Observation {
  private static final VectorSpecies<Float> S = latent.tensor.VectorWidth.FLOATS;
  private static final FloatVector ZERO = FloatVector.zero(S);

  public final Var logits;

  public Bernoulli(Var logits) {
    this.logits = logits;
  }

  /** p = σ(l), without gradient. */
  @Override
  public Tensor mean() {
    Tensor p = Tensor.zeros(logits.rows(), logits.cols());
    Kernels.sigmoid(logits.value.data, p.data, 0, p.size());
    return p;
  }

  @Override
  public Tensor sample(RandomGenerator rng) {
    Tensor p = mean();
    for (int i = 0; i < p.size(); i++) p.data[i] = rng.nextFloat() < p.data[i] ? 1f : 0f;
    return p;
  }

  @Override
  public Var logProb(Tensor x) {
    int k = Observation.samplesPerRow(logits.value, x);
    Tape tape = logits.tape();
    int n = logits.rows(), d = x.cols;
    float[] l = logits.value.data, xs = x.data;
    Tensor out = tape.alloc(n, 1);
    Parallel.forRange(n, (long) n * d, (from, to) -> logProbRows(l, xs, out.data, d, k, from, to));
    return tape.record(out, g -> {
      boolean add = logits.writeBeta() != 0f;   // else the first gradient to reach the logits: stored
      float[] gl = logits.grad().data;
      Parallel.forRange(n, (long) n * d, (from, to) -> addGradRows(l, xs, g.data, gl, add, d, k, from, to));
    }, logits);
  }

  /**
   * Columns a lane of {@link #logProbGroup} takes in turn: its sums run over 16 lanes, one
   * 512-bit vector or two 256-bit ones (the second for columns 8 to 15 of each block), so both
   * widths add the same numbers in the same order.
   */
  private static final int BLOCK = latent.tensor.VectorWidth.LANES_512;
  /**
   * Columns per group of {@link #logProbGroup}: a lane multiplies at most 120 factors of at most
   * 2, so its product stays below 2¹²⁰, inside the float range.
   */
  private static final int GROUP = 120 * BLOCK;
  /** Whether a block takes two vectors (256 bits) rather than one. */
  private static final boolean HALVES = S.length() < BLOCK;

  /** out[i] = Σ_j x_j l_ij − softplus(l_ij) for rows i in [from, to), x the row i / k of xs. */
  private static void logProbRows(float[] l, float[] xs, float[] out, int d, int k, int from, int to) {
    for (int i = from; i < to; i++) {
      int row = i * d, xRow = i / k * d;
      float sum = 0f;
      for (int j = 0; j < d; j += GROUP) sum += logProbGroup(l, xs, row + j, xRow + j, Math.min(GROUP, d - j));
      out[i] = sum;
    }
  }

  /**
   * Σ_j x_j l_j − softplus(l_j) over n ≤ {@link #GROUP} columns, with the softplus sum taken as
   * one logarithm of a product:
   *
   * <pre>
   *   Σ_j softplus(l_j) = Σ_j max(l_j, 0) + log Π_j (1 + e^(−|l_j|)),   each factor in [1, 2]
   * </pre>
   *
   * so a column costs an exp and a multiply-add instead of an exp and a log (half the time of
   * a softplus each). A factor rounds 1 + e to float where log1p would keep a tiny e: at most
   * 6e-8 nats per column, below the rounding of the sum itself. Lane c of the sums takes the
   * columns c, c + 16, c + 32, ... ({@link #BLOCK}); the lanes' sums are added at the end
   * ({@link Kernels#sumLanes}).
   */
  private static float logProbGroup(float[] l, float[] xs, int row, int xRow, int n) {
    // the loop's vectors start from zero() and broadcast(), not from static constants: a loop
    // variable that starts as a constant object is boxed on every iteration (measured: 2x slower)
    FloatVector acc = FloatVector.zero(S), product = FloatVector.broadcast(S, 1f);
    FloatVector accHi = acc, productHi = product;   // columns 8 to 15 of each block, on 256 bits
    int j = 0;
    for (; j <= n - BLOCK; j += BLOCK) {
      FloatVector lv = FloatVector.fromArray(S, l, row + j);
      product = product.fma(Kernels.expAboveMinus87(lv.abs().neg()), product);
      acc = FloatVector.fromArray(S, xs, xRow + j).fma(lv, acc).sub(lv.max(ZERO));
      if (HALVES) {
        FloatVector hv = FloatVector.fromArray(S, l, row + j + S.length());
        productHi = productHi.fma(Kernels.expAboveMinus87(hv.abs().neg()), productHi);
        accHi = FloatVector.fromArray(S, xs, xRow + j + S.length()).fma(hv, accHi).sub(hv.max(ZERO));
      }
    }
    for (int h = j; h < n; h += S.length()) {   // under 16 columns left, masked: the first vector's to acc, a second's to accHi
      var m = S.indexInRange(h, n);
      FloatVector lv = FloatVector.fromArray(S, l, row + h, m);
      FloatVector e = Kernels.expAboveMinus87(lv.abs().neg()).blend(0f, m.not());
      FloatVector x = FloatVector.fromArray(S, xs, xRow + h, m);
      if (h == j) {
        product = product.fma(e, product);
        acc = x.fma(lv, acc).sub(lv.max(ZERO));
      } else {
        productHi = productHi.fma(e, productHi);
        accHi = x.fma(lv, accHi).sub(lv.max(ZERO));
      }
    }
    FloatVector sum = acc.sub(Kernels.logAtLeastOne(product));
    if (HALVES) sum = sum.add(accHi.sub(Kernels.logAtLeastOne(productHi)));
    return Kernels.sumLanes(sum);
  }

  /** ∂l_ij += g_i (x_j − σ(l_ij)) for rows i in [from, to). */
  private static void addGradRows(float[] l, float[] xs, float[] g, float[] gl, boolean add, int d, int k, int from, int to) {
    for (int i = from; i < to; i++) {
      int row = i * d, xRow = i / k * d;
      FloatVector gi = FloatVector.broadcast(S, g[i]);
      int j = 0;
      for (; j < S.loopBound(d); j += S.length()) {
        FloatVector sig = Kernels.sigmoid(FloatVector.fromArray(S, l, row + j));
        FloatVector delta = FloatVector.fromArray(S, xs, xRow + j).sub(sig).mul(gi);
        (add ? FloatVector.fromArray(S, gl, row + j) : ZERO).add(delta).intoArray(gl, row + j);   // 0 + δ: the bits of an add to zeros
      }
      if (j < d) {
        var m = S.indexInRange(j, d);
        FloatVector sig = Kernels.sigmoid(FloatVector.fromArray(S, l, row + j, m));
        FloatVector delta = FloatVector.fromArray(S, xs, xRow + j, m).sub(sig).mul(gi);
        (add ? FloatVector.fromArray(S, gl, row + j, m) : ZERO).add(delta).intoArray(gl, row + j, m);
      }
    }
  }
}
