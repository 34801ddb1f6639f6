package latent.tensor;

import java.util.Collection;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The pure-Java GEMM: cache blocking after Goto and van de Geijn (2008), "Anatomy of
 * high-performance matrix multiplication", with a register tile written in the Vector API:
 * 4×16 on 256-bit vectors (AVX2), 4×32 on 512-bit ones (AVX-512), chosen by the machine.
 *
 * <pre>
 *   for pc in K by KC:
 *     for ia in M by MA:                     A rows [MA, KC] packed into MR-row panels (× alpha), once
 *       for jc in N by NC:                   B block [KC, NC] packed into NR-wide panels (L2)
 *         for each MR-row panel (L1), each NR-column panel:
 *           C[MR, NR] += Σ_p a[:, p] ⊗ b[p, :]      (2·MR FMA accumulators of NR/2 lanes)
 * </pre>
 *
 * Every element of C is the same sequence of fused multiply-adds over p, in order, whatever the
 * tile: the two tiles give the same bits (a test compares them in child JVMs).
 *
 * Packing makes the three layouts (NN, TN, NT) one kernel: transposition happens while
 * copying, a vector at a time where panels are full (a transposed B through 16 × 16 transposes
 * in registers, an A's four rows interleaved by permutes): values only move, scaled by alpha. Work is split over {@link Parallel} threads by column panels or by row panels,
 * whichever divides more evenly ({@link #byColumns}), and the threads claim the panels as they go
 * ({@link PanelClaims}). A 4×16 tile keeps 8 accumulators, 2 B vectors and one
 * broadcast in the 16 AVX2 registers; larger tiles spilled and were slower. On AVX-512 a 4×32
 * tile keeps 8 accumulators of 16 lanes: twice the lanes per instruction (an 8×32 tile, 16
 * accumulators, was slower than the AVX2 tile).
 */
public final class JavaGemm implements GemmBackend {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final VectorSpecies<Float> S512 = FloatVector.SPECIES_512;
  /** MR floats: a full panel's values of A at one p. */
  private static final VectorSpecies<Float> S128 = FloatVector.SPECIES_128;
  /** Whether the tile is 512 bits wide ({@link VectorWidth}). */
  private static final boolean WIDE = VectorWidth.BITS == 512;
  static final int MR = 4;
  static final int NR = WIDE ? 32 : 16;
  /** Lanes of one vector, half a tile's width: the values of K that packing moves at a time in registers. */
  private static final int TL = NR / 2;
  /** Block sizes, fixed: KC sets the order of the sums, so a different value would change results. */
  static final int KC = 1024;
  static final int NC = 256;
  /** Rows of A packed at once and reused across all column blocks (4 MiB of packed A at KC = 1024). */
  static final int MA = 1024;
  /** Products below this many multiply-adds run on one thread: forking costs more than it saves. */
  private static final long PARALLEL_MIN_MACS = 1L << 18;

  private static final ThreadLocal<float[]> PACK_A = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<float[]> PACK_B = ThreadLocal.withInitial(() -> new float[NC * KC]);
  /** All of B's panels, for a product split by rows whose tasks claim their rows ({@link #claimed}). */
  private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);

  /** The packed panels of the operands declared constant by the open {@link #withConstantOperands}, or null. */
  private static volatile PackedPanels constant;

  @Override
  public String name() {
    return "java";
  }

  /**
   * Products whose B is one of {@code arrays} take its packed panels from a store made once,
   * shared by all threads, until {@code body} returns: in {@code eval} the decoder's weights
   * were packed again for every chunk of 1,000 samples, about 3% of its time. While another
   * scope is open, this one keeps nothing: its products pack as they would outside.
   */
  @Override
  public void withConstantOperands(Collection<float[]> arrays, Runnable body) {
    boolean opened;
    synchronized (JavaGemm.class) {
      opened = constant == null;
      if (opened) constant = new PackedPanels(arrays);
    }
    try {
      body.run();
    } finally {
      if (opened) constant = null;
    }
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                    float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
    if (m == 0 || n == 0) return;
    if (k == 0 || alpha == 0f) {
      scale(c, m, n, ldc, beta);
      return;
    }
    // beta = 0: the first block over K stores its tiles (C is never read, so old NaNs do not
    // survive, as BLAS requires); otherwise C is scaled first and every block adds to it
    if (beta != 0f) scale(c, m, n, ldc, beta);
    product(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, beta == 0f, null);
  }

  /** The bias is added to each tile as it is first stored, in the product's own pass over C. */
  @Override
  public void sgemmBias(boolean transA, boolean transB, int m, int n, int k,
                        float[] a, int lda, float[] b, int ldb, float[] bias, float[] c, int ldc) {
    if (k == 0) {
      GemmBackend.super.sgemmBias(transA, transB, m, n, k, a, lda, b, ldb, bias, c, ldc);   // C = 1 biasᵀ
      return;
    }
    if (m == 0 || n == 0) return;
    product(transA, transB, m, n, k, 1f, a, lda, b, ldb, c, ldc, true, bias);
  }

  private static void product(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
                              float[] b, int ldb, float[] c, int ldc, boolean overwrite, float[] bias) {
    int threads = (long) m * n * k < PARALLEL_MIN_MACS ? 1 : Parallel.available();
    int colPanels = (n + NR - 1) / NR;
    int rowPanels = (m + MR - 1) / MR;
    PackedPanels held = constant;
    PackedPanels kept = held != null && held.holds(b) ? held : null;   // B's panels made once, if B was declared constant
    if (threads == 1) {
      block(transA, transB, 0, m, 0, n, k, alpha, a, lda, b, ldb, c, ldc, overwrite, bias, kept);
      return;
    }
    boolean columns = byColumns(colPanels, rowPanels, threads);
    int panels = columns ? colPanels : rowPanels, parts = Math.min(threads, panels);
    if (claimable(columns, m, colPanels, k, kept)) {
      claimed(columns, new PanelClaims(panels, parts), transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, overwrite, bias, kept);
      return;
    }
    Parallel.run(parts, t -> {
      int p0 = Parallel.share(panels, parts, t), p1 = Parallel.share(panels, parts, t + 1);
      if (columns) block(transA, transB, 0, m, p0 * NR, Math.min(n, p1 * NR), k, alpha, a, lda, b, ldb, c, ldc, overwrite, bias, kept);
      else block(transA, transB, p0 * MR, Math.min(m, p1 * MR), 0, n, k, alpha, a, lda, b, ldb, c, ldc, overwrite, bias, kept);
    });
  }

  /** The most values of B that each thread of a product split by rows packs whole for {@link #claimed} (16 MiB). */
  private static final long PACKED_B_MAX = 1L << 22;

  /**
   * Whether {@link #claimed} can take a product: one block over K; split by columns, one block of
   * A's rows and B not kept (the store's blocks are keyed by their columns, which claims would
   * vary); split by rows, B kept or small enough to pack whole. The rest is split statically.
   */
  private static boolean claimable(boolean columns, int m, int colPanels, int k, PackedPanels kept) {
    if (k > KC) return false;
    return columns ? m <= MA && kept == null : kept != null || (long) colPanels * NR * k <= PACKED_B_MAX;
  }

  /**
   * A product of one block over K (and, split by columns, one block of A's rows) whose panels the
   * tasks claim as they go ({@link PanelClaims}), so that a thread that is ahead takes over work
   * of one that is behind: the threads of a step, alike on average, are not alike product by
   * product (in the IWAE step, averaged over 600 steps, one thread took 1,204 µs for its share
   * of one product while the other took 1,051). Each task first packs the operand that all its
   * panels need whole (A split by columns, B split by rows), then packs and computes the panels
   * it claims. Against the static split, alternating 50-step windows in one JVM (medians of 40
   * pairs, four or five spells): the pytorch-example step 0.2-5.6% faster (faster in 19-29 of
   * 40), AEVB 0.7-5.5% (28-34), IWAE 2.6-6.2% (29-36).
   */
  private static void claimed(boolean columns, PanelClaims claims, boolean transA, boolean transB, int m, int n, int k,
                              float alpha, float[] a, int lda, float[] b, int ldb, float[] c, int ldc, boolean overwrite,
                              float[] bias, PackedPanels kept) {
    Parallel.run(claims.tasks(), t -> {
      float[] tile = TILE.get();
      if (columns) {
        float[] packA = packABuffer((m + MR - 1) / MR * MR * k);
        packA(transA, a, lda, 0, m, 0, k, alpha, packA);
        for (long chunk; (chunk = claims.next(t)) >= 0; ) {
          int j1 = Math.min(n, PanelClaims.to(chunk) * NR);
          for (int jc = PanelClaims.from(chunk) * NR; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            tiles(k, packA, 0, m, packB(transB, b, ldb, 0, k, jc, nc, PACK_B.get()), 0, jc, nc, c, ldc, overwrite, bias, tile);
          }
        }
      } else {
        float[] packedB = kept != null ? null : packB(transB, b, ldb, 0, k, 0, n, packedBBuffer((n + NR - 1) / NR * NR * k));
        for (long chunk; (chunk = claims.next(t)) >= 0; ) {
          int i1 = Math.min(m, PanelClaims.to(chunk) * MR);
          for (int ia = PanelClaims.from(chunk) * MR; ia < i1; ia += MA) {
            int ma = Math.min(MA, i1 - ia);
            float[] packA = packABuffer((ma + MR - 1) / MR * MR * k);
            packA(transA, a, lda, ia, ma, 0, k, alpha, packA);
            for (int jc = 0; jc < n; jc += NC) {
              int nc = Math.min(NC, n - jc);
              float[] panels = kept != null ? kept.block(transB, b, ldb, 0, k, jc, nc) : packedB;
              tiles(k, packA, ia, ma, panels, kept != null ? 0 : jc * k, jc, nc, c, ldc, overwrite, bias, tile);
            }
          }
        }
      }
    });
  }

  /**
   * Packing one value, in units of one value of K of one tile (MR × NR multiply-adds), for
   * {@link #byColumns}: a guess that the measurements below bear out.
   */
  static final double PACK_COST = 0.25;

  /**
   * Whether to split by column panels rather than row panels: whichever costs its slowest thread
   * less, per value of K, counting its tiles and the values it packs: every thread of a column
   * split packs all of A's rows and its own columns of B, every thread of a row split its own rows
   * of A and all of B's columns. On a tie, the split whose threads each pack the smaller operand
   * whole. Measured, two threads: a 200-wide product of 1000 rows (13 column panels of 16 split 7
   * and 6, 1000 rows 125 and 125) ran 9–16% faster split by rows in the IWAE step; AEVB's
   * first-layer weight gradient (784 × 500, K = 100, 16 column and 196 row panels) took 505 µs
   * split by columns, 259 by rows. The products of the pytorch-example step's batch of 128 rows
   * (16 and 16 row panels, where 400 columns go 7 and 6 panels of 32) go by columns, each thread
   * packing half the weight matrix rather than all of it: 3-4% faster than by rows (the step
   * faster in 28 and 29 of 40 pairs of 50-step windows alternating in one JVM).
   */
  static boolean byColumns(int colPanels, int rowPanels, int threads) {
    if (colPanels < threads) return false;
    if (rowPanels < threads) return true;
    long colSlowest = (colPanels + threads - 1) / threads, rowSlowest = (rowPanels + threads - 1) / threads;
    double cols = colSlowest * rowPanels + PACK_COST * ((long) rowPanels * MR + colSlowest * NR);
    double rows = rowSlowest * colPanels + PACK_COST * (rowSlowest * MR + (long) colPanels * NR);
    return cols != rows ? cols < rows : (long) rowPanels * MR <= (long) colPanels * NR;
  }

  private static void scale(float[] c, int m, int n, int ldc, float beta) {
    if (beta == 1f) return;
    for (int i = 0; i < m; i++) {
      int row = i * ldc;
      if (beta == 0f) {
        java.util.Arrays.fill(c, row, row + n, 0f);
      } else {
        for (int j = 0; j < n; j++) c[row + j] *= beta;
      }
    }
  }

  /**
   * C[i0:i1, j0:j1] (+)= alpha · op(A)[i0:i1, :] · op(B)[:, j0:j1], storing rather than adding
   * over the first K block when {@code overwrite}, the {@code bias} (if any) added as it stores;
   * B's panels taken from {@code kept} when not null.
   */
  private static void block(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, float alpha, float[] a,
                            int lda, float[] b, int ldb, float[] c, int ldc, boolean overwrite, float[] bias, PackedPanels kept) {
    float[] packB = PACK_B.get();
    float[] tile = TILE.get();
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      boolean store = overwrite && pc == 0;
      for (int ia = i0; ia < i1; ia += MA) {
        // A packed once for all the column blocks, not again for each: packing is scalar work,
        // and a thread with a few hundred columns of C packed the same rows two or three times
        int ma = Math.min(MA, i1 - ia);
        float[] packA = packABuffer((ma + MR - 1) / MR * MR * kc);
        packA(transA, a, lda, ia, ma, pc, kc, alpha, packA);
        for (int jc = j0; jc < j1; jc += NC) {
          int nc = Math.min(NC, j1 - jc);
          float[] panels = kept != null ? kept.block(transB, b, ldb, pc, kc, jc, nc) : packB(transB, b, ldb, pc, kc, jc, nc, packB);
          tiles(kc, packA, ia, ma, panels, 0, jc, nc, c, ldc, store, bias, tile);
        }
      }
    }
  }

  /**
   * The tiles of C[ia : ia+ma, jc : jc+nc] from A's rows packed in {@code packA} and B's columns
   * packed in {@code panels} from {@code bBase}, over one block of K ({@code kc}).
   */
  private static void tiles(int kc, float[] packA, int ia, int ma, float[] panels, int bBase, int jc, int nc, float[] c, int ldc,
                            boolean store, float[] bias, float[] tile) {
    // row panels outside, column panels inside: each 4-row panel of A stays in L1 while
    // its tiles fill 4 rows of C left to right, in order (going down a NR-wide strip of C
    // instead wrote one 64-byte piece per row, and both threads lost time to it)
    for (int ir = 0; ir < ma; ir += MR) {
      int mr = Math.min(MR, ma - ir);
      int aOff = ir * kc;
      for (int jr = 0; jr < nc; jr += NR) {
        int nr = Math.min(NR, nc - jr);
        int bOff = bBase + jr * kc;
        int cOff = (ia + ir) * ldc + jc + jr;
        // the kernel leaves its tile in `tile`; C is written by a method of its own, so that no
        // vector crosses a call: a kernel that also added the bias and C grew past the size up
        // to which C2 inlines the Vector API's calls (NodeCountInliningCutoff) and, in some
        // runs, compiled its writes as calls on boxed vectors, several times slower
        if (WIDE) kernel512(kc, packA, aOff, panels, bOff, tile);   // one call site each: one compiled copy
        else kernel(kc, packA, aOff, panels, bOff, tile);
        if (mr == MR && nr == NR) {
          for (int r = 0; r < MR; r++) {
            if (WIDE) write512(tile, r * NR, c, cOff + r * ldc, store, store ? bias : null, jc + jr);
            else write(tile, r * NR, c, cOff + r * ldc, store, store ? bias : null, jc + jr);
          }
        } else {
          for (int r = 0; r < mr; r++) {
            for (int q = 0; q < nr; q++) {
              int at = cOff + r * ldc + q;
              float e = tile[r * NR + q];
              c[at] = !store ? c[at] + e : bias == null ? e : e + bias[jc + jr + q];
            }
          }
        }
      }
    }
  }

  private static float[] packABuffer(int size) {
    float[] buf = PACK_A.get();
    if (buf.length < size) PACK_A.set(buf = new float[size]);
    return buf;
  }

  private static float[] packedBBuffer(int size) {
    float[] buf = PACKED_B.get();
    if (buf.length < size) PACKED_B.set(buf = new float[size]);
    return buf;
  }

  /** Packs op(B)[pc:pc+kc, jc:jc+nc] as NR-wide panels: dst[panel·kc·NR + p·NR + q], zero-padded; returns dst. */
  static float[] packB(boolean transB, float[] b, int ldb, int pc, int kc, int jc, int nc, float[] dst) {
    if (!transB) {
      // row by row, so B is read in order (walking one panel down all the rows first read a
      // 64-byte piece of each row, which the prefetcher did not follow)
      for (int p = 0; p < kc; p++) {
        int src = (pc + p) * ldb + jc;
        for (int jr = 0; jr < nc; jr += NR) {
          int nr = Math.min(NR, nc - jr);
          int d = jr * kc + p * NR;
          if (nr == NR) {
            System.arraycopy(b, src + jr, dst, d, NR);
          } else {
            System.arraycopy(b, src + jr, dst, d, nr);
            java.util.Arrays.fill(dst, d + nr, d + NR, 0f);
          }
        }
      }
      return dst;
    }
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int base = jr * kc;
      // op(B)_pj = B_jp, B stored [n, k]: a transpose, TL rows of B and TL values of K at a time
      // in registers (2.5 times faster than element by element), and what is left element by element
      for (int q0 = 0; q0 < NR; q0 += TL) {
        int p0 = 0;
        if (q0 + TL <= nr) {
          int src = (jc + jr + q0) * ldb + pc;
          for (; p0 + TL <= kc; p0 += TL) {
            if (WIDE) transpose16(b, src + p0, ldb, dst, base + p0 * NR + q0);
            else transpose8(b, src + p0, ldb, dst, base + p0 * NR + q0);
          }
        }
        for (int q = q0; q < q0 + TL; q++) {
          if (q < nr) {
            int src = (jc + jr + q) * ldb + pc;
            for (int p = p0; p < kc; p++) dst[base + p * NR + q] = b[src + p];
          } else {
            for (int p = p0; p < kc; p++) dst[base + p * NR + q] = 0f;
          }
        }
      }
    }
    return dst;
  }

  /**
   * The index vectors of a round of {@link #transpose16}: with {@code high} false, lane c of
   * the result is x[c] where bit w of c is clear and y[c - w] where it is set (of a pair x, y, as
   * {@code selectFrom(x, y)} numbers them: y's lanes follow x's); with {@code high}, x[c + w]
   * where clear and y[c] where set.
   */
  private static FloatVector swapIndexes(VectorSpecies<Float> species, int w, boolean high) {
    int lanes = species.length();
    float[] index = new float[lanes];
    for (int c = 0; c < lanes; c++) index[c] = (c & w) == 0 ? (high ? c + w : c) : (high ? lanes + c : lanes + c - w);
    return FloatVector.fromArray(species, index, 0);
  }

  private static final FloatVector T16_LO8 = swapIndexes(S512, 8, false), T16_HI8 = swapIndexes(S512, 8, true);
  private static final FloatVector T16_LO4 = swapIndexes(S512, 4, false), T16_HI4 = swapIndexes(S512, 4, true);
  private static final FloatVector T16_LO2 = swapIndexes(S512, 2, false), T16_HI2 = swapIndexes(S512, 2, true);
  private static final FloatVector T16_LO1 = swapIndexes(S512, 1, false), T16_HI1 = swapIndexes(S512, 1, true);
  private static final FloatVector T8_LO4 = swapIndexes(S, 4, false), T8_HI4 = swapIndexes(S, 4, true);
  private static final FloatVector T8_LO2 = swapIndexes(S, 2, false), T8_HI2 = swapIndexes(S, 2, true);
  private static final FloatVector T8_LO1 = swapIndexes(S, 1, false), T8_HI1 = swapIndexes(S, 1, true);

  /**
   * dst[d + p·NR + q] = b[src + q·ldb + p] for p, q &lt; 16: a 16 × 16 transpose in registers.
   * Rows q of B are loaded as vectors over p; round w (8, 4, 2, 1) swaps, in every 2w × 2w
   * block, the two off-diagonal w × w blocks, pairing rows q and q + w with two-source
   * permutes; after the four rounds vector q holds column q. Exact: values are only moved.
   */
  private static void transpose16(float[] b, int src, int ldb, float[] dst, int d) {
    FloatVector r0 = FloatVector.fromArray(S512, b, src), r1 = FloatVector.fromArray(S512, b, src + ldb);
    FloatVector r2 = FloatVector.fromArray(S512, b, src + 2 * ldb), r3 = FloatVector.fromArray(S512, b, src + 3 * ldb);
    FloatVector r4 = FloatVector.fromArray(S512, b, src + 4 * ldb), r5 = FloatVector.fromArray(S512, b, src + 5 * ldb);
    FloatVector r6 = FloatVector.fromArray(S512, b, src + 6 * ldb), r7 = FloatVector.fromArray(S512, b, src + 7 * ldb);
    FloatVector r8 = FloatVector.fromArray(S512, b, src + 8 * ldb), r9 = FloatVector.fromArray(S512, b, src + 9 * ldb);
    FloatVector r10 = FloatVector.fromArray(S512, b, src + 10 * ldb), r11 = FloatVector.fromArray(S512, b, src + 11 * ldb);
    FloatVector r12 = FloatVector.fromArray(S512, b, src + 12 * ldb), r13 = FloatVector.fromArray(S512, b, src + 13 * ldb);
    FloatVector r14 = FloatVector.fromArray(S512, b, src + 14 * ldb), r15 = FloatVector.fromArray(S512, b, src + 15 * ldb);
    FloatVector s0 = T16_LO8.selectFrom(r0, r8), s8 = T16_HI8.selectFrom(r0, r8);
    FloatVector s1 = T16_LO8.selectFrom(r1, r9), s9 = T16_HI8.selectFrom(r1, r9);
    FloatVector s2 = T16_LO8.selectFrom(r2, r10), s10 = T16_HI8.selectFrom(r2, r10);
    FloatVector s3 = T16_LO8.selectFrom(r3, r11), s11 = T16_HI8.selectFrom(r3, r11);
    FloatVector s4 = T16_LO8.selectFrom(r4, r12), s12 = T16_HI8.selectFrom(r4, r12);
    FloatVector s5 = T16_LO8.selectFrom(r5, r13), s13 = T16_HI8.selectFrom(r5, r13);
    FloatVector s6 = T16_LO8.selectFrom(r6, r14), s14 = T16_HI8.selectFrom(r6, r14);
    FloatVector s7 = T16_LO8.selectFrom(r7, r15), s15 = T16_HI8.selectFrom(r7, r15);
    FloatVector t0 = T16_LO4.selectFrom(s0, s4), t4 = T16_HI4.selectFrom(s0, s4);
    FloatVector t1 = T16_LO4.selectFrom(s1, s5), t5 = T16_HI4.selectFrom(s1, s5);
    FloatVector t2 = T16_LO4.selectFrom(s2, s6), t6 = T16_HI4.selectFrom(s2, s6);
    FloatVector t3 = T16_LO4.selectFrom(s3, s7), t7 = T16_HI4.selectFrom(s3, s7);
    FloatVector t8 = T16_LO4.selectFrom(s8, s12), t12 = T16_HI4.selectFrom(s8, s12);
    FloatVector t9 = T16_LO4.selectFrom(s9, s13), t13 = T16_HI4.selectFrom(s9, s13);
    FloatVector t10 = T16_LO4.selectFrom(s10, s14), t14 = T16_HI4.selectFrom(s10, s14);
    FloatVector t11 = T16_LO4.selectFrom(s11, s15), t15 = T16_HI4.selectFrom(s11, s15);
    FloatVector u0 = T16_LO2.selectFrom(t0, t2), u2 = T16_HI2.selectFrom(t0, t2);
    FloatVector u1 = T16_LO2.selectFrom(t1, t3), u3 = T16_HI2.selectFrom(t1, t3);
    FloatVector u4 = T16_LO2.selectFrom(t4, t6), u6 = T16_HI2.selectFrom(t4, t6);
    FloatVector u5 = T16_LO2.selectFrom(t5, t7), u7 = T16_HI2.selectFrom(t5, t7);
    FloatVector u8 = T16_LO2.selectFrom(t8, t10), u10 = T16_HI2.selectFrom(t8, t10);
    FloatVector u9 = T16_LO2.selectFrom(t9, t11), u11 = T16_HI2.selectFrom(t9, t11);
    FloatVector u12 = T16_LO2.selectFrom(t12, t14), u14 = T16_HI2.selectFrom(t12, t14);
    FloatVector u13 = T16_LO2.selectFrom(t13, t15), u15 = T16_HI2.selectFrom(t13, t15);
    FloatVector v0 = T16_LO1.selectFrom(u0, u1), v1 = T16_HI1.selectFrom(u0, u1);
    FloatVector v2 = T16_LO1.selectFrom(u2, u3), v3 = T16_HI1.selectFrom(u2, u3);
    FloatVector v4 = T16_LO1.selectFrom(u4, u5), v5 = T16_HI1.selectFrom(u4, u5);
    FloatVector v6 = T16_LO1.selectFrom(u6, u7), v7 = T16_HI1.selectFrom(u6, u7);
    FloatVector v8 = T16_LO1.selectFrom(u8, u9), v9 = T16_HI1.selectFrom(u8, u9);
    FloatVector v10 = T16_LO1.selectFrom(u10, u11), v11 = T16_HI1.selectFrom(u10, u11);
    FloatVector v12 = T16_LO1.selectFrom(u12, u13), v13 = T16_HI1.selectFrom(u12, u13);
    FloatVector v14 = T16_LO1.selectFrom(u14, u15), v15 = T16_HI1.selectFrom(u14, u15);
    v0.intoArray(dst, d); v1.intoArray(dst, d + 1 * NR);
    v2.intoArray(dst, d + 2 * NR); v3.intoArray(dst, d + 3 * NR);
    v4.intoArray(dst, d + 4 * NR); v5.intoArray(dst, d + 5 * NR);
    v6.intoArray(dst, d + 6 * NR); v7.intoArray(dst, d + 7 * NR);
    v8.intoArray(dst, d + 8 * NR); v9.intoArray(dst, d + 9 * NR);
    v10.intoArray(dst, d + 10 * NR); v11.intoArray(dst, d + 11 * NR);
    v12.intoArray(dst, d + 12 * NR); v13.intoArray(dst, d + 13 * NR);
    v14.intoArray(dst, d + 14 * NR); v15.intoArray(dst, d + 15 * NR);
  }

  /** {@link #transpose16} on 256-bit vectors: an 8 × 8 transpose, rounds w = 4, 2, 1. */
  private static void transpose8(float[] b, int src, int ldb, float[] dst, int d) {
    FloatVector r0 = FloatVector.fromArray(S, b, src), r1 = FloatVector.fromArray(S, b, src + ldb);
    FloatVector r2 = FloatVector.fromArray(S, b, src + 2 * ldb), r3 = FloatVector.fromArray(S, b, src + 3 * ldb);
    FloatVector r4 = FloatVector.fromArray(S, b, src + 4 * ldb), r5 = FloatVector.fromArray(S, b, src + 5 * ldb);
    FloatVector r6 = FloatVector.fromArray(S, b, src + 6 * ldb), r7 = FloatVector.fromArray(S, b, src + 7 * ldb);
    FloatVector s0 = T8_LO4.selectFrom(r0, r4), s4 = T8_HI4.selectFrom(r0, r4);
    FloatVector s1 = T8_LO4.selectFrom(r1, r5), s5 = T8_HI4.selectFrom(r1, r5);
    FloatVector s2 = T8_LO4.selectFrom(r2, r6), s6 = T8_HI4.selectFrom(r2, r6);
    FloatVector s3 = T8_LO4.selectFrom(r3, r7), s7 = T8_HI4.selectFrom(r3, r7);
    FloatVector t0 = T8_LO2.selectFrom(s0, s2), t2 = T8_HI2.selectFrom(s0, s2);
    FloatVector t1 = T8_LO2.selectFrom(s1, s3), t3 = T8_HI2.selectFrom(s1, s3);
    FloatVector t4 = T8_LO2.selectFrom(s4, s6), t6 = T8_HI2.selectFrom(s4, s6);
    FloatVector t5 = T8_LO2.selectFrom(s5, s7), t7 = T8_HI2.selectFrom(s5, s7);
    FloatVector u0 = T8_LO1.selectFrom(t0, t1), u1 = T8_HI1.selectFrom(t0, t1);
    FloatVector u2 = T8_LO1.selectFrom(t2, t3), u3 = T8_HI1.selectFrom(t2, t3);
    FloatVector u4 = T8_LO1.selectFrom(t4, t5), u5 = T8_HI1.selectFrom(t4, t5);
    FloatVector u6 = T8_LO1.selectFrom(t6, t7), u7 = T8_HI1.selectFrom(t6, t7);
    u0.intoArray(dst, d); u1.intoArray(dst, d + 1 * NR);
    u2.intoArray(dst, d + 2 * NR); u3.intoArray(dst, d + 3 * NR);
    u4.intoArray(dst, d + 4 * NR); u5.intoArray(dst, d + 5 * NR);
    u6.intoArray(dst, d + 6 * NR); u7.intoArray(dst, d + 7 * NR);
  }

  /** Packs alpha · op(A)[ic:ic+mc, pc:pc+kc] as MR-row panels: dst[panel·kc·MR + p·MR + r], zero-padded. */
  private static void packA(boolean transA, float[] a, int lda, int ic, int mc, int pc, int kc, float alpha, float[] dst) {
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir);
      int base = ir * kc;
      if (!transA) {
        // four rows interleaved value by value: TL values of each at a time in registers (a full
        // panel), the rest element by element
        int p0 = 0;
        if (mr == MR) {
          int src = (ic + ir) * lda + pc;
          for (; p0 + TL <= kc; p0 += TL) {
            if (WIDE) interleave16(a, src + p0, lda, alpha, dst, base + p0 * MR);
            else interleave8(a, src + p0, lda, alpha, dst, base + p0 * MR);
          }
        }
        for (int r = 0; r < MR; r++) {
          if (r < mr) {
            int src = (ic + ir + r) * lda + pc;
            for (int p = p0; p < kc; p++) dst[base + p * MR + r] = alpha * a[src + p];
          } else {
            for (int p = p0; p < kc; p++) dst[base + p * MR + r] = 0f;
          }
        }
      } else {
        // op(A)_ip = A_pi, A stored [k, m]: the MR values of a full panel are one 128-bit vector
        if (mr == MR) {
          for (int p = 0; p < kc; p++) FloatVector.fromArray(S128, a, (pc + p) * lda + ic + ir).mul(alpha).intoArray(dst, base + p * MR);
        } else {
          for (int p = 0; p < kc; p++) {
            int src = (pc + p) * lda + ic + ir;
            int d = base + p * MR;
            for (int r = 0; r < MR; r++) dst[d + r] = r < mr ? alpha * a[src + r] : 0f;
          }
        }
      }
    }
  }

  /**
   * Index vectors of two-source permutes that interleave a pair x, y lane by lane: {@code low}
   * gives x[0], y[0], x[1], y[1], ... from their first halves, otherwise from their second.
   */
  private static FloatVector interleaveIndexes(VectorSpecies<Float> species, boolean low) {
    int lanes = species.length();
    float[] index = new float[lanes];
    for (int c = 0; c < lanes; c++) index[c] = (c % 2 == 0 ? 0 : lanes) + (low ? 0 : lanes / 2) + c / 2;
    return FloatVector.fromArray(species, index, 0);
  }

  private static final FloatVector I16_LO = interleaveIndexes(S512, true), I16_HI = interleaveIndexes(S512, false);
  private static final FloatVector I8_LO = interleaveIndexes(S, true), I8_HI = interleaveIndexes(S, false);

  /**
   * dst[d + p·4 + r] = alpha · a[src + r·lda + p] for r &lt; 4, p &lt; 16: four rows of A
   * interleaved for an A panel. Interleaving rows 0 with 2 and 1 with 3, then the two results,
   * puts rows 0, 1, 2, 3 of each p side by side.
   */
  private static void interleave16(float[] a, int src, int lda, float alpha, float[] dst, int d) {
    FloatVector r0 = FloatVector.fromArray(S512, a, src).mul(alpha), r1 = FloatVector.fromArray(S512, a, src + lda).mul(alpha);
    FloatVector r2 = FloatVector.fromArray(S512, a, src + 2 * lda).mul(alpha), r3 = FloatVector.fromArray(S512, a, src + 3 * lda).mul(alpha);
    FloatVector t0 = I16_LO.selectFrom(r0, r2), t1 = I16_HI.selectFrom(r0, r2), t2 = I16_LO.selectFrom(r1, r3), t3 = I16_HI.selectFrom(r1, r3);
    I16_LO.selectFrom(t0, t2).intoArray(dst, d);
    I16_HI.selectFrom(t0, t2).intoArray(dst, d + 16);
    I16_LO.selectFrom(t1, t3).intoArray(dst, d + 32);
    I16_HI.selectFrom(t1, t3).intoArray(dst, d + 48);
  }

  /** {@link #interleave16} on 256-bit vectors: p &lt; 8. */
  private static void interleave8(float[] a, int src, int lda, float alpha, float[] dst, int d) {
    FloatVector r0 = FloatVector.fromArray(S, a, src).mul(alpha), r1 = FloatVector.fromArray(S, a, src + lda).mul(alpha);
    FloatVector r2 = FloatVector.fromArray(S, a, src + 2 * lda).mul(alpha), r3 = FloatVector.fromArray(S, a, src + 3 * lda).mul(alpha);
    FloatVector t0 = I8_LO.selectFrom(r0, r2), t1 = I8_HI.selectFrom(r0, r2), t2 = I8_LO.selectFrom(r1, r3), t3 = I8_HI.selectFrom(r1, r3);
    I8_LO.selectFrom(t0, t2).intoArray(dst, d);
    I8_HI.selectFrom(t0, t2).intoArray(dst, d + 8);
    I8_LO.selectFrom(t1, t3).intoArray(dst, d + 16);
    I8_HI.selectFrom(t1, t3).intoArray(dst, d + 24);
  }

  /**
   * tile[4, 16] = Σ_p a[p, 0:4]ᵀ ⊗ b[p, 0:16] over packed panels, in 8 accumulators; C is
   * written by {@link #write}.
   */
  private static void kernel(int kc, float[] a, int aOff, float[] b, int bOff, float[] tile) {
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
    int ai = aOff;
    int bi = bOff;
    for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + 8);
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[ai + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[ai + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[ai + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
    }
    c00.intoArray(tile, 0);
    c01.intoArray(tile, 8);
    c10.intoArray(tile, 16);
    c11.intoArray(tile, 24);
    c20.intoArray(tile, 32);
    c21.intoArray(tile, 40);
    c30.intoArray(tile, 48);
    c31.intoArray(tile, 56);
  }

  /**
   * One row of a full tile into C: c[off : off+16] = t (+ bias[col : col+16]) when {@code store},
   * else c += t: a stored tile needs no load of C, whose cache misses had stalled each tile's end.
   */
  private static void write(float[] tile, int t, float[] c, int off, boolean store, float[] bias, int col) {
    FloatVector lo = FloatVector.fromArray(S, tile, t), hi = FloatVector.fromArray(S, tile, t + 8);
    if (bias != null) {
      lo = lo.add(FloatVector.fromArray(S, bias, col));
      hi = hi.add(FloatVector.fromArray(S, bias, col + 8));
    }
    if (!store) {
      lo = FloatVector.fromArray(S, c, off).add(lo);
      hi = FloatVector.fromArray(S, c, off + 8).add(hi);
    }
    lo.intoArray(c, off);
    hi.intoArray(c, off + 8);
  }

  /**
   * {@link #kernel} on 512-bit vectors: tile[4, 32] in 8 accumulators of 16 lanes. A copy rather
   * than one kernel taking the species: the Vector API compiles to registers only when the
   * species is a constant, and a species argument of a kernel too large to inline is not.
   */
  private static void kernel512(int kc, float[] a, int aOff, float[] b, int bOff, float[] tile) {
    FloatVector c00 = FloatVector.zero(S512), c01 = FloatVector.zero(S512), c10 = FloatVector.zero(S512), c11 = FloatVector.zero(S512);
    FloatVector c20 = FloatVector.zero(S512), c21 = FloatVector.zero(S512), c30 = FloatVector.zero(S512), c31 = FloatVector.zero(S512);
    int ai = aOff;
    int bi = bOff;
    for (int p = 0; p < kc; p++, ai += 4, bi += 32) {
      FloatVector b0 = FloatVector.fromArray(S512, b, bi);
      FloatVector b1 = FloatVector.fromArray(S512, b, bi + 16);
      FloatVector x = FloatVector.broadcast(S512, a[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S512, a[ai + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S512, a[ai + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S512, a[ai + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
    }
    c00.intoArray(tile, 0);
    c01.intoArray(tile, 16);
    c10.intoArray(tile, 32);
    c11.intoArray(tile, 48);
    c20.intoArray(tile, 64);
    c21.intoArray(tile, 80);
    c30.intoArray(tile, 96);
    c31.intoArray(tile, 112);
  }

  /** {@link #write} on 512-bit vectors: one row of 32. */
  private static void write512(float[] tile, int t, float[] c, int off, boolean store, float[] bias, int col) {
    FloatVector lo = FloatVector.fromArray(S512, tile, t), hi = FloatVector.fromArray(S512, tile, t + 16);
    if (bias != null) {
      lo = lo.add(FloatVector.fromArray(S512, bias, col));
      hi = hi.add(FloatVector.fromArray(S512, bias, col + 16));
    }
    if (!store) {
      lo = FloatVector.fromArray(S512, c, off).add(lo);
      hi = FloatVector.fromArray(S512, c, off + 16).add(hi);
    }
    lo.intoArray(c, off);
    hi.intoArray(c, off + 16);
  }
}
