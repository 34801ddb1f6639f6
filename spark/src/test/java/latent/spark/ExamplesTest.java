package latent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's Spark section runs: examples/spark/ScoreParquet.java compiles and scores a Parquet
 * file, and the spark-submit job, ScoreJob, writes the scored table and answers bad input in one
 * line with exit status 2.
 */
class ExamplesTest extends LocalSparkTest {
  static final Path EXAMPLE = Path.of("..", "examples", "spark", "ScoreParquet.java");
  static final Path SELECTION = Path.of("..", "examples", "spark", "SelectLatentSize.java");

  static String parquet;

  @BeforeAll
  static void writeParquet() {
    parquet = tmp.resolve("rows.parquet").toString();
    Fixture.frame(spark, x).write().parquet(parquet);
  }

  @Test
  void readmeShowsTheExamplesVerbatim() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (Path example : List.of(EXAMPLE, SELECTION)) {
      assertTrue(readme.contains("```java\n" + Files.readString(example) + "```"), "README.md must show " + example + " verbatim");
    }
  }

  @Test
  void exampleCompilesAndScoresAParquetFile() throws Exception {
    String out = tmp.resolve("scored.parquet").toString();
    runExample(EXAMPLE, run.toString(), parquet, out);
    List<Row> scored = spark.read().parquet(out).collectAsList();
    assertEquals(x.rows, scored.size());
    assertTrue(List.of(scored.get(0).schema().fieldNames()).containsAll(List.of("latent_mean", "log_likelihood", "elbo")));
    assertEquals(100, VaeModel.load(out + ".model").getK());
  }

  @Test
  void selectionExampleKeepsTheBestLatentSize() throws Exception {
    String images = tmp.resolve("unit.parquet").toString();
    VaeFitTest.frame(VaeFitTest.unitRows(400, 4, 6), 2).write().parquet(images);
    String model = tmp.resolve("best").toString();
    String printed = runExample(SELECTION, images, model, "2");
    List<String> lines = printed.lines().toList();
    assertEquals(4, lines.size(), printed);
    for (int i = 0; i < 3; i++) assertTrue(lines.get(i).matches("latent size (2|5|20): validation ELBO -\\d+\\.\\d\\d nats"), lines.get(i));
    assertTrue(lines.get(3).startsWith("kept latent size " + VaeModel.load(model).latentSize() + ": "), printed);
  }

  @Test
  void trainJobSavesARunFolder() throws Exception {
    String images = tmp.resolve("train.parquet").toString();
    VaeFitTest.frame(VaeFitTest.unitRows(300, 5), 3).write().parquet(images);
    String out = tmp.resolve("trained").toString();
    String printed = captured(false, () -> assertEquals(0, ScoreJob.run(new TrainJob(), new String[] {images, out, "--hidden", "16", "--latent", "3",
        "--batch-size", "30", "--epochs", "2", "--local-steps", "2", "--held-out", "0.1", "--partitions", "2"})));
    assertTrue(printed.lines().anyMatch(l -> l.matches("\\d+,2\\.\\d+,\\d+,-\\d+\\.\\d+,-\\d+\\.\\d+,\\d+\\.\\d+")), printed);
    assertTrue(printed.contains("rounds of S = 2") && printed.endsWith("run folder: " + out + "\n"), printed);
    assertEquals(3, VaeModel.load(out).latentSize());
    String[] bad = {tmp.resolve("no.parquet").toString(), out + "2", "--local-steps", "0"};
    String err = captured(true, () -> assertEquals(2, ScoreJob.run(new TrainJob(), bad)));
    assertTrue(err.startsWith("latent-spark: ") && err.strip().endsWith("parameter localSteps given invalid value 0.") && err.lines().count() == 1, err);
  }

  @Test
  void datasetJobWritesMnistsFormatAsATable() throws Exception {
    Path idx = Fixture.idxFolder(tmp.resolve("idx"), 3);
    String out = tmp.resolve("test.parquet").toString();
    String printed = captured(false, () -> assertEquals(0, ScoreJob.run(new DatasetJob(), new String[] {"mnist", "test", out, "--data-dir", idx.toString()})));
    assertEquals("wrote 12 rows of 16 values (mnist test): " + out, printed.strip());
    List<Row> rows = spark.read().parquet(out).orderBy("id").collectAsList();
    var images = latent.data.DataSources.load("mnist", idx, m -> { }).test();
    assertEquals(12, rows.size());
    for (int i = 0; i < 12; i++) {
      assertEquals(i, rows.get(i).getLong(0));
      List<Float> v = rows.get(i).getList(1);
      for (int j = 0; j < 16; j++) assertEquals(images.x().data[i * 16 + j], v.get(j), 0f);
      assertEquals(images.labels()[i], rows.get(i).getInt(2));
    }
    String err = captured(true, () -> assertEquals(2, ScoreJob.run(new DatasetJob(), new String[] {"mnist", "validation", out})));
    assertEquals("latent-spark: SPLIT: expected train or test, got 'validation'", err.strip());
  }

  /** Compiles an example (warnings are errors) and runs its main with {@code args}; returns what it printed. */
  static String runExample(Path example, String... args) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status = javac.run(null, diagnostics, diagnostics, "-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
        "-Xlint:all", "-Werror", example.toString());
    assertEquals(0, status, "javac: " + diagnostics);
    String name = example.getFileName().toString().replace(".java", "");
    return captured(false, () -> {
      try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ExamplesTest.class.getClassLoader())) {
        Method main = loader.loadClass(name).getMethod("main", String[].class);
        main.invoke(null, (Object) args);
      }
    });
  }

  @Test
  void scoreJobWritesTheScoredTable() throws Exception {
    String out = tmp.resolve("job.parquet").toString();
    String printed = captured(false, () -> assertEquals(0, ScoreJob.execute(new String[] {run.toString(), parquet, out, "--k", "7", "--reconstruction"})));
    assertTrue(printed.startsWith("scored 46 rows in "), printed);
    List<Row> rows = spark.read().parquet(out).collectAsList();
    assertEquals(List.of("id", "features", "latent_mean", "latent_log_var", "log_likelihood", "elbo", "recon_loglik", "recon_error", "reconstruction"),
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
      String err = captured(true, () -> status[0] = ScoreJob.execute(args));
      assertEquals(2, status[0], String.join(" ", args) + ": " + err);
      assertEquals(1, err.lines().count(), err);
      assertTrue(err.startsWith("latent-spark: ") && err.contains(expected[c]), err);
    }
  }

  interface Body {
    void run() throws Exception;
  }

  /** What {@code body} prints on standard output, or with {@code stderr} on standard error. */
  static String captured(boolean stderr, Body body) throws Exception {
    PrintStream old = stderr ? System.err : System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream to = new PrintStream(bytes, true);
    if (stderr) System.setErr(to);
    else System.setOut(to);
    try {
      body.run();
    } finally {
      if (stderr) System.setErr(old);
      else System.setOut(old);
    }
    return bytes.toString();
  }
}
