package latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches of data mapped from a {@code .npy} file are those of the same data in memory, bit for
 * bit, in both orders of an epoch; the block shuffle of large data visits every example once
 * an epoch and resumes exactly. The block shuffle is forced here on small data with small
 * blocks (one example a block, so a window of {@value Batches#WINDOW_BLOCKS} blocks is 32
 * examples and 70 examples make three windows).
 */
class MappedBatchesTest {
  @TempDir Path tmp;

  static final int N = 70, DIM = 6;

  static Tensor greys() {
    float[] x = new float[N * DIM];
    for (int k = 0; k < x.length; k++) x[k] = ((k * 7) % 17) / 16f;
    return new Tensor(N, DIM, x);
  }

  /** The same values as a dataset mapped from a float32 file, {@code held} rows excluded as a held-out split would. */
  Dataset mapped(Tensor x, int[] held) throws Exception {
    Path p = tmp.resolve("x.npy");
    try (OutputStream out = Files.newOutputStream(p)) {
      Npy.write(out, x);
    }
    return new Dataset("greys", new MappedRows(MappedNpy.open(p), new Scaling.Fit(Scaling.Kind.NONE, DIM).scaling(), held));
  }

  static List<float[]> draw(Batches b, int count) {
    List<float[]> out = new ArrayList<>();
    Tensor t = Tensor.zeros(b.batchSize(), b.dim());
    for (int i = 0; i < count; i++) {
      int rows = b.next(t);
      out.add(Arrays.copyOf(t.data, rows * b.dim()));
    }
    return out;
  }

  static void assertSame(List<float[]> a, List<float[]> b) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), "batch " + i);
  }

  @Test
  void mappedDataGiveTheSameBatchesAsInMemoryInBothOrders() throws Exception {
    Dataset memory = new Dataset("greys", greys(), null), file = mapped(greys(), new int[0]);
    assertTrue(file.isMapped());
    for (int blockRows : new int[] {0, 1, 4}) {
      for (Binarization b : List.of(Binarization.NONE, Binarization.DYNAMIC)) {
        List<float[]> a = draw(new Batches(memory, 8, new Xoshiro256(3), b, false, blockRows), 40);
        List<float[]> c = draw(new Batches(file, 8, new Xoshiro256(3), b, false, blockRows), 40);
        assertSame(a, c);
      }
    }
  }

  /** A mapped dataset without held-out rows holds the other rows in file order, like the in-memory split. */
  @Test
  void mappedSplitHoldsTheSameRows() throws Exception {
    Dataset memory = new Dataset("greys", greys(), null);
    Dataset.Split a = memory.split(9, 4), b = mapped(greys(), new int[0]).split(9, 4);
    assertTrue(b.train().isMapped());
    assertEquals(a.train().size(), b.train().size());
    assertArrayEquals(a.validation().x().data, b.validation().x().data);
    float[] row = new float[DIM];
    for (int i = 0; i < a.train().size(); i++) {
      b.train().copyRow(i, row, 0);
      assertArrayEquals(a.train().row(i).data, row, "row " + i);
    }
    // and a second split of the mapped remainder (validation of a held-out training file) composes
    Dataset.Split a2 = a.train().split(5, 8), b2 = b.train().split(5, 8);
    for (int i = 0; i < a2.train().size(); i++) {
      b2.train().copyRow(i, row, 0);
      assertArrayEquals(a2.train().row(i).data, row, "row " + i + " after two splits");
    }
  }

  @Test
  void blockShuffleVisitsEveryExampleOnceAnEpoch() {
    Dataset d = DatasetTest.numbered(N, 1);
    for (boolean dropLast : new boolean[] {false, true}) {
      Batches b = new Batches(d, 8, new Xoshiro256(5), Binarization.NONE, dropLast, 1);
      assertEquals(Batches.Order.BLOCKS, b.order());
      List<int[]> epochs = new ArrayList<>();
      Tensor t = Tensor.zeros(8, 1);
      for (int e = 0; e < 3; e++) {
        int[] seen = new int[N];
        List<Integer> order = new ArrayList<>();
        do {
          int rows = b.next(t);
          for (int r = 0; r < rows; r++) {
            int i = Math.round(t.data[r] * 256) - 1;   // numbered: example i holds (i + 1) / 256
            seen[i]++;
            order.add(i);
          }
        } while (!b.epochDone());
        int total = Arrays.stream(seen).sum();
        assertEquals(dropLast ? N / 8 * 8 : N, total);
        assertTrue(Arrays.stream(seen).allMatch(c -> c <= 1), "an example twice in one epoch");
        epochs.add(order.stream().mapToInt(Integer::intValue).toArray());
      }
      assertNotEquals(Arrays.toString(epochs.get(0)), Arrays.toString(epochs.get(1)), "each epoch its own order");
      // the first window is 32 whole blocks: its examples are the first 32 drawn, shuffled (not in block order)
      int[] first = Arrays.copyOf(epochs.get(0), 32);
      assertNotEquals(Arrays.toString(first), Arrays.toString(Arrays.stream(first).sorted().toArray()));
    }
  }

  /** Saved in the middle of a window of the second epoch, the state restores the same continuation. */
  @Test
  void blockShuffleResumesExactly() throws Exception {
    Dataset d = mapped(greys(), new int[0]);
    Xoshiro256 rng = new Xoshiro256(99);
    Batches b = new Batches(d, 8, rng, Binarization.DYNAMIC, false, 1);
    draw(b, 9 + 5);   // 9 batches an epoch: into the second window of the second epoch
    Batches.State saved = b.state();
    long[] rngSaved = rng.state();
    List<float[]> expected = draw(b, 20);

    Xoshiro256 rng2 = new Xoshiro256(1);
    Batches resumed = new Batches(d, 8, rng2, Binarization.DYNAMIC, false, 1);
    resumed.restore(saved);
    rng2.restore(rngSaved);
    assertEquals(1, resumed.epoch());
    assertEquals(40, resumed.position());
    assertSame(expected, draw(resumed, 20));
    // a permutation of the wrong number of blocks is refused
    assertThrows(latent.InputException.class, () -> resumed.restore(new Batches.State(0, 0, new int[] {0, 1}, 7)));
  }
}
