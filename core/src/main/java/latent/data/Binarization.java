package latent.data;

import java.util.Locale;
import java.util.random.RandomGenerator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;

/**
 * How pixel intensities {@code p ∈ [0, 1]} become the data a Bernoulli decoder sees.
 *
 * <ul>
 *   <li>{@link #DYNAMIC}: a fresh draw {@code x ~ Bernoulli(p)} of every pixel each time a
 *       batch is drawn, as Burda, Grosse &amp; Salakhutdinov (2015) did for MNIST; done by
 *       {@link Batches}.
 *   <li>{@link #FIXED}: one draw for the whole dataset with a recorded seed, done once by
 *       {@link #binarizeOnce}; the same seed gives the same binary dataset.
 *   <li>{@link #NONE}: the real values in [0, 1], unchanged (parsed also from {@code "real"}).
 * </ul>
 *
 * <p>Every draw is {@code x = u < p ? 1 : 0} with {@code u} uniform on the 24-bit grid
 * {@code {0, 2⁻²⁴, …, 1 − 2⁻²⁴}} — the same grid as {@code nextFloat()} — so
 * {@code P(x = 1) = ⌈p · 2²⁴⌉ / 2²⁴}, which is {@code p} to within 6·10⁻⁸, exactly 0 for
 * {@code p = 0} and exactly 1 for {@code p = 1}. For speed, one {@code nextLong()} gives two
 * uniforms: bits 63..40 and bits 39..16 (the low 16 bits are dropped). See
 * {@link #sample(float[], int, float[], int, int, RandomGenerator)}.
 */
public enum Binarization {
  DYNAMIC,
  FIXED,
  NONE;

  private static final float TWO_POW_24 = 16_777_216f;
  private static final VectorSpecies<Float> S = latent.tensor.VectorWidth.FLOATS;
  /** The words behind a vector of {@link #S} pixels: half as many lanes, twice as wide. */
  private static final VectorSpecies<Long> WORDS = S.vectorBitSize() == 512 ? LongVector.SPECIES_512 : LongVector.SPECIES_256;
  private static final FloatVector ZERO = FloatVector.zero(S);

  /**
   * Parses {@code "dynamic"}, {@code "fixed"}, {@code "none"} or {@code "real"} (an alias of
   * none), ignoring case and surrounding spaces.
   */
  @com.fasterxml.jackson.annotation.JsonCreator
  public static Binarization parse(String s) {
    String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "dynamic" -> DYNAMIC;
      case "fixed" -> FIXED;
      case "none", "real" -> NONE;
      default -> throw new latent.InvalidSetting("binarization", "expected dynamic, fixed or none (real is an alias of none), got '" + s + "'");
    };
  }

  /** The lowercase name that {@link #parse} accepts (and config.json holds). */
  @com.fasterxml.jackson.annotation.JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * A binary copy of {@code data}: every pixel drawn once from {@code Bernoulli(p)} with
   * {@link Xoshiro256}{@code (seed)}, row by row. Deterministic: the same dataset and seed give
   * the same result. The name gets the suffix {@code "-bin<seed>"}; labels are shared.
   */
  public static Dataset binarizeOnce(Dataset data, long seed) {
    Tensor x = data.x();
    float[] out = new float[x.data.length];
    sample(x.data, 0, out, 0, out.length, new Xoshiro256(seed));
    return new Dataset(data.name() + "-bin" + seed, new Tensor(x.rows, x.cols, out), data.labels());
  }

  /**
   * {@code out[outFrom + k] = u_k < probs[from + k] ? 1 : 0} for {@code k < count}, with
   * {@code u_k} on the 24-bit grid, two per {@code rng.nextLong()} (bits 63..40 then 39..16).
   * The comparison is done on integers: {@code u < p ⇔ c < p · 2²⁴} where {@code c = u · 2²⁴};
   * {@code p · 2²⁴} is exact in float. Consumes {@code ⌈count / 2⌉} longs. {@code out} may be
   * {@code probs} at the same positions.
   */
  public static void sample(float[] probs, int from, float[] out, int outFrom, int count, RandomGenerator rng) {
    int chunk = Math.min(count, 1 << 13);   // an even number of pixels, but for the last chunk
    long[] words = new long[(chunk + 1) / 2];
    for (int k = 0; k < count; k += chunk) {
      int n = Math.min(chunk, count - k);
      words(rng, words, 0, (n + 1) / 2);
      draw(words, 0, probs, from + k, out, outFrom + k, n);
    }
  }

  /**
   * Rows {@code r < rows} of {@code out} ({@code dim} values each, from 0) drawn from the
   * probabilities at {@code probs[rowStarts[r] ..]}: the same draws as {@link #sample} row by
   * row (⌈dim / 2⌉ words a row, rows in order), the words taken in one call into
   * {@code words} (at least {@code rows · ⌈dim / 2⌉}) and the rows compared on the worker
   * threads, so the result does not depend on the split. {@code probs} must not be {@code out}.
   */
  public static void sampleRows(float[] probs, int[] rowStarts, int rows, int dim, float[] out, RandomGenerator rng, long[] words) {
    int wordsPerRow = (dim + 1) / 2;
    words(rng, words, 0, rows * wordsPerRow);
    latent.tensor.Parallel.forRange(rows, (long) rows * dim, (first, end) -> {
      for (int r = first; r < end; r++) {
        draw(words, r * wordsPerRow, probs, rowStarts[r], out, r * dim, dim);
      }
    });
  }

  /** The next {@code n} outputs of {@code rng} into {@code out[from ..]}: in bulk from a {@link Xoshiro256}. */
  static void words(RandomGenerator rng, long[] out, int from, int n) {
    if (rng instanceof Xoshiro256 x) {
      x.nextLongs(out, from, n);
    } else {
      for (int i = from; i < from + n; i++) out[i] = rng.nextLong();
    }
  }

  /**
   * {@code out[outFrom + k] = c_k < probs[from + k] · 2²⁴ ? 1 : 0} for {@code k < count}, where
   * {@code c_k = u_k · 2²⁴} are the 24-bit codes of the words from {@code wordFrom}, two per word:
   * {@code c_2j = w_j >>> 40} (bits 63..40) and {@code c_2j+1 = (w_j >>> 16) & 0xFFFFFF} (39..16).
   * A vector of pixels at a time: each word becomes the long {@code c_2j+1 << 32 | c_2j}, whose
   * two ints, low one first (the Vector API reinterprets in little-endian order on every
   * platform), are the pixels' codes, converted to float exactly (below 2²⁴); the comparison
   * {@code u < p ⇔ c < p · 2²⁴} is exact too. {@code out} may be {@code probs} at the same positions.
   */
  static void draw(long[] words, int wordFrom, float[] probs, int from, float[] out, int outFrom, int count) {
    int k = 0;
    for (int end = S.loopBound(count); k < end; k += S.length()) {   // k even: a vector starts at a word
      LongVector w = LongVector.fromArray(WORDS, words, wordFrom + k / 2);
      LongVector pair = w.lanewise(VectorOperators.LSHR, 40).or(w.lanewise(VectorOperators.LSHR, 16).and(0xFF_FFFFL).lanewise(VectorOperators.LSHL, 32));
      FloatVector c = (FloatVector) pair.reinterpretAsInts().convert(VectorOperators.I2F, 0);
      FloatVector p = FloatVector.fromArray(S, probs, from + k).mul(TWO_POW_24);
      ZERO.blend(1f, c.compare(VectorOperators.LT, p)).intoArray(out, outFrom + k);
    }
    for (; k < count; k++) {
      long w = words[wordFrom + k / 2];
      int c = (int) (k % 2 == 0 ? w >>> 40 : (w >>> 16) & 0xFF_FFFF);
      out[outFrom + k] = c < probs[from + k] * TWO_POW_24 ? 1f : 0f;
    }
  }
}
