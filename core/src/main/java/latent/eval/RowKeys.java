package latent.eval;

import java.nio.charset.StandardCharsets;
import latent.tensor.Tensor;

/**
 * The keys that seed each row's noise when rows are scored ({@link LogLikelihood#imageNoise}):
 * with a key that depends on the row alone, a row's L_k is the same wherever it stands, in a
 * file given to {@code latent score} or in any partition of a Spark DataFrame. A row's default
 * key is a hash of its values (the float32 values the encoder sees, after scaling):
 *
 * <pre>
 *   h_0 = 0,   h_{j+1} = mix(h_j + bits(x_j) + 1)     over j = 0 .. D−1,   key = h_D
 * </pre>
 *
 * where bits is the IEEE 754 single-precision pattern (+0 for −0, so equal values hash alike)
 * and mix is SplitMix64's finaliser (Steele, Lea &amp; Flood 2014), which spreads every input bit
 * over the 64 output bits. Equal rows get equal keys, hence equal scores.
 */
public final class RowKeys {
  private RowKeys() {}

  /** The key of each row of {@code x}. */
  public static long[] of(Tensor x) {
    long[] keys = new long[x.rows];
    for (int i = 0; i < x.rows; i++) keys[i] = ofValues(x.data, i * x.cols, x.cols);
    return keys;
  }

  /** The key of the row {@code values[from .. from+length-1]}. */
  public static long ofValues(float[] values, int from, int length) {
    long h = 0;
    for (int j = from; j < from + length; j++) {
      float v = values[j];
      h = mix(h + (v == 0f ? 0 : Float.floatToIntBits(v)) + 1);
    }
    return h;
  }

  /** The key of a row named by text (a string key column): a hash of its UTF-8 bytes. */
  public static long ofText(String text) {
    long h = 0;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) h = mix(h + (b & 0xff) + 1);
    return h;
  }

  /** SplitMix64's finaliser: a bijection on 64-bit values with full avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
