package latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import latent.InputException;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DatasetTest {
  /** {@code n} examples of {@code dim} values; example i has every value (i + 1) / 256 and label 100 + i. */
  static Dataset numbered(int n, int dim) {
    float[] x = new float[n * dim];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      Arrays.fill(x, i * dim, (i + 1) * dim, (i + 1) / 256f);
      labels[i] = 100 + i;
    }
    return new Dataset("toy", new Tensor(n, dim, x), labels);
  }

  /** Recovers the example index from a row written by {@link #numbered}. */
  static int indexOf(float value) {
    return Math.round(value * 256f) - 1;
  }

  @Test
  void sizeDimRowSlice() {
    Dataset d = numbered(10, 3);
    assertEquals(10, d.size());
    assertEquals(3, d.dim());
    assertArrayEquals(new float[] {4 / 256f, 4 / 256f, 4 / 256f}, d.row(3).data);
    Dataset s = d.slice(2, 5);
    assertEquals(3, s.size());
    assertArrayEquals(new int[] {102, 103, 104}, s.labels());
    assertEquals(3, indexOf(s.x().get(1, 0)));
    assertEquals(0, d.slice(4, 4).size());
    assertThrows(IndexOutOfBoundsException.class, () -> d.slice(5, 11));
    assertThrows(IndexOutOfBoundsException.class, () -> d.row(10));
  }

  @Test
  void rejectsValuesOutsideUnitIntervalAndNaN() {
    InputException big = assertThrows(InputException.class,
        () -> new Dataset("mine", Tensor.of(2, 2, 0f, 0.5f, 1.5f, 0f), null));
    assertTrue(big.getMessage().startsWith("mine: value 1.5 at row 1, column 0"), big.getMessage());
    assertThrows(InputException.class, () -> new Dataset("mine", Tensor.of(1, 2, Float.NaN, 0f), null));
    assertThrows(InputException.class, () -> new Dataset("mine", Tensor.of(1, 2, -0.1f, 0f), null));
    assertThrows(InputException.class, () -> new Dataset("mine", Tensor.of(1, 2, 0f, 0f), new int[] {1, 2}));
    assertNull(new Dataset("mine", Tensor.of(1, 2, 0f, 1f), null).labels());
  }

  @Test
  void splitIsSeededDisjointAndComplete() {
    Dataset d = numbered(50, 2);
    Dataset.Split a = d.split(12, 42);
    Dataset.Split b = d.split(12, 42);
    Dataset.Split c = d.split(12, 43);
    assertEquals(38, a.train().size());
    assertEquals(12, a.validation().size());
    assertArrayEquals(a.validation().labels(), b.validation().labels());
    assertArrayEquals(a.train().x().data, b.train().x().data);
    assertNotEquals(Arrays.toString(a.validation().labels()), Arrays.toString(c.validation().labels()));

    Set<Integer> seen = new HashSet<>();
    for (Dataset part : new Dataset[] {a.train(), a.validation()}) {
      int[] l = part.labels();
      for (int r = 0; r < part.size(); r++) {
        assertEquals(l[r] - 100, indexOf(part.x().get(r, 0)), "labels travel with their rows");
        assertTrue(seen.add(l[r]), "example " + l[r] + " in both parts");
        if (r > 0) assertTrue(l[r] > l[r - 1], "each part keeps the original order");
      }
    }
    assertEquals(50, seen.size());
    // The held-out examples are not simply the first or last twelve.
    assertNotEquals(Arrays.toString(d.slice(0, 12).labels()), Arrays.toString(a.validation().labels()));
    assertNotEquals(Arrays.toString(d.slice(38, 50).labels()), Arrays.toString(a.validation().labels()));
  }

  @Test
  void splitRejectsImpossibleCounts() {
    Dataset d = numbered(5, 1);
    InputException e = assertThrows(InputException.class, () -> d.split(6, 1));
    assertTrue(e.getMessage().contains("expected 0 to 5"), e.getMessage());
    assertThrows(InputException.class, () -> d.split(-1, 1));
    assertEquals(5, d.split(0, 1).train().size());
  }
}
