package latent.bench;

import latent.tensor.GemmBackend;

/** Sustained GFLOP/s of one backend on a square product: the best of several timed repetitions. */
public final class GemmPeak {
  private GemmPeak() {}

  /** GFLOP/s of {@code n³} products, 2n³ FLOPs each, best of {@code reps} after one warm-up. */
  public static double measure(GemmBackend g, int n, int reps) {
    float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i % 13) * 0.01f;
      b[i] = (i % 7) * 0.01f;
    }
    g.sgemm(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n);
    double best = 0;
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      g.sgemm(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n);
      double s = (System.nanoTime() - t0) / 1e9;
      best = Math.max(best, 2.0 * n * n * n / s / 1e9);
    }
    if (c[c.length - 1] == Float.MIN_VALUE) System.out.print("");   // keep the result live
    return best;
  }
}
