package latent.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import latent.data.Binarization;
import latent.data.Dataset;
import latent.eval.LogLikelihood;
import latent.model.Vae;
import latent.nn.Parameter;
import latent.optim.Optimizer;
import latent.random.Xoshiro256;
import latent.tensor.Parallel;
import latent.tensor.Tensor;
import latent.train.NumericalGuard;
import latent.train.RunConfig;
import latent.train.TrainingStep;
import org.apache.spark.TaskContext;

/**
 * What a task of {@link DataParallel} runs on its partition's {@link Shard}: one round of
 * training from the broadcast {@link Round}, or the held-out ELBO of the broadcast parameters.
 * Its result is a function of the round, the shard and the seed alone, so a task Spark retries
 * returns the same numbers. Local step t of partition p (t = round·S + s) draws its rows, their
 * binarization and its noise ε from streams of its own:
 *
 * <pre>
 *   rows:   the partition's rows in epochs, each a permutation drawn from stream (seed, 2, p, epoch);
 *           step t takes rows t·b .. t·b + b − 1 of that endless sequence
 *   binarization (dynamic): stream (seed, 4, p, t);   ε: stream (seed, 3, p, t)
 * </pre>
 *
 * The network, its training step and buffers are kept per executor between rounds (a few per
 * fit), and every value in them is overwritten from the broadcast at the start of a round.
 */
final class PartitionTrainer {
  private PartitionTrainer() {}

  /** What a fit's tasks share, broadcast once. */
  record Spec(String fitId, String config, int localSteps, int batchRows, int partitions, int trainingRows, int threads) implements Serializable {}

  /** A round's inputs, broadcast once per round: its steps (S; the last round fewer), the parameters, and with S > 1 the optimizer's state. */
  record Round(int index, int steps, float[][] params, float[][] moments, long optimizerSteps, float learningRate) implements Serializable {}

  /**
   * One task's result: the rows it trained on, Σ (mean bound × rows) over its steps, its skipped
   * steps, and the gradients (S = 1) or the parameters and moments it ended with (S > 1).
   */
  record Result(int partition, long rows, double boundSum, long badSteps, float[][] values, float[][] moments) implements Serializable {}

  /** The held-out rows' Σ L_1 and count. */
  record HeldOut(double sum, long rows) implements Serializable {}

  /** Test hook: "round:partition" makes that task fail once, midway, before Spark retries it. */
  static final String FAIL_ONCE = "latent.spark.failOnce";
  /** How many tasks the hook has failed. */
  static final java.util.concurrent.atomic.AtomicInteger FAILED = new java.util.concurrent.atomic.AtomicInteger();

  private static final Map<String, Worker> WORKERS = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Worker> eldest) {
      return size() > 16;
    }
  };

  static Result round(Shard shard, Spec spec, Round round) {
    return onWorker(shard, spec, w -> w.round(round));
  }

  static HeldOut heldOut(Shard shard, Spec spec, Round round) {
    return onWorker(shard, spec, w -> w.heldOut(round));
  }

  /** Runs {@code body} on the partition's worker, alone, on the fit's threads per task. */
  private static <T> T onWorker(Shard shard, Spec spec, java.util.function.Function<Worker, T> body) {
    Worker w = worker(shard, spec);
    synchronized (w) {
      List<T> out = new ArrayList<>(1);
      Parallel.limitedTo(spec.threads(), () -> out.add(body.apply(w)));
      return out.getFirst();
    }
  }

  private static Worker worker(Shard shard, Spec spec) {
    String key = spec.fitId() + "/" + shard.partition();
    synchronized (WORKERS) {
      return WORKERS.computeIfAbsent(key, k -> new Worker(shard, spec));
    }
  }

  /** A generator of its own for each (seed, indices...): independent streams, nothing shared. */
  static Xoshiro256 stream(long seed, long... indices) {
    Xoshiro256 g = new Xoshiro256(seed);
    for (long i : indices) g = g.split(i);
    return g;
  }

  /** One partition's training state on an executor. */
  private static final class Worker {
    final Shard shard;
    final Spec spec;
    final RunConfig run;
    final long seed;
    final Vae vae;
    final Optimizer optimizer;
    final TrainingStep step;
    final List<Parameter> params;
    final Tensor batch;
    private final int[] rowStarts;   // where each row of the batch starts in the partition's data
    private final long[] words;      // the batch's draws (dynamic binarization)
    final Tensor train;
    private int permutedEpoch = -1;
    private int[] permutation;

    Worker(Shard shard, Spec spec) {
      this.shard = shard;
      this.spec = spec;
      run = RunConfig.fromJson(spec.config());
      seed = run.training().runtime().seed();
      vae = new Vae(run.model(), new Xoshiro256(0));   // every value comes from the broadcast
      optimizer = run.training().optimizer().create(spec.trainingRows());
      step = new TrainingStep(vae, optimizer, run.training().objective());
      params = step.parameters();
      batch = Tensor.zeros(spec.batchRows(), shard.size());
      rowStarts = new int[batch.rows];
      words = new long[batch.rows * ((batch.cols + 1) / 2)];
      Tensor rows = shard.train();
      train = run.training().data().binarization() == Binarization.FIXED
          ? Binarization.binarizeOnce(new Dataset("partition " + shard.partition(), rows, null), stream(seed, 5, shard.partition()).nextLong()).x()
          : rows;
    }

    Result round(Round r) {
      load(r.params());
      if (train.rows == 0) return new Result(shard.partition(), 0, 0, 0, new float[0][], null);
      String failOnce = System.getProperty(FAIL_ONCE);
      boolean fail = (r.index() + ":" + shard.partition()).equals(failOnce) && TaskContext.get() != null && TaskContext.get().attemptNumber() == 0;
      int s = spec.localSteps();
      if (s == 1) {
        long t = r.index();
        fill(t);
        double mean = step.gradient(batch, stream(seed, 3, shard.partition(), t));
        if (fail) throw hook(r);
        return new Result(shard.partition(), batch.rows, mean * batch.rows, 0, copy(params, true), null);
      }
      optimizer.restore(params, r.moments() == null ? List.of() : java.util.Arrays.asList(r.moments()), r.optimizerSteps());
      optimizer.setLearningRate(r.learningRate());
      NumericalGuard guard = new NumericalGuard(run.safeguards());
      step.setGuard(guard);
      double boundSum = 0;
      for (int i = 0; i < r.steps(); i++) {
        long t = (long) r.index() * s + i;
        fill(t);
        boundSum += step.run(batch, stream(seed, 3, shard.partition(), t)) * batch.rows;
        if (guard.tripped()) throw new IllegalStateException("training diverged in partition " + shard.partition() + ": " + guard.lastProblem());
        if (fail && i == r.steps() / 2) throw hook(r);
      }
      return new Result(shard.partition(), (long) r.steps() * batch.rows, boundSum, guard.badSteps(), copy(params, false),
          optimizer.state().stream().map(float[]::clone).toArray(float[][]::new));
    }

    private RuntimeException hook(Round r) {
      FAILED.incrementAndGet();
      return new IllegalStateException("test hook " + FAIL_ONCE + ": the task of round " + r.index() + ", partition " + shard.partition() + " killed midway");
    }

    HeldOut heldOut(Round r) {
      load(r.params());
      Tensor x = shard.heldOut();
      if (x.rows == 0) return new HeldOut(0, 0);
      double[][] b = LogLikelihood.evaluate(vae, new Dataset("held out", x, null), shard.heldOutKeys(), new int[] {1},
          run.training().data().testSeed(), done -> { }).bounds();
      double sum = 0;
      for (double[] row : b) sum += row[0];
      return new HeldOut(sum, x.rows);
    }

    private void load(float[][] values) {
      for (int i = 0; i < params.size(); i++) System.arraycopy(values[i], 0, params.get(i).value.data, 0, values[i].length);
    }

    /** The rows of local step t into {@code batch}, binarized as configured; the step's clock set to t. */
    private void fill(long t) {
      int n = train.rows, d = train.cols, b = batch.rows;
      step.imagesSeen(t * b * spec.partitions());   // every partition's images before step t: a KL warm-up's clock
      Binarization bin = run.training().data().binarization();
      Xoshiro256 binarize = bin == Binarization.DYNAMIC ? stream(seed, 4, shard.partition(), t) : null;
      for (int i = 0; i < b; i++) {
        long k = t * b + i;
        rowStarts[i] = permutation((int) (k / n))[(int) (k % n)] * d;
        if (binarize == null) System.arraycopy(train.data, rowStarts[i], batch.data, i * d, d);
      }
      if (binarize != null) Binarization.sampleRows(train.data, rowStarts, b, d, batch.data, binarize, words);
    }

    private int[] permutation(int epoch) {
      if (epoch != permutedEpoch) {
        permutation = PartitionTrainer.permutation(seed, shard.partition(), epoch, train.rows);
        permutedEpoch = epoch;
      }
      return permutation;
    }
  }

  /** Partition {@code partition}'s row order in its {@code epoch}-th pass over its n rows (Fisher-Yates, stream (seed, 2, p, epoch)). */
  static int[] permutation(long seed, int partition, int epoch, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    Xoshiro256 g = stream(seed, 2, partition, epoch);
    for (int i = n - 1; i > 0; i--) {
      int j = g.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }

  /** The parameters' gradients (or values), copied. */
  private static float[][] copy(List<Parameter> params, boolean gradients) {
    List<float[]> out = new ArrayList<>();
    for (Parameter p : params) out.add((gradients ? p.grad : p.value).data.clone());
    return out.toArray(float[][]::new);
  }
}
