package latent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.csv of a run begun before KL recipes (seven columns) gets the eighth when a resumed run appends to it. */
class MetricsFileTest {
  @Test
  void aSevenColumnFileIsUpgradedWhenARowIsAppended(@TempDir Path tmp) throws Exception {
    RunFolder folder = RunFolder.create(tmp.resolve("run"), TrainerTest.run(1));
    Path metrics = folder.dir.resolve(RunFolder.METRICS);
    Files.writeString(metrics, RunFolder.LEGACY_METRICS_HEADER + "\n1,100,-90.5000,,-91.0000,1.00,100.0\n");
    folder.appendMetrics(new RunFolder.Metrics(2, 200, -89.5, Double.NaN, -90.0, 1.0, 100.0, -89.4));
    List<String> lines = Files.readAllLines(metrics);
    assertEquals(RunFolder.METRICS_HEADER, lines.get(0));
    for (String line : lines) assertEquals(8, line.split(",", -1).length, line);
    assertTrue(Double.isNaN(folder.metrics().get(0).trainedObjective()));
    assertEquals(-89.4, folder.metrics().get(1).trainedObjective(), 0.0);
  }
}
