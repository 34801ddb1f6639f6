package latent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import latent.tensor.Tensor;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scoring and training on a real multi-process cluster: Spark's local-cluster mode starts a
 * master, two workers and an executor JVM for each (one core, 1 GB), which load latent from the
 * test classpath and the model from the broadcast. The scores equal local mode's and latent
 * score's; a short fit gives local mode's weights, bit for bit.
 * The build sets SPARK_HOME (a folder with an empty jars/), SPARK_SCALA_VERSION and JAVA_HOME.
 */
class LocalClusterTest {
  @TempDir Path tmp;

  @Test
  void aTwoExecutorClusterScoresAsLocalModeDoes() throws Exception {
    String home = System.getenv("SPARK_HOME");
    assumeTrue(home != null, "SPARK_HOME is set by the build (spark/pom.xml) for this test");
    Files.createDirectories(Path.of(home, "jars"));
    Path run = Fixture.trainedRun(tmp);
    Tensor x = Fixture.scoringRows();
    double[] want = Fixture.latentScore(run, Fixture.npy(tmp.resolve("x.npy"), x), 7, tmp.resolve("s.csv"));

    // no JVM options for the executors: Spark adds --add-modules=jdk.incubator.vector and the rest itself
    SparkSession cluster = SparkSession.builder().master("local-cluster[2,1,1024]").appName("latent-local-cluster-test")
        .config("spark.ui.enabled", "false")
        .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .getOrCreate();
    double[] got;
    byte[] fitted;
    Tensor unit = VaeFitTest.unitRows(VaeFitTest.ROWS, 11);
    Set<Long> executors = new TreeSet<>();
    try {
      MapPartitionsFunction<Long, Long> pid = rows -> List.of(ProcessHandle.current().pid()).iterator();
      executors.addAll(cluster.range(0, 16, 1, 16).as(Encoders.LONG()).mapPartitions(pid, Encoders.LONG()).collectAsList());
      got = scores(cluster, run, x);
      fitted = fit(cluster, unit);
    } finally {
      cluster.stop();
    }
    assertFalse(executors.contains(ProcessHandle.current().pid()), "tasks ran in executor JVMs, not the driver: " + executors);
    System.out.println("local-cluster: tasks ran in executor processes " + executors);
    assertArrayEquals(want, got, 0.0, "latent score");

    SparkSession local = Fixture.session("local[2]");
    try {
      assertArrayEquals(scores(local, run, x), got, 0.0, "local mode");
      assertArrayEquals(fit(local, unit), fitted, "a short fit on the cluster is local mode's, bit for bit");
    } finally {
      local.stop();
    }
  }

  /** Two epochs of S = 2 on 2 partitions: the model's weights file. */
  static byte[] fit(SparkSession spark, Tensor x) {
    return VaeFitTest.small().setEpochs(2).setLocalSteps(2).fit(VaeFitTest.frame(spark, x, 2)).files().weights();
  }

  static double[] scores(SparkSession spark, Path run, Tensor x) {
    List<Row> rows = VaeModel.fromRun(run.toString()).setK(7).transform(Fixture.frame(spark, x).repartition(4)).collectAsList();
    assertEquals(x.rows, rows.size());
    return java.util.Arrays.stream(VaeModelTest.byId(rows, "log_likelihood", x.rows)).mapToDouble(o -> (double) o).toArray();
  }
}
