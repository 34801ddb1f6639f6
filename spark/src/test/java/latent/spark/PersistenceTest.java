package latent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Spark ML persistence both ways: a saved VaeModel is a latent run folder, and a run folder is a VaeModel. */
class PersistenceTest extends LocalSparkTest {
  static double[] scores(org.apache.spark.ml.Transformer t, String column) {
    List<Row> rows = t.transform(Fixture.frame(spark, x)).collectAsList();
    return java.util.Arrays.stream(VaeModelTest.byId(rows, column, x.rows)).mapToDouble(o -> (double) o).toArray();
  }

  /** Saved and loaded: the same uid, parameters and scores; the folder holds Spark's metadata beside the run's own files. */
  @Test
  void saveAndLoadKeepTheModelAndItsParameters() throws Exception {
    VaeModel model = VaeModel.fromRun(run.toString()).setK(5).setKeyCol("id").setScoreCol("s").setThreadsPerTask(2);
    String dir = tmp.resolve("saved").toString();
    model.write().save(dir);
    for (String f : new String[] {"config.json", "model.safetensors", "data.json", "metadata"}) assertTrue(Files.exists(Path.of(dir, f)), f);
    VaeModel loaded = VaeModel.load(dir);
    assertEquals(model.uid(), loaded.uid());
    assertEquals(5, loaded.getK());
    assertEquals("id", loaded.getKeyCol());
    assertEquals(2, loaded.getThreadsPerTask());
    assertEquals(model.getSeed(), loaded.getSeed());
    assertEquals(model.explainParams(), loaded.explainParams());
    assertArrayEquals(scores(model, "s"), scores(loaded, "s"));

    var again = assertThrows(java.io.IOException.class, () -> model.write().save(dir));
    assertTrue(again.getMessage().contains("already exists"), again.getMessage());
    model.setK(9).write().overwrite().save(dir);
    assertEquals(9, VaeModel.load(dir).getK());
  }

  /** A Pipeline holding the model saves and loads as any Spark ML pipeline does. */
  @Test
  void pipelinesThatHoldTheModelSaveAndLoad() throws Exception {
    VaeModel model = VaeModel.fromRun(run.toString()).setK(3);
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {model}).fit(Fixture.frame(spark, x));
    String dir = tmp.resolve("pipeline").toString();
    fitted.write().save(dir);
    PipelineModel loaded = PipelineModel.load(dir);
    assertTrue(loaded.stages()[0] instanceof VaeModel);
    assertArrayEquals(scores(fitted, "log_likelihood"), scores(loaded, "log_likelihood"));
  }

  /** latent eval and latent score open a folder Spark saved: eval's numbers are the run's, score's are the model's. */
  @Test
  void theLatentCommandsOpenASavedModel() throws Exception {
    VaeModel model = VaeModel.fromRun(run.toString()).setK(4);
    Path dir = tmp.resolve("for-latent");
    model.write().save(dir.toString());
    String evalRun = Fixture.latent("eval", run.toString(), "--k", "5", "--n", "10");
    String evalSaved = Fixture.latent("eval", dir.toString(), "--k", "5", "--n", "10");
    assertEquals(numbers(evalRun), numbers(evalSaved));
    double[] spark = scores(model, "log_likelihood");
    assertArrayEquals(Fixture.latentScore(dir, input, 4, tmp.resolve("saved-scores.csv")), spark);
    assertArrayEquals(spark, scores(VaeModel.fromRun(dir.toString()).setK(4), "log_likelihood"), "fromRun reads the saved folder too");
  }

  /** The numbers of a latent eval report (bounds and counts), without its timings. */
  static List<String> numbers(String report) {
    return report.lines().filter(l -> !l.contains(" s ") && !l.contains("seconds") && !l.contains("written")).toList();
  }

  static void assertArrayEquals(double[] want, double[] got) {
    assertArrayEquals(want, got, "");
  }

  static void assertArrayEquals(double[] want, double[] got, String what) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, 0.0, what);
  }
}
