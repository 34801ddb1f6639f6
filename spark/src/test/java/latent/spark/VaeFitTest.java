package latent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import latent.nn.Parameter;
import latent.optim.Optimizer;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;
import latent.train.RunConfig;
import latent.train.TrainingStep;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Training on Spark: exact against one machine at S = 1, deterministic, retried tasks change nothing, model selection. */
class VaeFitTest extends LocalSparkTest {
  static final int ROWS = 80, D = Fixture.COLUMNS;

  /** {@code n} rows in (0, 1): the fixture's factor model through a logistic function, per column. */
  static Tensor unitRows(int n, long seed) {
    return unitRows(n, seed, 1);
  }

  /** As {@link #unitRows(int, long)}, the logits multiplied by {@code sharpness} (large: values near 0 and 1). */
  static Tensor unitRows(int n, long seed, double sharpness) {
    Tensor x = Fixture.rows(n, seed);
    for (int i = 0; i < x.size(); i++) {
      int j = i % D;
      x.data[i] = (float) (1 / (1 + Math.exp(-sharpness * (x.data[i] - j) / (3 + j))));
    }
    return x;
  }

  /** {@code x} as a DataFrame of exactly {@code partitions} partitions, in order: rows 0 .. n/P − 1 in the first. */
  static Dataset<Row> frame(Tensor x, int partitions) {
    return frame(spark, x, partitions);
  }

  static Dataset<Row> frame(org.apache.spark.sql.SparkSession spark, Tensor x, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.rows; i++) {
      Float[] v = new Float[x.cols];
      for (int j = 0; j < x.cols; j++) v[j] = x.data[i * x.cols + j];
      rows.add(RowFactory.create((Object) v));
    }
    StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions), schema);
  }

  static Vae small() {
    return new Vae().setHidden(16).setLatent(3).setBatchSize(16).setEpochs(10).setBinarization("none").setHeldOut(0).setSeed(7);
  }

  static List<Parameter> weights(VaeModel m) {
    return LoadedRun.of(m.files()).vae().parameters();
  }

  /**
   * S = 1 on 2 partitions of 40 rows, 8 rows each per step, is one machine's training with
   * batches of 16: the same 50 Adam steps on the union of the two partitions' batches, with
   * the same ε. They differ only in rounding: the driver averages two 8-row mean gradients
   * where one machine sums 16 rows in one product, so each step's gradient differs in its last
   * bits (float32: relative 6e-8), and 50 Adam steps carry that forward: measured 6e-8 of the
   * largest weight; the bound allows 1e-6.
   */
  @Test
  void oneLocalStepIsOneMachineOnTheUnionOfTheBatches() {
    oneLocalStepIsOneMachine(small());
  }

  /**
   * The same with a KL weight warmed up over the fit: its clock is the images of every
   * partition. (Free bits are left out: their floor is on each partition's minibatch KL, of b
   * rows, where one machine's is on 2b rows, so the two differ by design.)
   */
  @Test
  void oneLocalStepIsOneMachineWithAKlWarmup() {
    oneLocalStepIsOneMachine(small().setSettings("{\"training.objective.kl.weight\": 0.5, \"training.objective.kl.warmupImages\": 600}"));
  }

  /** The same for the IWAE bound with k = 3 and DReG, and for the ELBO's estimator A with sticking the landing. */
  @Test
  void oneLocalStepIsOneMachineForOtherBoundsAndEstimators() {
    oneLocalStepIsOneMachine(small().setObjective("iwae").setK(3).setGradient("dreg"));
    oneLocalStepIsOneMachine(small().setEstimator("A").setGradient("stl"));
  }

  private void oneLocalStepIsOneMachine(Vae estimator) {
    Tensor x = unitRows(ROWS, 3);
    VaeModel fitted = estimator.fit(frame(x, 2));
    assertEquals(50, fitted.trainingRounds().size());

    RunConfig run = estimator.runConfig(D);
    long seed = 7;
    latent.model.Vae vae = new latent.model.Vae(run.model(), new Xoshiro256(seed).split(1));
    Optimizer adam = run.training().optimizer().create(ROWS);
    TrainingStep step = new TrainingStep(vae, adam, run.training().objective());
    int b = 8, n = ROWS / 2;
    Tensor batch = Tensor.zeros(2 * b, D);
    for (int t = 0; t < 50; t++) {
      ArrayDeque<Double> eps = new ArrayDeque<>();
      for (int p = 0; p < 2; p++) {
        for (int i = 0; i < b; i++) {
          long k = (long) t * b + i;
          int row = p * n + PartitionTrainer.permutation(seed, p, (int) (k / n), n)[(int) (k % n)];
          System.arraycopy(x.data, row * D, batch.data, (p * b + i) * D, D);
        }
        Xoshiro256 noise = PartitionTrainer.stream(seed, 3, p, t);
        for (int e = 0; e < b * run.model().latentSize() * run.training().objective().samples(); e++) eps.add(noise.nextGaussian());
      }
      step.imagesSeen((long) t * 2 * b);
      step.run(batch, new Replay(eps));
      assertTrue(eps.isEmpty(), "the step drew all the partitions' noise and no more");
    }
    double worst = 0, scale = 0;
    List<Parameter> spark = weights(fitted), one = vae.parameters();
    for (int i = 0; i < one.size(); i++) {
      for (int e = 0; e < one.get(i).size(); e++) {
        worst = Math.max(worst, Math.abs(spark.get(i).value.data[e] - one.get(i).value.data[e]));
        scale = Math.max(scale, Math.abs(one.get(i).value.data[e]));
      }
    }
    System.out.printf("S = 1 against one machine after 50 steps: largest weight difference %.3g (largest weight %.3g)%n", worst, scale);
    assertTrue(worst < 1e-6 * scale, "largest difference " + worst + " of weights up to " + scale);
  }

  /** Gaussians from a queue: what a step draws, replayed. */
  static final class Replay implements java.util.random.RandomGenerator {
    final ArrayDeque<Double> gaussians;

    Replay(ArrayDeque<Double> gaussians) {
      this.gaussians = gaussians;
    }

    @Override
    public double nextGaussian() {
      return gaussians.removeFirst();
    }

    @Override
    public long nextLong() {
      throw new AssertionError("the ELBO's pathwise step draws only Gaussians");
    }
  }

  @Test
  void twoFitsWithOneSeedAndPartitioningAreTheSameBits() {
    Tensor x = unitRows(ROWS, 4);
    for (int s : new int[] {1, 3}) {
      byte[] a = small().setLocalSteps(s).setEpochs(2).fit(frame(x, 3)).files().weights();
      byte[] b = small().setLocalSteps(s).setEpochs(2).fit(frame(x, 3)).files().weights();
      assertArrayEquals(a, b, "S = " + s);
    }
  }

  /** A task that fails midway through its round is run again by Spark; the model is the same bits. */
  @Test
  void aTaskKilledMidRoundGivesTheSameModelAfterItsRetry() {
    Tensor x = unitRows(ROWS, 5);
    for (int s : new int[] {1, 4}) {
      byte[] clean = small().setLocalSteps(s).setEpochs(3).fit(frame(x, 2)).files().weights();
      int before = PartitionTrainer.FAILED.get();
      System.setProperty(PartitionTrainer.FAIL_ONCE, "2:1");
      byte[] retried;
      try {
        retried = small().setLocalSteps(s).setEpochs(3).fit(frame(x, 2)).files().weights();
      } finally {
        System.clearProperty(PartitionTrainer.FAIL_ONCE);
      }
      assertEquals(before + 1, PartitionTrainer.FAILED.get(), "the hook failed one task");
      assertArrayEquals(clean, retried, "S = " + s);
    }
  }

  /** The metrics table: a row per round, the held-out ELBO at each epoch's end, rising. */
  @Test
  void eachRoundIsARowOfTheMetricsTable() {
    Tensor x = unitRows(400, 6);
    VaeModel m = small().setHeldOut(0.2).setLocalSteps(7).setEpochs(4).fit(frame(x, 2));
    List<VaeModel.TrainingRound> rounds = m.trainingRounds();
    long epochEnds = rounds.stream().filter(r -> !Double.isNaN(r.heldOutElbo())).count();
    assertEquals(4, epochEnds, rounds.toString());
    VaeModel.TrainingRound first = rounds.stream().filter(r -> !Double.isNaN(r.heldOutElbo())).findFirst().orElseThrow(), last = rounds.getLast();
    assertTrue(last.epochs() >= 4 && last.epochs() < 4.5, "epochs " + last.epochs());
    assertTrue(last.heldOutElbo() > first.heldOutElbo(), first + " then " + last);
    // ⌈4n / 16⌉ steps of 8 rows in each partition, 7 a round, the last round the steps left
    long n = Math.round(last.images() / last.epochs()), steps = (4 * n + 15) / 16;
    assertTrue(steps % 7 != 0, "the last round is a short one: " + steps + " steps");
    assertEquals(steps * 16, last.images(), "images seen, n = " + n);
    assertEquals((steps + 6) / 7, rounds.size());
  }

  /** TrainValidationSplit over two latent sizes fits both, scores them with BoundEvaluator and keeps the better. */
  @Test
  void trainValidationSplitPicksTheBetterLatentSize() {
    Tensor x = unitRows(600, 8, 6);   // nearly binary rows, so the latent factors carry most of the bound
    Vae vae = small().setEpochs(15).setLocalSteps(5).setLearningRate(0.01).setLatent(1);
    ParamMap[] grid = new ParamGridBuilder().addGrid(vae.latent(), new int[] {1, 4}).build();
    TrainValidationSplitModel tvs = new TrainValidationSplit().setEstimator(vae).setEvaluator(new BoundEvaluator())
        .setEstimatorParamMaps(grid).setTrainRatio(0.75).setSeed(3).fit(frame(x, 2));
    double[] metrics = tvs.validationMetrics();
    System.out.printf("TrainValidationSplit: validation ELBO %.3f (Nz = 1), %.3f (Nz = 4)%n", metrics[0], metrics[1]);
    int best = metrics[1] > metrics[0] ? 1 : 0;
    assertEquals(new int[] {1, 4}[best], ((VaeModel) tvs.bestModel()).latentSize());
    assertTrue(metrics[1] > metrics[0] + 0.1, "four latent dimensions fit two factors better than one: " + metrics[0] + ", " + metrics[1]);
    Dataset<Row> scored = tvs.transform(frame(x, 2));
    assertEquals(600, scored.count());
  }

  @Test
  void badSettingsAndInputFailBeforeAnyStep() {
    Tensor x = unitRows(ROWS, 9);
    Dataset<Row> df = frame(x, 2);
    var lr = assertThrows(IllegalArgumentException.class, () -> small().setLearningRate(-3).fit(df));
    assertEquals("Vae: learningRate: expected a positive number, got -3.0", lr.getMessage());
    var latent = assertThrows(IllegalArgumentException.class, () -> small().setLatent(0).fit(df));
    assertTrue(latent.getMessage().startsWith("Vae: latent: "), latent.getMessage());
    var objective = assertThrows(IllegalArgumentException.class, () -> small().setObjective("nope").fit(df));
    assertTrue(objective.getMessage().startsWith("Vae: objective: "), objective.getMessage());
    var path = assertThrows(IllegalArgumentException.class, () -> small().setSettings("{\"training.nothing\": 1}").fit(df));
    assertEquals("Vae: settings: no setting training.nothing", path.getMessage());
    Tensor raw = Fixture.rows(ROWS, 9);
    var range = assertThrows(IllegalArgumentException.class, () -> small().fit(frame(raw, 2)));
    assertTrue(range.getMessage().startsWith("Vae: column 'features': expected vectors of 12 values in [0, 1] in every row;"), range.getMessage());
    assertTrue(range.getMessage().contains("outside [0, 1]"), range.getMessage());
    var running = assertThrows(IllegalArgumentException.class, () -> small().setGradient("score-function/moving-average").fit(df));
    assertTrue(running.getMessage().startsWith("Vae: gradient: score-function"), running.getMessage());
    var stopping = assertThrows(IllegalArgumentException.class,
        () -> small().setSettings("{\"training.schedule.earlyStopping.patience\": 2, \"training.data.validation\": 10}").fit(df));
    assertTrue(stopping.getMessage().startsWith("Vae: settings: early stopping"), stopping.getMessage());
    var missing = assertThrows(IllegalArgumentException.class, () -> small().setInputCol("pixels").fit(df));
    assertEquals("Vae: no column 'pixels' (inputCol); the DataFrame has [features]", missing.getMessage());
  }
}
