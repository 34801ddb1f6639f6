package latent.spark;

import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The Spark job behind {@code spark-submit --class latent.spark.TrainJob latent-spark-all.jar INPUT RUN}:
 * trains a {@link Vae} on a table's column of vectors (values in [0, 1]) and saves the model as a
 * run folder that {@code latent eval}, {@code score} and {@link VaeModel#load} open. Prints the
 * metrics table's epoch rows and the throughput. Bad input is one line on stderr and exit status 2.
 */
@Command(name = "latent.spark.TrainJob", mixinStandardHelpOptions = true,
    description = {"Train a VAE on a table with Spark (data parallel) and save it as a run folder.",
        "Settings start from --preset; the options override them as latent train's flags do."})
public final class TrainJob implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INPUT", description = "the table of training rows") String input;
  @Parameters(index = "1", paramLabel = "RUN", description = "where the trained model goes (a run folder; local or any Hadoop file system)") String output;
  @Option(names = "--format", paramLabel = "FORMAT", description = "the table's format: parquet (default), orc, json, ...") String format = "parquet";
  @Option(names = "--input-col", paramLabel = "COLUMN", description = "the column of vectors (default features)") String inputCol;
  @Option(names = "--preset", paramLabel = "NAME", description = "pytorch-example (default), aevb or iwae") String preset;
  @Option(names = "--local-steps", paramLabel = "S", description = "steps per partition between averages (default 1: gradients averaged every step)") Integer localSteps;
  @Option(names = "--hidden", split = ",", paramLabel = "W", description = "encoder hidden widths") int[] hidden;
  @Option(names = "--latent", paramLabel = "NZ", description = "latent size") Integer latent;
  @Option(names = "--objective", paramLabel = "NAME", description = "elbo or iwae") String objective;
  @Option(names = "--k", paramLabel = "K", description = "samples of z per datapoint") Integer k;
  @Option(names = "--lr", paramLabel = "ETA", description = "learning rate") Double learningRate;
  @Option(names = "--batch-size", paramLabel = "M", description = "minibatch size, split over the partitions") Integer batchSize;
  @Option(names = "--epochs", paramLabel = "N", description = "passes over the training rows") Integer epochs;
  @Option(names = "--seed", paramLabel = "S", description = "random seed") Long seed;
  @Option(names = "--held-out", paramLabel = "SHARE", description = "share of rows held out for the held-out ELBO (default 0.05)") Double heldOut;
  @Option(names = "--threads-per-task", paramLabel = "T", description = "threads per task (default 1)") Integer threads;
  @Option(names = "--settings", paramLabel = "JSON", description = "any other setting by its path, e.g. {\"safeguards.clipNorm\": 5}") String settings;
  @Option(names = "--partitions", paramLabel = "P", description = "repartition the rows into P partitions first (default: as read)") Integer partitions;
  @Option(names = "--overwrite", description = "replace RUN if it exists") boolean overwrite;

  /**
   * Settings that shorten a round trip (measured on MNIST, S = 1: 64 → 49 ms a round in local[2]):
   * each task's result (the gradients, or parameters and moments) comes back inline rather than
   * through the block manager, and the broadcast parameters are not compressed (floats do not
   * compress). Applied unless spark-submit sets them.
   */
  static final java.util.Map<String, String> ROUND_TRIP = java.util.Map.of(
      "spark.task.maxDirectResultSize", "256m",
      "spark.broadcast.compress", "false");

  public static void main(String[] args) {
    System.exit(ScoreJob.run(new TrainJob(), args));
  }

  @Override
  public Integer call() throws Exception {
    Vae vae = new Vae();
    if (inputCol != null) vae.setInputCol(inputCol);
    if (preset != null) vae.setPreset(preset);
    if (localSteps != null) vae.setLocalSteps(localSteps);
    if (hidden != null) vae.setHidden(hidden);
    if (latent != null) vae.setLatent(latent);
    if (objective != null) vae.setObjective(objective);
    if (k != null) vae.setK(k);
    if (learningRate != null) vae.setLearningRate(learningRate);
    if (batchSize != null) vae.setBatchSize(batchSize);
    if (epochs != null) vae.setEpochs(epochs);
    if (seed != null) vae.setSeed(seed);
    if (heldOut != null) vae.setHeldOut(heldOut);
    if (threads != null) vae.setThreadsPerTask(threads);
    if (settings != null) vae.setSettings(settings);
    SparkSession.Builder builder = SparkSession.builder().appName("latent train");
    SparkConf given = new SparkConf();   // what spark-submit was told
    ROUND_TRIP.forEach((key, value) -> {
      if (!given.contains(key)) builder.config(key, value);
    });
    SparkSession spark = builder.getOrCreate();
    var rows = spark.read().format(format).load(input);
    VaeModel model = vae.fit(partitions == null ? rows : rows.repartition(partitions));
    var rounds = model.trainingRounds();
    System.out.println("round,epochs,images_seen,train_bound,held_out_elbo,seconds   (each epoch's last round)");
    int shown = 0;
    for (VaeModel.TrainingRound r : rounds) {
      if ((int) r.epochs() > shown || r == rounds.getLast()) System.out.println(r.csv());
      shown = (int) r.epochs();
    }
    var last = rounds.getLast();
    System.out.printf("trained on %,d images in %.1f s (%,.0f images/s), %d rounds of S = %d%n", last.images(), last.seconds(),
        last.images() / last.seconds(), rounds.size(), vae.getLocalSteps());
    (overwrite ? model.write().overwrite() : model.write()).save(output);
    System.out.println("run folder: " + output);
    return 0;
  }
}
