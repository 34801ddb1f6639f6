package latent.spark;

import java.util.concurrent.Callable;
import latent.InputException;
import latent.eval.AnomalyScores;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The Spark job behind {@code spark-submit --class latent.spark.ScoreJob latent-spark-all.jar RUN INPUT OUTPUT}:
 * reads a table (Parquet unless {@code --format} says otherwise), adds {@link VaeModel}'s columns
 * and writes the result, then prints how many rows it scored and their mean L_k. Bad input is one
 * line on stderr and exit status 2.
 */
@Command(name = "latent.spark.ScoreJob", mixinStandardHelpOptions = true,
    description = {"Score a table with a latent model: each row gets its posterior mean and log-variance, L_k <= log p(x) and the ELBO.",
        "RUN is a run folder of latent train, or a VaeModel saved by Spark."})
public final class ScoreJob implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "the model: a run folder (local or any Hadoop file system)") String run;
  @Parameters(index = "1", paramLabel = "INPUT", description = "the table to score") String input;
  @Parameters(index = "2", paramLabel = "OUTPUT", description = "where the scored table goes") String output;
  @Option(names = "--k", paramLabel = "K", description = "importance samples per row (default " + AnomalyScores.DEFAULT_K + ")") Integer k;
  @Option(names = "--seed", paramLabel = "SEED", description = "the noise's seed (default: the run's test seed, as latent score)") Long seed;
  @Option(names = "--input-col", paramLabel = "COLUMN", description = "the column of vectors (default features)") String inputCol;
  @Option(names = "--key-col", paramLabel = "COLUMN", description = "integer or string keys that seed each row's noise (default: a hash of its values)") String keyCol;
  @Option(names = "--threads-per-task", paramLabel = "T", description = "threads each task scores with (default 1; match spark.task.cpus)") Integer threads;
  @Option(names = "--reconstruction", description = "also add E[x|z=μ], in a column named reconstruction") boolean reconstruction;
  @Option(names = "--format", paramLabel = "FORMAT", description = "the tables' format: parquet (default), orc, json, ...") String format = "parquet";
  @Option(names = "--overwrite", description = "replace OUTPUT if it exists (by default an existing OUTPUT is an error)") boolean overwrite;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the job; returns the exit status (0, or 2 for bad input). */
  static int execute(String[] args) {
    return run(new ScoreJob(), args);
  }

  /** Runs a job's command line: bad input (a message from latent or Spark's analysis) is one line on stderr and status 2. */
  static int run(Callable<Integer> job, String[] args) {
    CommandLine cl = new CommandLine(job);
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      if (!(e instanceof IllegalArgumentException || e instanceof InputException || e instanceof AnalysisException)) throw e;
      System.err.println("latent-spark: " + e.getMessage().lines().findFirst().orElse(""));
      return 2;
    });
    cl.setParameterExceptionHandler((e, a) -> {
      System.err.println("latent-spark: " + e.getMessage() + " (see --help)");
      return 2;
    });
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    VaeModel model = VaeModel.fromRun(run);   // before Spark starts: a bad folder fails fast
    if (k != null) model.setK(k);
    if (seed != null) model.setSeed(seed);
    if (inputCol != null) model.setInputCol(inputCol);
    if (keyCol != null) model.setKeyCol(keyCol);
    if (threads != null) model.setThreadsPerTask(threads);
    if (reconstruction) model.setReconstructionCol("reconstruction");
    SparkSession spark = SparkSession.builder().appName("latent score").getOrCreate();
    long start = System.nanoTime();
    Dataset<Row> rows = spark.read().format(format).load(input);
    model.transform(rows).write().format(format).mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).save(output);
    Row summary = spark.read().format(format).load(output).agg(functions.count("*"), functions.avg(model.getScoreCol())).first();
    System.out.printf("scored %,d rows in %.1f s: mean L_%d = %.3f nats (%s)%nwritten: %s%n", summary.getLong(0), (System.nanoTime() - start) / 1e9,
        model.getK(), summary.isNullAt(1) ? Double.NaN : summary.getDouble(1), model, output);
    return 0;
  }
}
