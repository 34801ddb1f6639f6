package latent.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import latent.data.Dataset;
import latent.data.FileData;
import latent.eval.AnomalyScores;
import latent.tensor.Parallel;
import latent.tensor.Tensor;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's overhead over {@code latent score}, in one process: the same rows scored by latent on
 * all cores (read the .npy, scale, L_k) and by {@link VaeModel#transform} on {@code local[N]}
 * (read Parquet, check, scale, L_k, discard through the "noop" sink; then again without the
 * input check), alternately, R times each; prints rows/s medians and the overhead
 * 1 − Spark/latent per k.
 *
 * <pre>
 *   java ... latent.spark.TransformBench RUN ROWS.npy [K,K,...] [REPEATS] [MASTER] [FILES]
 *   (defaults 1,100  5  local[2]  4 per core: the Parquet part files, hence the tasks)
 * </pre>
 */
public final class TransformBench {
  private TransformBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: TransformBench RUN ROWS.npy [K,K,...] [REPEATS] [MASTER]");
      System.exit(2);
    }
    String run = args[0];
    Path npy = Path.of(args[1]);
    int[] ks = Arrays.stream((args.length > 2 ? args[2] : "1,100").split(",")).mapToInt(Integer::parseInt).toArray();
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    String master = args.length > 4 ? args[4] : "local[2]";
    int files = args.length > 5 ? Integer.parseInt(args[5]) : 0;

    SparkSession spark = SparkSession.builder().master(master).appName("latent transform bench").config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Tensor raw = FileData.readMatrix(npy);
    String parquet = Files.createTempDirectory("latent-bench").resolve("rows.parquet").toString();
    writeParquet(spark, raw, parquet, files > 0 ? files : 4 * spark.sparkContext().defaultParallelism());
    VaeModel model = VaeModel.fromRun(run).setLatentMeanCol("").setLatentLogVarCol("").setElboCol("");
    LoadedRun loaded = LoadedRun.of(RunFiles.read(run, spark.sparkContext().hadoopConfiguration()));
    System.out.printf("%s: %,d rows of %d values (as Parquet: %s), %s, %d cores, %s%n", npy, raw.rows, raw.cols, parquet, master, Parallel.CORES, model);
    System.out.printf("%6s %14s %14s %10s %22s %10s%n", "k", "latent rows/s", "Spark rows/s", "overhead", "Spark, no check rows/s", "overhead");
    for (int k : ks) {
      double[] latent = new double[repeats], onSpark = new double[repeats], unchecked = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        long t0 = System.nanoTime();
        Tensor x = FileData.readMatrix(npy);
        Dataset data = loaded.scaling().scaleNew(npy.toString(), x, m -> { });
        AnomalyScores.of(loaded.vae(), data, k, loaded.scoreSeed());
        latent[r] = raw.rows / ((System.nanoTime() - t0) / 1e9);
        onSpark[r] = sparkRowsPerSecond(spark, model.setK(k).setCheckInput(true), parquet, raw.rows);
        unchecked[r] = sparkRowsPerSecond(spark, model.setCheckInput(false), parquet, raw.rows);
        System.out.printf("  k %d, repeat %d: latent %,.0f rows/s, Spark %,.0f rows/s, no check %,.0f rows/s%n", k, r + 1, latent[r], onSpark[r], unchecked[r]);
      }
      double l = median(latent), s = median(onSpark), u = median(unchecked);
      System.out.printf("%6d %,14.0f %,14.0f %9.1f%% %,22.0f %9.1f%%%n", k, l, s, 100 * (1 - s / l), u, 100 * (1 - u / l));
    }
    spark.stop();
  }

  /** One transform of the Parquet rows, its output discarded ("noop"), in rows per second. */
  static double sparkRowsPerSecond(SparkSession spark, VaeModel model, String parquet, int rows) {
    long t = System.nanoTime();
    model.transform(spark.read().parquet(parquet)).write().format("noop").mode(SaveMode.Overwrite).save();
    return rows / ((System.nanoTime() - t) / 1e9);
  }

  /** {@code x} as Parquet in {@code files} part files: {@code id} (long), {@code features} (array<float>). */
  static void writeParquet(SparkSession spark, Tensor x, String path, int files) {
    StructType schema = new StructType().add("id", DataTypes.LongType, false).add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    int chunk = 100_000;
    for (int from = 0; from < x.rows; from += chunk) {
      List<Row> rows = new ArrayList<>();
      for (int i = from; i < Math.min(x.rows, from + chunk); i++) {
        Float[] v = new Float[x.cols];
        for (int j = 0; j < x.cols; j++) v[j] = x.data[i * x.cols + j];
        rows.add(RowFactory.create((long) i, v));
      }
      spark.createDataFrame(rows, schema).repartition(Math.max(1, files * (Math.min(x.rows, from + chunk) - from) / x.rows))
          .write().mode(from == 0 ? SaveMode.Overwrite : SaveMode.Append).parquet(path);
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
