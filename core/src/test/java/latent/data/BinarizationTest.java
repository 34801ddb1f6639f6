package latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import latent.InputException;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class BinarizationTest {
  @Test
  void parsesNamesAndAlias() {
    assertEquals(Binarization.DYNAMIC, Binarization.parse("dynamic"));
    assertEquals(Binarization.FIXED, Binarization.parse(" Fixed "));
    assertEquals(Binarization.NONE, Binarization.parse("none"));
    assertEquals(Binarization.NONE, Binarization.parse("real"));
    for (Binarization b : Binarization.values()) assertEquals(b, Binarization.parse(b.label()));
  }

  @Test
  void parseErrorsNameTheAcceptedValues() {
    for (String bad : new String[] {"stochastic", "", "dyn"}) {
      InputException e = assertThrows(InputException.class, () -> Binarization.parse(bad));
      String m = e.getMessage();
      assertTrue(m.contains("'" + bad + "'") && m.contains("dynamic") && m.contains("fixed") && m.contains("none"), m);
    }
    assertThrows(InputException.class, () -> Binarization.parse(null));
  }

  /**
   * 2·10⁵ draws of a pixel with p = 0.3. The sample mean has standard error
   * sqrt(p(1−p)/N) ≈ 1.02·10⁻³; a correct sampler lands within 4 standard errors with
   * probability 0.99994 (and the seed is fixed, so the test is deterministic), while a biased
   * one (e.g. u ≤ p, or using the wrong bits) off by 0.005 or more fails. The two draws per
   * long are checked separately (even and odd positions), and p = 0 and p = 1 must be exact.
   */
  @Test
  void sampleMatchesBernoulliMean() {
    int n = 200_000;
    float[] p = new float[n];
    Arrays.fill(p, 0.3f);
    float[] out = new float[n];
    Binarization.sample(p, 0, out, 0, n, new Xoshiro256(2024));
    double[] sums = new double[2];
    for (int k = 0; k < n; k++) {
      assertTrue(out[k] == 0f || out[k] == 1f);
      sums[k % 2] += out[k];
    }
    double se = Math.sqrt(0.3 * 0.7 / n);
    assertEquals(0.3, (sums[0] + sums[1]) / n, 4 * se);
    double seHalf = Math.sqrt(0.3 * 0.7 / (n / 2));
    assertEquals(0.3, sums[0] / (n / 2), 4 * seHalf, "first draw of each long");
    assertEquals(0.3, sums[1] / (n / 2), 4 * seHalf, "second draw of each long");

    float[] edges = {0f, 1f, 0f, 1f, 1f};
    float[] e = new float[7];
    Binarization.sample(edges, 0, e, 2, 5, new Xoshiro256(1));
    assertArrayEquals(new float[] {0, 0, 0, 1, 0, 1, 1}, e);
  }

  /** The definition, one pixel at a time: two uniforms per nextLong (bits 63..40, then 39..16). */
  static float[] definition(float[] p, int from, int count, java.util.random.RandomGenerator rng) {
    float[] out = new float[count];
    for (int k = 0; k < count; k += 2) {
      long r = rng.nextLong();
      out[k] = (r >>> 40) < (double) p[from + k] * (1 << 24) ? 1f : 0f;
      if (k + 1 < count) out[k + 1] = ((r >>> 16) & 0xFF_FFFF) < (double) p[from + k + 1] * (1 << 24) ? 1f : 0f;
    }
    return out;
  }

  /**
   * Probabilities for the draws of {@code Xoshiro256(seed)}: equal to pixel k's own code (a tie,
   * which must draw 0), just above it (1), uniform, and the ends.
   */
  static float[] gridProbabilities(int n, long seed) {
    var rng = new Xoshiro256(seed);
    float[] p = new float[n];
    for (int k = 0; k < n; k += 2) {
      long r = rng.nextLong();
      long[] codes = {r >>> 40, (r >>> 16) & 0xFF_FFFF};
      for (int j = k; j < Math.min(n, k + 2); j++) {
        float code = codes[j - k] * 0x1.0p-24f;
        p[j] = switch (j % 4) {
          case 0 -> code;
          case 1 -> new Xoshiro256(j).nextFloat();
          case 2 -> j % 8 == 2 ? 0f : 1f;
          default -> Math.nextUp(code);
        };
      }
    }
    return p;
  }

  @Test
  void sampleIsTheDefinitionDrawForDraw() {
    for (int n : new int[] {1, 2, 7, 784, 8191, 8192, 8193, 20_001}) {
      float[] p = new float[n + 3];
      System.arraycopy(gridProbabilities(n, n), 0, p, 3, n);
      float[] out = new float[n + 5];
      Binarization.sample(p, 3, out, 5, n, new Xoshiro256(n));
      assertArrayEquals(definition(p, 3, n, new Xoshiro256(n)), Arrays.copyOfRange(out, 5, n + 5), n + " pixels");
      float[] inPlace = p.clone();
      Binarization.sample(inPlace, 3, inPlace, 3, n, new Xoshiro256(n));
      assertArrayEquals(Arrays.copyOfRange(out, 5, n + 5), Arrays.copyOfRange(inPlace, 3, n + 3), n + " pixels in place");
    }
  }

  @Test
  void wordsInBulkAreTheGeneratorsNextLongs() {
    var bulk = new Xoshiro256(11);
    var one = new Xoshiro256(11);
    long[] w = new long[1003];
    Binarization.words(bulk, w, 2, 1000);
    for (int i = 2; i < 1002; i++) assertEquals(one.nextLong(), w[i], "word " + i);
    assertEquals(one.nextLong(), bulk.nextLong(), "the generator continues where the words end");
    assertEquals(0L, w[1002]);
  }

  @Test
  void binarizeOnceIsDeterministicAndBinary() {
    float[] x = new float[40 * 25];
    for (int k = 0; k < x.length; k++) x[k] = (k % 11) / 10f;
    float[] before = x.clone();
    Dataset d = new Dataset("toy", new Tensor(40, 25, x), null);
    Dataset a = Binarization.binarizeOnce(d, 7);
    Dataset b = Binarization.binarizeOnce(d, 7);
    Dataset c = Binarization.binarizeOnce(d, 8);
    assertArrayEquals(a.x().data, b.x().data);
    assertFalse(Arrays.equals(a.x().data, c.x().data));
    for (int k = 0; k < x.length; k++) {
      float v = a.x().data[k];
      assertTrue(v == 0f || v == 1f);
      if (x[k] == 0f) assertEquals(0f, v);
      if (x[k] == 1f) assertEquals(1f, v);
    }
    assertEquals(40, a.size());
    assertArrayEquals(before, d.x().data, "input untouched");
  }
}
