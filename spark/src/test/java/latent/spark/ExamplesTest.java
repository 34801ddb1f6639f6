package latent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import latent.tensor.Tensor;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Spark section runs: examples/spark/ScoreParquet.java compiles and scores a Parquet
 * file, and the spark-submit job, ScoreJob, writes the scored table and answers bad input in one
 * line with exit status 2.
 */
class ExamplesTest {
  static final Path EXAMPLE = Path.of("..", "examples", "spark", "ScoreParquet.java");

  @TempDir static Path tmp;
  static SparkSession spark;
  static Path run;
  static Tensor x;
  static String parquet;

  @BeforeAll
  static void start() throws Exception {
    spark = Fixture.session("local[2]");
    run = Fixture.trainedRun(tmp);
    x = Fixture.scoringRows();
    parquet = tmp.resolve("rows.parquet").toString();
    Fixture.frame(spark, x).write().parquet(parquet);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void readmeShowsTheExampleVerbatim() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    assertTrue(readme.contains("```java\n" + Files.readString(EXAMPLE) + "```"), "README.md must show examples/spark/ScoreParquet.java verbatim");
  }

  @Test
  void exampleCompilesAndScoresAParquetFile() throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status = javac.run(null, diagnostics, diagnostics, "-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
        "-Xlint:all", "-Werror", EXAMPLE.toString());
    assertEquals(0, status, "javac: " + diagnostics);
    String out = tmp.resolve("scored.parquet").toString();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Method main = loader.loadClass("ScoreParquet").getMethod("main", String[].class);
      main.invoke(null, (Object) new String[] {run.toString(), parquet, out});
    }
    List<Row> scored = spark.read().parquet(out).collectAsList();
    assertEquals(x.rows, scored.size());
    assertTrue(List.of(scored.get(0).schema().fieldNames()).containsAll(List.of("latent_mean", "log_likelihood", "elbo")));
    assertEquals(100, VaeModel.load(out + ".model").getK());
  }

  @Test
  void scoreJobWritesTheScoredTable() throws Exception {
    String out = tmp.resolve("job.parquet").toString();
    String printed = captured(() -> assertEquals(0, ScoreJob.execute(new String[] {run.toString(), parquet, out, "--k", "7", "--reconstruction"})));
    assertTrue(printed.startsWith("scored 46 rows in "), printed);
    List<Row> rows = spark.read().parquet(out).collectAsList();
    assertEquals(List.of("id", "features", "latent_mean", "latent_log_var", "log_likelihood", "elbo", "reconstruction"),
        List.of(rows.get(0).schema().fieldNames()));
    double[] want = Fixture.latentScore(run, Fixture.npy(tmp.resolve("x.npy"), x), 7, tmp.resolve("s.csv"));
    Object[] got = VaeModelTest.byId(rows, "log_likelihood", x.rows);
    for (int i = 0; i < x.rows; i++) assertEquals(want[i], (double) got[i], 0.0, "row " + i);
  }

  @Test
  void scoreJobAnswersBadInputInOneLine() throws Exception {
    String[][] cases = {
        {run.toString(), tmp.resolve("none.parquet").toString(), tmp.resolve("o1").toString()},
        {tmp.resolve("no-run").toString(), parquet, tmp.resolve("o2").toString()},
        {run.toString(), parquet, tmp.resolve("o3").toString(), "--input-col", "pixels"},
        {run.toString(), parquet, tmp.resolve("o4").toString(), "--k", "0"},
        {run.toString(), parquet, parquet},
    };
    String[] expected = {"[PATH_NOT_FOUND] Path does not exist", tmp.resolve("no-run") + ": no such run folder",
        "VaeModel: no column 'pixels' (inputCol)", "k given invalid value 0", "already exists"};
    for (int c = 0; c < cases.length; c++) {
      String[] args = cases[c];
      int[] status = new int[1];
      String err = capturedErr(() -> status[0] = ScoreJob.execute(args));
      assertEquals(2, status[0], String.join(" ", args) + ": " + err);
      assertEquals(1, err.lines().count(), err);
      assertTrue(err.startsWith("latent-spark: ") && err.contains(expected[c]), err);
    }
  }

  interface Body {
    void run() throws Exception;
  }

  static String captured(Body body) throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true));
    try {
      body.run();
    } finally {
      System.setOut(stdout);
    }
    return out.toString();
  }

  static String capturedErr(Body body) throws Exception {
    PrintStream stderr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true));
    try {
      body.run();
    } finally {
      System.setErr(stderr);
    }
    return err.toString();
  }
}
