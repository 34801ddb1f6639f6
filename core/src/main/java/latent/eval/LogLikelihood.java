package latent.eval;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.data.Dataset;
import latent.distributions.Normal;
import latent.model.Vae;
import latent.random.Xoshiro256;
import latent.tensor.Gemm;
import latent.tensor.Parallel;
import latent.tensor.Tensor;

/**
 * Importance-sampled log-likelihood estimates over a dataset (Burda et al. 2015, §5):
 *
 * <pre>
 *   log p(x) ≈ L_K(x) = log (1/K) Σ_{i=1..K} p(x, z_i) / q(z_i|x),   K = 5000 in the papers
 * </pre>
 *
 * together with L_k for smaller k, each from the first k of the same K samples (log w from
 * {@link Vae#logWeights}, for one or two stochastic layers). The samples
 * are drawn in chunks of at most {@value #CHUNK_ROWS} decoder rows and folded into a running
 * log-sum-exp per image, so memory stays bounded whatever K and the dataset size. Images are
 * shared among the worker threads; image j draws its noise from a generator seeded by
 * (seed, key_j) alone, so the numbers do not depend on the thread count or on the images beside
 * it. The key is the image's index in the test set ({@code latent eval}) or a hash of its values
 * ({@link RowKeys}: {@code latent score}, Spark), so a row scores the same wherever it stands. The weights are held
 * constant throughout ({@link Gemm#withConstant}), so their packed panels are made once.
 */
public final class LogLikelihood {
  /** Decoder rows per chunk: large enough for efficient products, small enough for the cache. */
  static final int CHUNK_ROWS = 1000;

  private LogLikelihood() {}

  /**
   * Per-image results.
   *
   * @param ks      the k of each column of {@code bounds}, ascending
   * @param bounds  L_k per image, {@code [images][ks.length]}
   * @param elbo    the ELBO per image estimated from all K samples, (1/K) Σ_i log w_i (unbiased, as L_1 is, with K times less variance)
   * @param loc     the encoder's means μ(x), {@code [images, Nz]}
   * @param logVar  the encoder's log-variances, {@code [images, Nz]}
   */
  public record Result(int[] ks, double[][] bounds, double[] elbo, Tensor loc, Tensor logVar) {
    /** Mean L_k over the images, per k. */
    public double[] meanBounds() {
      double[] m = new double[ks.length];
      for (double[] row : bounds) for (int c = 0; c < ks.length; c++) m[c] += row[c];
      for (int c = 0; c < ks.length; c++) m[c] /= bounds.length;
      return m;
    }
  }

  /**
   * Evaluates {@code data} at every k of {@code ks} (the largest is the number of samples drawn),
   * the noise of image j seeded by (seed, j).
   *
   * @param done called on the calling thread with the number of images finished so far
   */
  public static Result evaluate(Vae vae, Dataset data, int[] ks, long seed, IntConsumer done) {
    return evaluate(vae, data, null, ks, seed, done);
  }

  /**
   * As {@link #evaluate(Vae, Dataset, int[], long, IntConsumer)}, the noise of image j seeded by
   * (seed, {@code keys[j]}) ({@link RowKeys}); null keys mean the images' indices.
   */
  public static Result evaluate(Vae vae, Dataset data, long[] keys, int[] ks, long seed, IntConsumer done) {
    if (keys != null && keys.length != data.size()) throw new IllegalArgumentException(keys.length + " keys for " + data.size() + " images");
    int[] sorted = Arrays.stream(ks).distinct().sorted().toArray();
    if (sorted.length == 0 || sorted[0] < 1) throw new IllegalArgumentException("k must be >= 1, got " + Arrays.toString(ks));
    int n = data.size(), nz = vae.config.latentSize();
    int chunk = Math.min(sorted[sorted.length - 1], CHUNK_ROWS);
    int imagesPerBlock = Math.max(1, CHUNK_ROWS / chunk);
    double[][] bounds = new double[n][sorted.length];
    double[] elbo = new double[n];
    Tensor loc = Tensor.zeros(n, nz), logVar = Tensor.zeros(n, nz);
    Evaluation e = new Evaluation(vae, data, keys, sorted, seed, chunk, bounds, elbo, loc, logVar);
    AtomicInteger next = new AtomicInteger(), finished = new AtomicInteger();
    // The other threads start once the first block is done: until then the kernels run in the
    // interpreter at a small fraction of their compiled speed, and the JIT compiles them sooner
    // with a core to itself (1000 images in 19.9-20.0 s instead of 20.5-21.0 s on 2 cores).
    CountDownLatch firstBlock = new CountDownLatch(1);
    int threads = Math.min(Parallel.threads(), (n + imagesPerBlock - 1) / imagesPerBlock);
    List<Tensor> weights = vae.parameters().stream().map(p -> p.value).toList();
    Gemm.withConstant(weights, () -> Parallel.run(threads, t -> {
      if (t > 0) awaitUninterruptibly(firstBlock);
      try {
        Tape encTape = new Tape(), decTape = new Tape();
        int from;
        while ((from = next.getAndAdd(imagesPerBlock)) < n) {
          int m = Math.min(imagesPerBlock, n - from);
          e.block(from, m, encTape, decTape);
          firstBlock.countDown();
          int total = finished.addAndGet(m);
          if (t == 0) done.accept(total);
        }
      } finally {
        firstBlock.countDown();   // also when the first block failed, so no thread waits for ever
      }
    }));
    done.accept(n);
    return new Result(sorted, bounds, elbo, loc, logVar);
  }

  /** What every block of one evaluation shares; {@link #block} fills in its images' rows. */
  private record Evaluation(Vae vae, Dataset data, long[] keys, int[] ks, long seed, int chunk, double[][] bounds, double[] elbo, Tensor loc, Tensor logVar) {
    /** Images {@code from .. from+m-1}: their encodings and their L_k for every k. */
    void block(int from, int m, Tape encTape, Tape decTape) {
      int d = data.dim(), nz = vae.config.latentSize(), nz2 = vae.config.latentSize2(), maxK = ks[ks.length - 1];
      Tensor x = new Tensor(m, d, Arrays.copyOfRange(data.x().data, from * d, (from + m) * d));
      Normal q = vae.encode(encTape, encTape.constant(x));
      System.arraycopy(q.loc.value.data, 0, loc.data, from * nz, m * nz);
      System.arraycopy(q.logVar.value.data, 0, logVar.data, from * nz, m * nz);
      Xoshiro256[] rngs = new Xoshiro256[m];
      for (int j = 0; j < m; j++) rngs[j] = imageNoise(seed, keys == null ? from + j : keys[from + j]);
      RunningLogSumExp[] acc = new RunningLogSumExp[m];
      for (int j = 0; j < m; j++) acc[j] = new RunningLogSumExp(ks, bounds[from + j]);
      for (int s = 0; s < maxK; s += chunk) {
        int c = Math.min(chunk, maxK - s);
        Tensor eps1 = noise(decTape, rngs, c, nz), eps2 = nz2 == 0 ? null : noise(decTape, rngs, c, nz2);
        Normal qc = new Normal(decTape.constant(q.loc.value), decTape.constant(q.logVar.value));
        Var logW = vae.logWeights(qc, x, c, eps1, eps2);                                    // [m·c, 1]
        for (int j = 0; j < m; j++) for (int r = 0; r < c; r++) acc[j].add(logW.value.data[j * c + r]);
        decTape.reset();
      }
      for (int j = 0; j < m; j++) elbo[from + j] = acc[j].meanOfAll();
      encTape.reset();
    }
  }

  /**
   * The generator of an image's noise: seeded by (seed, key) alone, so that an image's L_k does
   * not depend on the thread that evaluates it or on the images beside it.
   */
  public static Xoshiro256 imageNoise(long seed, long key) {
    return new Xoshiro256(seed * 0x9E3779B97F4A7C15L + key);
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  /** ε for c samples of each image, rows j·c .. j·c + c − 1 drawn from image j's generator. */
  private static Tensor noise(Tape tape, Xoshiro256[] rngs, int c, int dim) {
    Tensor eps = tape.alloc(rngs.length * c, dim);
    for (int j = 0; j < rngs.length; j++) {
      for (int e = j * c * dim; e < (j + 1) * c * dim; e++) eps.data[e] = (float) rngs[j].nextGaussian();
    }
    return eps;
  }

  /**
   * log Σ exp(a_i) over a stream, recording log (1/k) Σ_{i≤k} exp(a_i) when the count reaches
   * each k; also the plain mean (1/K) Σ a_i of everything added.
   */
  private static final class RunningLogSumExp {
    private final int[] ks;
    private final double[] out;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    private double total;
    private int count;
    private int nextK;

    RunningLogSumExp(int[] ks, double[] out) {
      this.ks = ks;
      this.out = out;
    }

    void add(double a) {
      total += a;
      if (a > max) {
        sum = sum * Math.exp(max - a) + 1;
        max = a;
      } else {
        sum += Math.exp(a - max);
      }
      count++;
      while (nextK < ks.length && ks[nextK] == count) {
        out[nextK] = max + Math.log(sum) - Math.log(count);
        nextK++;
      }
    }

    double meanOfAll() {
      return total / count;
    }
  }
}
