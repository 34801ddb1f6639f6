package latent.data;

import static latent.data.DatasetTest.indexOf;
import static latent.data.DatasetTest.numbered;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import latent.InputException;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class BatchesTest {
  /** Draws {@code count} batches and returns each as a copy of its filled rows. */
  private static List<float[]> draw(Batches b, int count) {
    Tensor out = Tensor.zeros(b.batchSize(), b.dim());
    List<float[]> batches = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int rows = b.next(out);
      batches.add(Arrays.copyOf(out.data, rows * b.dim()));
    }
    return batches;
  }

  private static void assertSameBatches(List<float[]> a, List<float[]> b) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), "batch " + i);
  }

  private static Dataset greys(int n, int dim) {
    float[] x = new float[n * dim];
    for (int k = 0; k < x.length; k++) x[k] = (k % 17) / 16f;
    return new Dataset("greys", new Tensor(n, dim, x), null);
  }

  @Test
  void sameSeedSameBatches() {
    Dataset d = greys(23, 8);
    List<float[]> a = draw(new Batches(d, 5, new Xoshiro256(5), Binarization.DYNAMIC), 30);
    List<float[]> b = draw(new Batches(d, 5, new Xoshiro256(5), Binarization.DYNAMIC), 30);
    List<float[]> c = draw(new Batches(d, 5, new Xoshiro256(6), Binarization.DYNAMIC), 30);
    assertSameBatches(a, b);
    assertFalse(Arrays.equals(a.get(0), c.get(0)));
  }

  @Test
  void everyExampleOncePerEpochWithPartialLastBatch() {
    Dataset d = numbered(10, 2);
    Batches b = new Batches(d, 3, new Xoshiro256(11), Binarization.NONE);
    assertEquals(4, b.batchesPerEpoch());
    Tensor out = Tensor.zeros(3, 2);
    List<String> orders = new ArrayList<>();
    for (int epoch = 0; epoch < 3; epoch++) {
      int[] seen = new int[10];
      List<Integer> order = new ArrayList<>();
      int[] sizes = new int[4];
      for (int batch = 0; batch < 4; batch++) {
        assertEquals(epoch > 0 && batch == 0, b.epochDone(), "done only between epochs");
        sizes[batch] = b.next(out);
        assertEquals(epoch, b.epoch());
        for (int r = 0; r < sizes[batch]; r++) {
          int i = indexOf(out.get(r, 0));
          assertEquals(i, b.exampleIndex(r));
          seen[i]++;
          order.add(i);
        }
      }
      assertArrayEquals(new int[] {3, 3, 3, 1}, sizes);
      assertTrue(b.epochDone());
      assertEquals(10, b.position());
      int[] ones = new int[10];
      Arrays.fill(ones, 1);
      assertArrayEquals(ones, seen, "epoch " + epoch);
      orders.add(order.toString());
    }
    assertNotEquals(orders.get(0), orders.get(1), "reshuffled between epochs");
    assertNotEquals(orders.get(1), orders.get(2), "reshuffled between epochs");
  }

  @Test
  void dropLastSkipsThePartialBatch() {
    Dataset d = numbered(10, 1);
    Batches b = new Batches(d, 3, new Xoshiro256(3), Binarization.NONE, true);
    assertEquals(3, b.batchesPerEpoch());
    assertEquals(9, b.examplesPerEpoch());
    Tensor out = Tensor.zeros(3, 1);
    for (int epoch = 0; epoch < 4; epoch++) {
      boolean[] seen = new boolean[10];
      for (int batch = 0; batch < 3; batch++) {
        assertEquals(3, b.next(out));
        for (int r = 0; r < 3; r++) {
          int i = indexOf(out.get(r, 0));
          assertFalse(seen[i], "example " + i + " twice in epoch " + epoch);
          seen[i] = true;
        }
      }
      assertTrue(b.epochDone());
      assertEquals(epoch, b.epoch());
    }
    assertThrows(InputException.class, () -> new Batches(d, 11, new Xoshiro256(3), Binarization.NONE, true));
  }

  @Test
  void resumeFromSavedStateGivesTheSameBatches() {
    Dataset d = greys(17, 6);
    Xoshiro256 rng = new Xoshiro256(99);
    Batches b = new Batches(d, 4, rng, Binarization.DYNAMIC);
    draw(b, 7); // into the second epoch (5 batches per epoch)
    Batches.State saved = b.state();
    long[] rngSaved = rng.state();
    List<float[]> expected = draw(b, 10);

    Xoshiro256 rng2 = new Xoshiro256(12345);
    Batches resumed = new Batches(d, 4, rng2, Binarization.DYNAMIC);
    resumed.restore(saved);
    rng2.restore(rngSaved);
    assertEquals(1, resumed.epoch());
    assertEquals(8, resumed.position());
    assertSameBatches(expected, draw(resumed, 10));
  }

  @Test
  void restoreRejectsABadState() {
    Batches b = new Batches(numbered(4, 1), 2, new Xoshiro256(1), Binarization.NONE);
    assertThrows(InputException.class, () -> b.restore(new Batches.State(0, 0, new int[] {0, 1, 2})));
    assertThrows(InputException.class, () -> b.restore(new Batches.State(0, 0, new int[] {0, 1, 1, 3})));
    assertThrows(InputException.class, () -> b.restore(new Batches.State(0, 5, new int[] {0, 1, 2, 3})));
  }

  /**
   * Rows with p = 0, 0.3, 0.5 and 1 drawn 400 times (64 pixels each): 25,600 draws per row. The
   * standard error of a row's mean is sqrt(p(1−p)/25600), at most 3.1·10⁻³; a correct sampler
   * falls within 4 standard errors (probability 0.99994, and the seed is fixed). The draws must
   * also differ from one epoch to the next, or the binarization would not be dynamic.
   */
  @Test
  void dynamicBinarizationDrawsFreshBernoulliValues() {
    float[] p = {0f, 0.3f, 0.5f, 1f};
    int dim = 64;
    float[] x = new float[p.length * dim];
    for (int i = 0; i < p.length; i++) Arrays.fill(x, i * dim, (i + 1) * dim, p[i]);
    Batches b = new Batches(new Dataset("p", new Tensor(p.length, dim, x), null), 4, new Xoshiro256(8), Binarization.DYNAMIC);
    Tensor out = Tensor.zeros(4, dim);
    double[] sums = new double[p.length];
    float[] previousRow1 = null;
    int changed = 0;
    int steps = 400;
    for (int s = 0; s < steps; s++) {
      assertEquals(4, b.next(out));
      for (int r = 0; r < 4; r++) {
        int i = b.exampleIndex(r);
        for (int j = 0; j < dim; j++) {
          float v = out.get(r, j);
          assertTrue(v == 0f || v == 1f);
          sums[i] += v;
        }
        if (i == 1) {
          float[] row = Arrays.copyOfRange(out.data, r * dim, (r + 1) * dim);
          if (previousRow1 != null && !Arrays.equals(row, previousRow1)) changed++;
          previousRow1 = row;
        }
      }
    }
    int draws = steps * dim;
    for (int i = 0; i < p.length; i++) {
      double se = Math.sqrt(p[i] * (1 - p[i]) / draws);
      assertEquals(p[i], sums[i] / draws, 4 * se, "row with p = " + p[i]);
    }
    assertTrue(changed > steps * 9 / 10, "row 1 redrawn each epoch, changed " + changed + " times");
  }

  /** Each row of a batch is the definition's draw from the generator, rows in order, ⌈dim / 2⌉ words a row, on any thread count. */
  @Test
  void dynamicBatchesAreTheDefinitionsDrawsRowByRow() {
    int n = 150, dim = 785, batch = 100;   // an odd row length, and enough pixels to split over threads
    float[] x = BinarizationTest.gridProbabilities(n * dim, 3);
    Dataset data = new Dataset("grid", new Tensor(n, dim, x), null);
    for (int threads : new int[] {1, 2, 3}) {
      latent.tensor.Parallel.setThreads(threads);
      try {
        var rng = new Xoshiro256(21);
        Batches b = new Batches(data, batch, rng, Binarization.DYNAMIC);
        Tensor out = Tensor.zeros(batch, dim);
        for (int call = 0; call < 2; call++) {   // a full batch, then the epoch's partial one
          var twin = new Xoshiro256(0);
          twin.restore(rng.state());
          int rows = b.next(out);
          for (int r = 0; r < rows; r++) {
            assertArrayEquals(BinarizationTest.definition(x, b.exampleIndex(r) * dim, dim, twin),
                Arrays.copyOfRange(out.data, r * dim, (r + 1) * dim), threads + " threads, call " + call + ", row " + r);
          }
        }
      } finally {
        latent.tensor.Parallel.setThreads(latent.tensor.Parallel.CORES);
      }
    }
  }

  @Test
  void noneCopiesValuesAndFixedNeedsBinaryData() {
    Dataset d = greys(3, 5);
    Batches b = new Batches(d, 3, new Xoshiro256(1), Binarization.NONE);
    Tensor out = Tensor.zeros(3, 5);
    b.next(out);
    for (int r = 0; r < 3; r++) assertArrayEquals(d.row(b.exampleIndex(r)).data, Arrays.copyOfRange(out.data, r * 5, r * 5 + 5));
    assertThrows(IllegalArgumentException.class, () -> new Batches(d, 2, new Xoshiro256(1), Binarization.FIXED));
    Batches fixed = new Batches(Binarization.binarizeOnce(d, 3), 3, new Xoshiro256(1), Binarization.FIXED);
    assertEquals(3, fixed.next(out));
    assertThrows(IllegalArgumentException.class, () -> b.next(Tensor.zeros(2, 5)));
    assertThrows(InputException.class, () -> new Batches(d, 0, new Xoshiro256(1), Binarization.NONE));
  }
}
