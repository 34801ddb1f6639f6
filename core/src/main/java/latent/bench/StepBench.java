package latent.bench;

import java.util.List;
import java.util.Map;
import latent.data.Batches;
import latent.data.Binarization;
import latent.data.Dataset;
import latent.model.Vae;
import latent.nn.Linear;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;
import latent.train.JitBusy;
import latent.train.NumericalGuard;
import latent.train.Preset;
import latent.train.RunConfig;
import latent.train.Safeguards;
import latent.train.TrainingStep;

/**
 * Times the full training step (forward, backward, optimizer) of one preset's run on random
 * binary data and counts its FLOPs as 6 × Σ over dense layers of rows × fan-in × fan-out (2 for
 * the forward product, 4 for the two backward products), with rows = batch for the encoder and
 * batch × samples for the decoder.
 */
public record StepBench(String name, RunConfig run) {
  /** MNIST's training images: N of the AEVB prior's weight decay 1/N. */
  static final int IMAGES = 60_000;

  /** The reference shapes: the three presets' runs, the IWAE paper's at k = 50. */
  public static List<StepBench> references() {
    return List.of(
        new StepBench("pytorch-example 784-400-20 relu, batch 128", Preset.PYTORCH_EXAMPLE.run(Preset.PYTORCH_EXAMPLE.model(784))),
        new StepBench("aevb 784-500-20 tanh, batch 100", Preset.AEVB.run(Preset.AEVB.model(784))),
        new StepBench("iwae-shape 784-200-200-50 tanh, batch 20, k=50", RunConfig.of(Preset.IWAE, 784, Map.of("training.objective.samples", 50))));
  }

  /** The longest warm-up, however long the JIT keeps compiling. */
  static final long MAX_WARMUP_NANOS = 10_000_000_000L;

  /** Timed windows per run: the 10th, 50th and 90th percentiles are windows 2, 10 and 18 of 21. */
  static final int WINDOWS = 21;

  /**
   * The median of the timed windows, the headline (the typical step, what a run sees), with the
   * 10th and 90th percentiles: a shared machine's noise shows as their spread.
   *
   * @param msPerStep ms per step of the median window
   * @param p10       of the fastest 10% of windows
   * @param p90       of the slowest 10%
   * @param imagesPerSecond and {@code gflops}: of the median window
   */
  public record Result(StepBench bench, double msPerStep, double p10, double p90, double imagesPerSecond, double gflops) {}

  public long flopsPerStep(Vae vae) {
    long encoder = 0, decoder = 0;
    for (Linear l : vae.encoder.body.layers()) encoder += (long) l.in() * l.out();
    encoder += 2L * vae.encoder.loc.in() * vae.encoder.loc.out();
    for (Linear l : vae.decoder.body.layers()) decoder += (long) l.in() * l.out();
    decoder += (long) vae.decoder.out.in() * vae.decoder.out.out();
    int batch = run.training().schedule().batchSize(), samples = run.training().objective().samples();
    return 6L * (batch * encoder + (long) batch * samples * decoder);
  }

  /**
   * Runs warm-up steps (until the JIT has settled), then {@value #WINDOWS} timed windows over about {@code seconds} of the
   * step alone on one batch and, given {@code images} ({@link Dataset#greyImages}), the same step as the
   * training loop takes it: its batch drawn from them and binarized afresh, and its gradients
   * checked for non-finite values before the update. Their timed windows alternate, one of each
   * in turn, so that a slow spell of a shared machine falls on both alike; each gets about
   * {@code seconds}.
   */
  public List<Result> run(double seconds, Dataset images) {
    List<java.util.function.DoubleSupplier> steps = images == null ? List.of(step(null)) : List.of(step(null), step(images));
    double sink = warmUp(() -> {
      double sum = 0;
      for (var step : steps) sum += step.getAsDouble();
      return sum;
    }, (long) (Math.min(2.0, seconds / 2) * 1e9), MAX_WARMUP_NANOS, new JitBusy()::busy, System::nanoTime);
    double[][] windows = new double[steps.size()][WINDOWS];
    for (int w = 0; w < WINDOWS; w++) {
      for (int v = 0; v < steps.size(); v++) {
        int n = 0;
        long t0 = System.nanoTime(), end = t0 + (long) (seconds / WINDOWS * 1e9);
        do {
          sink += steps.get(v).getAsDouble();
          n++;
        } while (System.nanoTime() < end);
        windows[v][w] = (System.nanoTime() - t0) / 1e9 / n;
      }
    }
    if (Double.isNaN(sink)) throw new IllegalStateException(name + ": training step produced NaN");
    int batch = run.training().schedule().batchSize();
    long flops = flopsPerStep(new Vae(run.model(), new Xoshiro256(1)));
    List<Result> results = new java.util.ArrayList<>();
    for (double[] v : windows) {
      java.util.Arrays.sort(v);
      double median = v[WINDOWS / 2];
      results.add(new Result(this, median * 1e3, v[WINDOWS / 10] * 1e3, v[WINDOWS - 1 - WINDOWS / 10] * 1e3, batch / median, flops / median / 1e9));
    }
    return results;
  }

  /**
   * Runs {@code step} for at least {@code minNanos}, then on while the JIT still compiles
   * ({@code compiling}, asked after every step: {@link JitBusy}'s rule), {@code maxNanos} at most:
   * the first step timed in a fresh JVM was timed while C2 used 50-100% of a core for its first
   * seconds, and its median and p90 carried them. Returns the sum of the steps' results.
   */
  static double warmUp(java.util.function.DoubleSupplier step, long minNanos, long maxNanos, java.util.function.BooleanSupplier compiling,
                       java.util.function.LongSupplier clock) {
    long start = clock.getAsLong();
    double sum = 0;
    for (boolean warm = true; warm; ) {
      sum += step.getAsDouble();
      boolean busy = compiling.getAsBoolean();
      long elapsed = clock.getAsLong() - start;
      warm = elapsed < minNanos || (busy && elapsed < maxNanos);
    }
    return sum;
  }

  /** One training step of a fresh model of this run: on a fixed batch, or (given images) on batches drawn from them. */
  private java.util.function.DoubleSupplier step(Dataset images) {
    Xoshiro256 rng = new Xoshiro256(1);
    Vae vae = new Vae(run.model(), rng);
    TrainingStep step = new TrainingStep(vae, run.training().optimizer().create(IMAGES), run.training().objective());
    int batch = run.training().schedule().batchSize();
    Tensor x = Tensor.zeros(batch, run.model().inputSize());
    for (int i = 0; i < x.size(); i++) x.data[i] = rng.nextFloat() < 0.13f ? 1f : 0f;   // MNIST's mean pixel
    if (images == null) return () -> step.run(x, rng);
    Batches batches = new Batches(images, batch, rng, Binarization.DYNAMIC);
    step.setGuard(new NumericalGuard(Safeguards.DEFAULT));
    return () -> {
      batches.next(x);
      return step.run(x, rng);
    };
  }
}
