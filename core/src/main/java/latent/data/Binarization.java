package latent.data;

import java.util.Locale;
import java.util.random.RandomGenerator;
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
   * {@code p · 2²⁴} is exact in float. Consumes {@code ⌈count / 2⌉} longs.
   */
  public static void sample(float[] probs, int from, float[] out, int outFrom, int count, RandomGenerator rng) {
    int k = 0;
    for (; k + 1 < count; k += 2) {
      long r = rng.nextLong();
      float c0 = (float) (int) (r >>> 40);
      float c1 = (float) (int) ((r >>> 16) & 0xFF_FFFF);
      out[outFrom + k] = c0 < probs[from + k] * TWO_POW_24 ? 1f : 0f;
      out[outFrom + k + 1] = c1 < probs[from + k + 1] * TWO_POW_24 ? 1f : 0f;
    }
    if (k < count) {
      float c0 = (float) (int) (rng.nextLong() >>> 40);
      out[outFrom + k] = c0 < probs[from + k] * TWO_POW_24 ? 1f : 0f;
    }
  }
}
