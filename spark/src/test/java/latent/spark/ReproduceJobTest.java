package latent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * latent reproduce's table as a Spark job: one task per cell, each cell the same run as
 * {@code latent reproduce}'s (the same weights, byte for byte), written as a run folder that
 * {@code latent eval} opens; bad options in one line, exit status 2.
 */
class ReproduceJobTest extends LocalSparkTest {
  static final List<String> CELLS = List.of("1layer-vae-1", "1layer-iwae-5", "2layer-vae-1", "2layer-iwae-5");

  @Test
  void eachCellIsLatentReproducesRun() throws Exception {
    Path data = Fixture.idxFolder(tmp.resolve("idx"), 3);
    String[] table = {"iwae-table1", "--stages", "1", "--layers", "1,2", "--runs", "vae-1,iwae-5", "--k", "20", "--data-dir", data.toString()};
    Path one = tmp.resolve("one-machine"), spark = tmp.resolve("spark");
    Fixture.latent(concat(concat(new String[] {"reproduce"}, table), "--threads", "2", "--out", one.toString()));
    assertEquals(0, ScoreJob.run(new ReproduceJob(), concat(table, "--out", spark.toString())));

    for (String cell : CELLS) {
      assertArrayEquals(Files.readAllBytes(one.resolve(cell).resolve("model.safetensors")), Files.readAllBytes(spark.resolve(cell).resolve("model.safetensors")), cell);
    }
    assertEquals(rowsWithoutMinutes(one), rowsWithoutMinutes(spark));
    assertEquals(4, rowsWithoutMinutes(spark).size());
    assertTrue(Fixture.latent("eval", spark.resolve("2layer-iwae-5").toString()).contains("test ELBO"));
  }

  @Test
  void badOptionsAreOneLine() throws Exception {
    assertEquals("latent-spark: --layers: expected 1 and/or 2, got [3]", fails("iwae-table1", "--stages", "0", "--layers", "3", "--out", tmp.resolve("x").toString()));
    Path missing = tmp.resolve("no-such-folder");
    assertTrue(fails("iwae-table1", "--stages", "0", "--data-dir", missing.toString(), "--out", tmp.resolve("x").toString())
        .startsWith("latent-spark: " + missing + ": no such folder"));
  }

  private static String fails(String... args) throws Exception {
    int[] status = new int[1];
    String err = ExamplesTest.captured(true, () -> status[0] = ScoreJob.run(new ReproduceJob(), args));
    assertEquals(2, status[0], err);
    assertEquals(1, err.lines().count(), err);
    return err.strip();
  }

  private static List<String> rowsWithoutMinutes(Path dir) throws Exception {
    return Files.readString(dir.resolve("table.md")).lines().filter(l -> l.matches("\\| [12] \\| .*"))
        .map(l -> l.substring(0, l.lastIndexOf('|', l.length() - 2))).toList();
  }

  private static String[] concat(String[] a, String... b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }
}
