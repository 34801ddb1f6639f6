package latent.spark;

import java.nio.file.Path;
import latent.tensor.Tensor;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a test class in local mode starts with: a {@code local[2]} session, a run that
 * {@code latent train} fitted ({@link Fixture#trainedRun}), and the rows to score
 * ({@link Fixture#scoringRows}), also as a .npy file for {@code latent score}.
 */
abstract class LocalSparkTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static Path run;
  static Tensor x;
  static Path input;

  @BeforeAll
  static void start() throws Exception {
    spark = Fixture.session("local[2,2]");   // a failed task is tried once more (VaeFitTest)
    run = Fixture.trainedRun(tmp);
    x = Fixture.scoringRows();
    input = Fixture.npy(tmp.resolve("score.npy"), x);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }
}
