package latent.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GemmTest {
  private static final int[] SIZES = {1, 2, 3, 4, 5, 15, 16, 17, 31, 33, 100, 129, 257, 530};

  /** Naive triple loop in double: the reference every backend is compared with. */
  static float[] naive(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, float[] b, float beta, float[] c0) {
    float[] c = c0.clone();
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double x = ta ? a[p * m + i] : a[i * k + p];
          double y = tb ? b[j * k + p] : b[p * n + j];
          s += x * y;
        }
        c[i * n + j] = (float) (alpha * s + beta * c0[i * n + j]);
      }
    }
    return c;
  }

  static float[] random(SplittableRandom r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
    return x;
  }

  static void check(GemmBackend g, long seed, int threads) {
    SplittableRandom r = new SplittableRandom(seed);
    int prev = Parallel.threads();
    Parallel.setThreads(threads);
    try {
      for (int trial = 0; trial < 60; trial++) {
        int m = SIZES[r.nextInt(SIZES.length)], n = SIZES[r.nextInt(SIZES.length)], k = SIZES[r.nextInt(SIZES.length)];
        if (trial == 0) k = 1100; // more than one K block
        boolean ta = r.nextBoolean(), tb = r.nextBoolean();
        float alpha = trial % 3 == 0 ? 1f : 0.5f, beta = trial % 4 == 0 ? 0f : (trial % 4 == 1 ? 1f : -0.25f);
        float[] a = random(r, m * k), b = random(r, k * n), c = random(r, m * n);
        float[] want = naive(ta, tb, m, n, k, alpha, a, b, beta, c);
        g.sgemm(ta, tb, m, n, k, alpha, a, ta ? m : k, b, tb ? k : n, beta, c, n);
        for (int i = 0; i < want.length; i++) {
          // float32 accumulation of k products of size <= 1: rounding grows like sqrt(k) · |c| · 2^-24,
          // about 1e-5 at k = 1100 here; 1e-6 · k + 1e-5 leaves room for unlucky sums and catches any wrong term
          assertEquals(want[i], c[i], 1e-6 * k + 1e-5,
              g.name() + " m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb + " at " + i);
        }
      }
    } finally {
      Parallel.setThreads(prev);
    }
  }

  @Test
  void javaGemmMatchesNaiveProductOnOddShapes() {
    check(new JavaGemm(), 1, 1);
  }

  @Test
  void javaGemmMatchesNaiveProductMultiThreaded() {
    check(new JavaGemm(), 2, 2);
    check(new JavaGemm(), 3, 3);
  }

  @Test
  void openBlasMatchesNaiveProductWhenInstalled() {
    Optional<OpenBlasGemm> blas = OpenBlasGemm.load();
    assumeTrue(blas.isPresent(), "OpenBLAS is not installed (Debian: libopenblas0); skipped");
    check(blas.get(), 4, 2);
  }

  /** A file where OpenBLAS is looked for that is not a usable library is one line of bad input naming it, not "not installed". */
  @Test
  void aLibraryThatCannotBeLoadedIsReportedNotSkipped(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path notALibrary = java.nio.file.Files.writeString(tmp.resolve("libopenblas.so.0"), "not a library");
    String prev = System.getProperty("latent.openblas.path");
    System.setProperty("latent.openblas.path", notALibrary.toString());
    try {
      var e = assertThrows(latent.InputException.class, OpenBlasGemm::load);
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith(notALibrary + ": cannot be loaded"), e.getMessage());
    } finally {
      if (prev == null) System.clearProperty("latent.openblas.path");
      else System.setProperty("latent.openblas.path", prev);
    }
  }

  /** beta = 0: what C held is ignored, NaN included (as BLAS defines it), on edge tiles and over two K blocks. */
  @Test
  void betaZeroIgnoresWhatCHeld() {
    SplittableRandom r = new SplittableRandom(5);
    for (int[] s : new int[][] {{5, 17, 3}, {33, 40, 1100}, {64, 32, 16}}) {
      int m = s[0], n = s[1], k = s[2];
      float[] a = random(r, m * k), b = random(r, k * n), c = new float[m * n];
      java.util.Arrays.fill(c, Float.NaN);
      float[] want = naive(false, false, m, n, k, 1f, a, b, 0f, new float[m * n]);
      new JavaGemm().sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
      for (int i = 0; i < want.length; i++) assertEquals(want[i], c[i], 1e-6 * k + 1e-5, "m=" + m + " n=" + n + " k=" + k + " at " + i);
    }
  }

  /**
   * A layer's affine map: the Java kernel adds the bias as it stores, and gives the bits of the
   * plain order (rows set to the bias, then the product added) when K fits one block; with two
   * K blocks the sums are grouped differently, so there it must only match the exact product.
   */
  @Test
  void biasAddedAsTilesAreStoredMatchesBiasThenProduct() {
    SplittableRandom r = new SplittableRandom(6);
    for (int threads = 1; threads <= 2; threads++) {
      int prev = Parallel.threads();
      Parallel.setThreads(threads);
      try {
        for (int[] s : new int[][] {{5, 17, 3}, {1000, 200, 50}, {33, 40, 1100}, {64, 784, 200}}) {
          int m = s[0], n = s[1], k = s[2];
          float[] a = random(r, m * k), b = random(r, k * n), bias = random(r, n), c = new float[m * n], plain = new float[m * n];
          java.util.Arrays.fill(c, Float.NaN);
          new JavaGemm().sgemmBias(false, false, m, n, k, a, k, b, n, bias, c, n);
          for (int i = 0; i < m; i++) System.arraycopy(bias, 0, plain, i * n, n);
          float[] want = naive(false, false, m, n, k, 1f, a, b, 1f, plain);
          new JavaGemm().sgemm(false, false, m, n, k, 1f, a, k, b, n, 1f, plain, n);
          for (int i = 0; i < want.length; i++) {
            String at = "m=" + m + " n=" + n + " k=" + k + " threads=" + threads + " at " + i;
            if (k <= JavaGemm.KC) assertEquals(plain[i], c[i], 0f, at);
            assertEquals(want[i], c[i], 1e-6 * k + 1e-5, at);
          }
        }
      } finally {
        Parallel.setThreads(prev);
      }
    }
  }

  /**
   * The split whose slowest thread has the fewer tiles and values to pack: 13 column panels go 7
   * and 6 where 250 row panels go 125 and 125; on a tie, the one that packs less.
   */
  @Test
  void threadsSplitWhereTheSlowestThreadHasLessToDo() {
    assertEquals(false, JavaGemm.byColumns(13, 250, 2));   // 1000 × 200
    assertEquals(true, JavaGemm.byColumns(50, 5, 2));      // 20 × 800: 5 row panels go 3 and 2
    // even both ways (on 256- and 512-bit tiles alike): each thread packs the smaller operand whole
    assertEquals(true, JavaGemm.byColumns(1600 / JavaGemm.NR, 1000 / JavaGemm.MR, 2));          // 1000 × 1600: A, columns
    assertEquals(false, JavaGemm.byColumns((500 + JavaGemm.NR - 1) / JavaGemm.NR, 784 / JavaGemm.MR, 2));   // 784 × 500: B, rows
    assertEquals(false, JavaGemm.byColumns(1, 250, 2));    // one column panel cannot be shared
    // a batch of 128 through a 400-wide layer: rows divide a little more evenly, but each thread
    // of a row split would pack the whole weight matrix
    assertEquals(true, JavaGemm.byColumns((400 + JavaGemm.NR - 1) / JavaGemm.NR, 128 / JavaGemm.MR, 2));
  }

  /**
   * Inside {@code withConstantOperands} a declared array's panels are packed once: the products
   * give the bits they give outside, a change to it (which the caller promised not to make) is
   * not seen until the scope closes, and an undeclared array is packed afresh every time.
   */
  @Test
  void constantOperandsArePackedOnceAndGiveTheSameBits() {
    JavaGemm g = new JavaGemm();
    SplittableRandom r = new SplittableRandom(5);
    int m = 37, n = 530, k = 1100;   // two K blocks, three column blocks and an edge panel
    float[] a = random(r, m * k), w = random(r, k * n), other = random(r, k * n);
    float[] nn = new float[m * n], nt = new float[m * n];
    g.sgemm(false, false, m, n, k, 1f, a, k, w, n, 0f, nn, n);
    g.sgemm(false, true, m, n, k, 1f, a, k, w, k, 0f, nt, n);
    g.withConstantOperands(java.util.List.of(w), () -> {
      for (int pass = 0; pass < 2; pass++) {
        float[] c = new float[m * n], ct = new float[m * n];
        g.sgemm(false, false, m, n, k, 1f, a, k, w, n, 0f, c, n);
        g.sgemm(false, true, m, n, k, 1f, a, k, w, k, 0f, ct, n);
        org.junit.jupiter.api.Assertions.assertArrayEquals(nn, c, "NN, pass " + pass);
        org.junit.jupiter.api.Assertions.assertArrayEquals(nt, ct, "NT, pass " + pass);
        w[0] += 1f;   // not seen: the panels were packed on the first pass
        float[] before = new float[m * n], after = new float[m * n];
        g.sgemm(false, false, m, n, k, 1f, a, k, other, n, 0f, before, n);
        other[0] += 1f;   // seen: other was not declared constant
        g.sgemm(false, false, m, n, k, 1f, a, k, other, n, 0f, after, n);
        assertEquals(before[0] + a[0], after[0], 1e-5f);
      }
    });
    float[] c = new float[m * n];
    g.sgemm(false, false, m, n, k, 1f, a, k, w, n, 0f, c, n);
    assertEquals(nn[0] + 2 * a[0], c[0], 1e-5f);   // the scope closed: w is packed again, with its changes
  }

  /**
   * Two threads claim a product's panels as they go ({@link PanelClaims}); with one of them given
   * a twentieth of the work to start with, it takes the rest of its work from the other's range.
   * Split by rows and by columns, with B's panels packed by each thread or kept by
   * {@code withConstantOperands}, the product is one thread's, bit for bit.
   */
  @Test
  void claimedPanelsGiveTheOneThreadProduct() {
    JavaGemm g = new JavaGemm();
    SplittableRandom r = new SplittableRandom(7);
    int prev = Parallel.threads();
    try {
      for (int[] shape : new int[][] {{600, 270, 300}, {64, 530, 300}}) {   // split by rows (two column blocks), by columns
        int m = shape[0], n = shape[1], k = shape[2];
        float[] a = random(r, m * k), b = random(r, k * n);
        for (boolean tb : new boolean[] {false, true}) {
          Parallel.setThreads(1);
          float[] want = new float[m * n];
          g.sgemm(false, tb, m, n, k, 1f, a, k, b, tb ? k : n, 0f, want, n);
          Parallel.setThreads(2);
          for (double[] speeds : new double[][] {{1, 0.05}, {0.05, 1}}) {
            Parallel.fixSpeeds(speeds);
            for (boolean kept : new boolean[] {false, true}) {
              float[] c = new float[m * n];
              Runnable product = () -> g.sgemm(false, tb, m, n, k, 1f, a, k, b, tb ? k : n, 0f, c, n);
              if (kept) g.withConstantOperands(java.util.List.of(b), product);
              else product.run();
              org.junit.jupiter.api.Assertions.assertArrayEquals(want, c,
                  m + " x " + n + " x " + k + (tb ? " NT" : " NN") + ", split " + java.util.Arrays.toString(speeds) + (kept ? ", B kept" : ""));
            }
          }
        }
      }
    } finally {
      Parallel.fixSpeeds();
      Parallel.setThreads(prev);
    }
  }

  @Test
  void shapeMismatchNamesOperands() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Gemm.gemm(false, false, 1f, Tensor.zeros(2, 3), Tensor.zeros(4, 5), 0f, Tensor.zeros(2, 5)));
    assertEquals(true, e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"));
  }
}
