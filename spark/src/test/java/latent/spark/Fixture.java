package latent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import latent.cli.Main;
import latent.data.Npy;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the Spark tests share: a local Spark session, tabular data in raw units (12 columns on
 * different ranges, two latent factors), a run that {@code latent train} fitted to them with
 * per-column scaling, and the {@code latent} command line run in-process.
 */
final class Fixture {
  static final int COLUMNS = 12;

  private Fixture() {}

  /** A session on {@code master}, quiet and without its web UI. */
  static SparkSession session(String master) {
    return SparkSession.builder().master(master).appName("latent-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
  }

  /** {@code n} rows of two latent factors seen through 12 noisy columns of different ranges. */
  static Tensor rows(int n, long seed) {
    Xoshiro256 r = new Xoshiro256(seed);
    Tensor x = Tensor.zeros(n, COLUMNS);
    for (int i = 0; i < n; i++) {
      double a = r.nextGaussian(), b = r.nextGaussian();
      for (int j = 0; j < COLUMNS; j++) {
        double v = Math.sin(j + 1.0) * a + Math.cos(2.0 * j) * b + 0.1 * r.nextGaussian();
        x.data[i * COLUMNS + j] = (float) (j + (3 + j) * v);
      }
    }
    return x;
  }

  /**
   * Rows to score: 40 like the training rows, some beyond the training range (clamped), then
   * copies of rows 0 and 5 and 4 rows of noise: 46 in all.
   */
  static Tensor scoringRows() {
    Tensor x = Tensor.zeros(46, COLUMNS);
    System.arraycopy(rows(40, 99).data, 0, x.data, 0, 40 * COLUMNS);
    for (int j = 0; j < COLUMNS; j++) x.data[3 * COLUMNS + j] *= 4;
    System.arraycopy(x.data, 0, x.data, 40 * COLUMNS, COLUMNS);
    System.arraycopy(x.data, 5 * COLUMNS, x.data, 41 * COLUMNS, COLUMNS);
    Xoshiro256 r = new Xoshiro256(5);
    for (int e = 42 * COLUMNS; e < 46 * COLUMNS; e++) x.data[e] = (float) (40 * r.nextGaussian());
    return x;
  }

  static Path npy(Path file, Tensor x) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      Npy.write(out, x);
    }
    return file;
  }

  /** A run trained by {@code latent train} on 300 rows with {@code --scale columns}, in {@code dir/run}. */
  static Path trainedRun(Path dir) throws Exception {
    Path data = npy(dir.resolve("train.npy"), rows(300, 1));
    Path run = dir.resolve("run");
    latent("train", "--data", data.toString(), "--scale", "columns", "--hidden", "16", "--latent", "3", "--epochs", "3",
        "--batch-size", "25", "--lr", "0.005", "--threads", "1", "--run-dir", run.toString());
    return run;
  }

  /**
   * A data folder in MNIST's format (IDX files, 60 training and 12 test images of 4 × 4 pixels):
   * two classes, a bright column or a bright row, drawn from {@code seed}.
   */
  static Path idxFolder(Path dir, long seed) throws Exception {
    Files.createDirectories(dir);
    Xoshiro256 r = new Xoshiro256(seed);
    for (String[] set : new String[][] {{"train", "60"}, {"t10k", "12"}}) {
      int n = Integer.parseInt(set[1]);
      var images = java.nio.ByteBuffer.allocate(16 + 16 * n).putInt(0x803).putInt(n).putInt(4).putInt(4);
      var labels = java.nio.ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
      for (int i = 0; i < n; i++) {
        int c = r.nextInt(2);
        for (int j = 0; j < 16; j++) images.put((byte) ((c == 0 ? j % 4 == 1 : j / 4 == 2) ? 230 : r.nextInt(40)));
        labels.put((byte) c);
      }
      Files.write(dir.resolve(set[0] + "-images-idx3-ubyte"), images.array());
      Files.write(dir.resolve(set[0] + "-labels-idx1-ubyte"), labels.array());
    }
    return dir;
  }

  /** Runs a latent command in-process; fails the test unless it exits 0. Returns its standard output. */
  static String latent(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, status, "latent " + String.join(" ", args) + "\n" + err);
    return out.toString();
  }

  /** {@code x} as a DataFrame: {@code id} (the row's index, long) and {@code features} (array<float>). */
  static Dataset<Row> frame(SparkSession spark, Tensor x) {
    List<Float[]> values = new ArrayList<>();
    for (int i = 0; i < x.rows; i++) {
      Float[] v = new Float[x.cols];
      for (int j = 0; j < x.cols; j++) v[j] = x.data[i * x.cols + j];
      values.add(v);
    }
    return frame(spark, values);
  }

  /** As {@link #frame(SparkSession, Tensor)}, from rows that may be null or of any length. */
  static Dataset<Row> frame(SparkSession spark, List<Float[]> values) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) rows.add(RowFactory.create((long) i, values.get(i)));
    StructType schema = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("features", DataTypes.createArrayType(DataTypes.FloatType, true), true);
    return spark.createDataFrame(rows, schema);
  }

  /** {@code latent score}'s L_k per row of the input, from its --output CSV (row,L_k). */
  static double[] latentScore(Path run, Path input, int k, Path csv) throws Exception {
    latent("score", run.toString(), "--input", input.toString(), "--k", Integer.toString(k), "--output", csv.toString());
    List<String> lines = Files.readAllLines(csv);
    double[] s = new double[lines.size() - 1];
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      s[Integer.parseInt(f[0])] = Double.parseDouble(f[1]);
    }
    return s;
  }
}
