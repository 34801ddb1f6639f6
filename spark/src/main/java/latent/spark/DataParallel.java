package latent.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import latent.model.Weights;
import latent.nn.Parameter;
import latent.optim.Optimizer;
import latent.random.Xoshiro256;
import latent.train.NumericalGuard;
import latent.train.RunConfig;
import latent.train.Training;
import latent.train.TrainingStep;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-parallel AEVB on Spark, the driver's side of {@link Vae#fit}. The rows are cached as one
 * {@link Shard} per partition; the model starts as {@code latent train}'s does (the same seed,
 * the same initialisation). Each round broadcasts the parameters, every partition with rows
 * takes S steps of b = ⌊M / P⌋ rows ({@link PartitionTrainer}), and the driver combines the
 * results in partition order, weighted by rows:
 *
 * <pre>
 *   S = 1:  g = Σ_p (n_p / n) g_p;  θ ← the optimizer's step with g (the guards as latent train's)
 *   S > 1:  θ = Σ_p (n_p / n) θ_p,  and the optimizer's moments likewise
 * </pre>
 *
 * A round is S·b·P images; training ends after ⌈epochs × N / (b·P)⌉ steps of each partition (N
 * the training rows; the last round takes the steps left), the learning rate following the
 * run's schedule by epoch. At each epoch's end and at the last round
 * the held-out rows are scored (their mean L_1, each row's noise keyed by its values). Every
 * round is a row of the metrics table, logged by the driver.
 */
final class DataParallel {
  private static final Logger LOG = LoggerFactory.getLogger(Vae.class);

  /** What a fit returns: the model's files and the metrics table. */
  record Trained(RunFiles files, List<VaeModel.TrainingRound> rounds) {}

  private final RunConfig run;
  private final int localSteps;
  private final double heldOut;
  private final int threads;

  DataParallel(RunConfig run, int localSteps, double heldOut, int threads) {
    this.run = run;
    this.localSteps = localSteps;
    this.heldOut = heldOut;
    this.threads = threads;
  }

  Trained fit(Dataset<Row> df, InputColumns columns) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    Dataset<Row> input = df.select(functions.col(InputCheck.quote(columns.input)));
    InputColumns c = InputColumns.of("Vae", input.schema(), columns.input, "", columns.size).forTraining();
    double share = heldOut;
    JavaRDD<Shard> shards = input.javaRDD().mapPartitionsWithIndex((p, rows) -> List.of(Shard.of(p, rows, c, share)).iterator(), true)
        .persist(StorageLevel.MEMORY_ONLY());
    try {
      return train(jsc, shards);
    } finally {
      shards.unpersist(false);
    }
  }

  private Trained train(JavaSparkContext jsc, JavaRDD<Shard> shards) {
    List<Shard.Summary> summaries = shards.map(Shard::summary).collect();
    long n = 0;
    int active = 0, d = run.model().inputSize();
    double[] columnSums = new double[d];
    for (Shard.Summary s : summaries) {   // in partition order
      n += s.rows();
      if (s.rows() > 0) active++;
      for (int j = 0; j < d; j++) columnSums[j] += s.columnSums()[j];
    }
    if (n == 0) throw new IllegalArgumentException("Vae: no rows left to train on (heldOut " + heldOut + " of " + summaries.size() + " partitions' rows)");
    var t = run.training();
    int batchRows = Math.max(1, t.schedule().batchSize() / active);
    if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("Vae: " + n + " training rows; at most " + Integer.MAX_VALUE);

    Xoshiro256 root = new Xoshiro256(t.runtime().seed());
    latent.model.Vae vae = new latent.model.Vae(run.model(), root.split(1));   // latent train's initialisation
    if (run.model().outputBiasFromData()) {
      for (int j = 0; j < d; j++) columnSums[j] /= n;
      Training.initOutputBias(vae, columnSums);
    }
    Optimizer optimizer = t.optimizer().create((int) n);
    TrainingStep step = new TrainingStep(vae, optimizer, t.objective());
    if (!step.runningState().isEmpty()) {
      throw new IllegalArgumentException("Vae: gradient: " + t.objective().gradient().flag()
          + " keeps a running average of its signal, which partitions cannot share; choose pathwise, stl or dreg");
    }
    if (t.schedule().earlyStopping().isOn()) {
      throw new IllegalArgumentException("Vae: settings: early stopping (training.schedule.earlyStopping) is for latent train; on Spark the held-out ELBO is in the metrics table");
    }
    List<Parameter> params = step.parameters();
    NumericalGuard guard = new NumericalGuard(run.safeguards());
    PartitionTrainer.Spec spec = new PartitionTrainer.Spec(UUID.randomUUID().toString(), run.toJson(), localSteps, batchRows, active, (int) n, threads);
    Broadcast<PartitionTrainer.Spec> specs = jsc.broadcast(spec);

    long imagesPerRound = (long) localSteps * batchRows * active;
    long budget = t.schedule().budget(n);
    long steps = Math.max(1, (budget + (long) batchRows * active - 1) / ((long) batchRows * active));   // each partition's, in all
    int rounds = (int) ((steps + localSteps - 1) / localSteps);   // the last takes the steps left
    LOG.info("Vae: {} training rows ({} held out) in {} partitions, {} rows per step each, S = {}: {} rounds of {} images",
        n, summaries.stream().mapToLong(Shard.Summary::heldOut).sum(), active, batchRows, localSteps, rounds, imagesPerRound);
    LOG.info("Vae: round,epoch,images_seen,train_bound,held_out_elbo,seconds");

    List<VaeModel.TrainingRound> table = new ArrayList<>();
    long images = 0, start = System.nanoTime();
    long optimizerSteps = 0;
    for (int r = 0; r < rounds; r++) {
      int epoch = (int) (images / n);
      float lr = t.schedule().learningRate(t.optimizer().learningRate(), epoch, images, n);   // for the round's S steps
      List<float[]> moments = optimizer.state();
      int stepsNow = (int) Math.min(localSteps, steps - (long) r * localSteps);
      PartitionTrainer.Round round = new PartitionTrainer.Round(r, stepsNow, values(params),
          localSteps == 1 || moments.isEmpty() ? null : moments.toArray(float[][]::new), optimizerSteps, lr);
      List<PartitionTrainer.Result> results = onEachShard(jsc, shards, specs, round, PartitionTrainer::round);
      long rows = 0;
      double boundSum = 0;
      for (PartitionTrainer.Result res : results) {
        rows += res.rows();
        boundSum += res.boundSum();
      }
      double bound = boundSum / rows;
      if (localSteps == 1) {
        average(results, rows, params, true);
        optimizer.setLearningRate(lr);
        if (guard.admit(bound, params)) optimizer.step(params);
        if (guard.tripped()) throw new IllegalStateException("Vae: training diverged at round " + r + ": " + guard.lastProblem());
      } else {
        average(results, rows, params, false);
        optimizerSteps += stepsNow;
        optimizer.restore(params, averageMoments(results, rows), optimizerSteps);
      }
      images += rows;
      boolean epochEnds = images / n > epoch || r == rounds - 1;
      double heldOutElbo = epochEnds ? heldOutElbo(jsc, shards, specs, params, r) : Double.NaN;
      var row = new VaeModel.TrainingRound(r + 1, (double) images / n, images, bound, heldOutElbo, (System.nanoTime() - start) / 1e9);
      table.add(row);
      LOG.info("Vae: {}", row.csv());
    }
    specs.destroy();
    byte[] weights = Weights.bytes(vae.parameters(), Map.of("trained_by", "latent.spark.Vae", "local_steps", Integer.toString(localSteps),
        "partitions", Integer.toString(active)));
    return new Trained(new RunFiles("Vae.fit", run.toJson(), weights, null, null), table);
  }

  /** The held-out rows' mean L_1 under the current parameters, NaN without held-out rows. */
  private double heldOutElbo(JavaSparkContext jsc, JavaRDD<Shard> shards, Broadcast<PartitionTrainer.Spec> specs, List<Parameter> params, int r) {
    var parts = onEachShard(jsc, shards, specs, new PartitionTrainer.Round(r, 0, values(params), null, 0, 0), PartitionTrainer::heldOut);
    double sum = 0;
    long rows = 0;
    for (PartitionTrainer.HeldOut h : parts) {
      sum += h.sum();
      rows += h.rows();
    }
    return rows == 0 ? Double.NaN : sum / rows;
  }

  /** What a task does with its shard in a round. */
  interface ShardTask<T> extends java.io.Serializable {
    T run(Shard shard, PartitionTrainer.Spec spec, PartitionTrainer.Round round);
  }

  /** One Spark job: {@code round} broadcast, {@code task} run on every shard, the results in partition order. */
  private static <T> List<T> onEachShard(JavaSparkContext jsc, JavaRDD<Shard> shards, Broadcast<PartitionTrainer.Spec> specs,
                                         PartitionTrainer.Round round, ShardTask<T> task) {
    Broadcast<PartitionTrainer.Round> rb = jsc.broadcast(round);
    try {
      return shards.map(s -> task.run(s, specs.value(), rb.value())).collect();
    } finally {
      rb.destroy();
    }
  }

  private static float[][] values(List<Parameter> params) {
    return params.stream().map(p -> p.value.data.clone()).toArray(float[][]::new);
  }

  /** Σ_p (n_p / n) x_p into the parameters' gradients or values, in partition order. */
  private static void average(List<PartitionTrainer.Result> results, long rows, List<Parameter> params, boolean gradients) {
    for (int i = 0; i < params.size(); i++) {
      float[] into = (gradients ? params.get(i).grad : params.get(i).value).data;
      double[] acc = new double[into.length];
      for (PartitionTrainer.Result res : results) {
        if (res.rows() == 0) continue;
        double w = (double) res.rows() / rows;
        float[] v = res.values()[i];
        for (int e = 0; e < acc.length; e++) acc[e] += w * v[e];
      }
      for (int e = 0; e < acc.length; e++) into[e] = (float) acc[e];
    }
  }

  private static List<float[]> averageMoments(List<PartitionTrainer.Result> results, long rows) {
    PartitionTrainer.Result first = results.stream().filter(r -> r.rows() > 0).findFirst().orElseThrow();
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < first.moments().length; i++) {
      double[] acc = new double[first.moments()[i].length];
      for (PartitionTrainer.Result res : results) {
        if (res.rows() == 0) continue;
        double w = (double) res.rows() / rows;
        float[] v = res.moments()[i];
        for (int e = 0; e < acc.length; e++) acc[e] += w * v[e];
      }
      float[] m = new float[acc.length];
      for (int e = 0; e < acc.length; e++) m[e] = (float) acc[e];
      out.add(m);
    }
    return out;
  }
}
