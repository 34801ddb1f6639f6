package latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import latent.random.Xoshiro256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reproduction driver end to end on a tiny IDX dataset: every cell trained, scored and tabulated. */
class ReproduceCommandTest {
  @TempDir Path tmp;

  static void writeIdx(Path dir, String stem, int n, long seed) throws Exception {
    Xoshiro256 r = new Xoshiro256(seed);
    ByteBuffer img = ByteBuffer.allocate(16 + n * 16).putInt(0x803).putInt(n).putInt(4).putInt(4);
    ByteBuffer lab = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(2);
      for (int j = 0; j < 16; j++) img.put((byte) ((c == 0 ? j % 4 == 1 : j / 4 == 2) ? 230 : 10));
      lab.put((byte) c);
    }
    Files.write(dir.resolve(stem + "-images-idx3-ubyte"), img.array());
    Files.write(dir.resolve(stem + "-labels-idx1-ubyte"), lab.array());
  }

  @Test
  void trainsScoresAndTabulatesEveryCell() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    writeIdx(data, "train", 60, 1);
    writeIdx(data, "t10k", 12, 2);
    StringWriter out = new StringWriter(), err = new StringWriter();
    int status = Main.execute(new String[] {"reproduce", "iwae-table1", "--stages", "0", "--layers", "1,2", "--runs", "vae-1,iwae-5",
        "--k", "20", "--data-dir", data.toString(), "--out", tmp.resolve("out").toString(), "--doc", tmp.resolve("doc.md").toString()},
        new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, status, err.toString());
    String table = Files.readString(tmp.resolve("out/table.md"));
    assertEquals(table, Files.readString(tmp.resolve("doc.md")));
    List<String> rows = table.lines().filter(l -> l.matches("\\| [12] \\| (vae|iwae)-\\d+ .*")).toList();
    assertEquals(4, rows.size(), table);
    for (String row : rows) {
      double nll = Double.parseDouble(row.split("\\|")[3].trim());
      // 16 binary pixels and three optimizer steps: a finite, positive NLL of the order of 16·log 2 = 11 nats plus
      // the KL of a barely trained 100 + 50-unit posterior; NaN, infinities or sign errors fail
      assertTrue(nll > 0 && nll < 100, row);
    }
    assertTrue(Files.isRegularFile(tmp.resolve("out/2layer-iwae-5/model.safetensors")));

    // run again: every cell is read from its result, none retrained; a cell without its result resumes and scores the same
    long trained = Files.getLastModifiedTime(tmp.resolve("out/2layer-iwae-5/metrics.csv")).toMillis();
    String[] again = {"reproduce", "iwae-table1", "--stages", "0", "--layers", "1,2", "--runs", "vae-1,iwae-5",
        "--k", "20", "--data-dir", data.toString(), "--out", tmp.resolve("out").toString()};
    Files.delete(tmp.resolve("out/1layer-vae-1/cell.json"));
    assertEquals(0, Main.execute(again, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)), err.toString());
    assertEquals(trained, Files.getLastModifiedTime(tmp.resolve("out/2layer-iwae-5/metrics.csv")).toMillis(), "a finished cell is not retrained");
    List<String> nll = rows.stream().map(r -> r.split("\\|")[3]).toList();
    String[] otherK = again.clone();
    otherK[java.util.Arrays.asList(again).indexOf("--k") + 1] = "30";   // another scoring is refused, not read as this one's
    BadInputTest.assertOneLine(BadInputTest.run(otherK), "cell.json", "scored with k = 20");
    assertEquals(nll, Files.readString(tmp.resolve("out/table.md")).lines().filter(l -> l.matches("\\| [12] \\| (vae|iwae)-\\d+ .*"))
        .map(r -> r.split("\\|")[3]).toList());
  }

  /**
   * The one-class table on two generated classes: every cell trained and scored, the table
   * written; run again, the finished cells are read, not retrained; a cell whose result is gone
   * resumes from its run folder (training already complete) and scores the same.
   */
  @Test
  void anomalyTableTrainsEachClassSkipsFinishedCellsAndResumes() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    writeIdx(data, "train", 60, 1);
    writeIdx(data, "t10k", 12, 2);
    String[] args = {"reproduce", "anomaly", "--datasets", "mnist", "--data-dir", data.toString(), "--classes", "0,1", "--epochs", "5",
        "--k", "10", "--threads", "1", "--out", tmp.resolve("out").toString(), "--doc", tmp.resolve("doc.md").toString()};
    StringWriter out = new StringWriter(), err = new StringWriter();
    assertEquals(0, Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true)), err.toString());
    String table = Files.readString(tmp.resolve("out/table.md"));
    assertEquals(table, Files.readString(tmp.resolve("doc.md")));
    List<String> rows = table.lines().filter(l -> l.matches("\\| [01] \\| .*")).toList();
    assertEquals(4, rows.size(), table);   // 2 configurations × 2 classes
    // the classes' two patterns differ in 8 of 16 pixels: after 5 passes every score separates them
    // (measured 0.92-1.00; with the anomalies' labels swapped, at most 0.08)
    for (String row : rows) {
      for (int c = 3; c <= 6; c++) {
        double auroc = Double.parseDouble(row.split("\\|")[c].trim());
        assertTrue(auroc >= 0.9 && auroc <= 1, row);
      }
    }
    Path cell = tmp.resolve("out/mnist/iwae-5/class-1");
    assertTrue(Files.isRegularFile(cell.resolve("model.safetensors")));
    String result = Files.readString(cell.resolve("cell.json"));
    long trained = Files.getLastModifiedTime(cell.resolve("metrics.csv")).toMillis();

    StringWriter again = new StringWriter();
    assertEquals(0, Main.execute(args, new PrintWriter(again, true), new PrintWriter(err, true)), err.toString());
    assertEquals(trained, Files.getLastModifiedTime(cell.resolve("metrics.csv")).toMillis(), "a finished cell is not retrained");
    assertEquals(rows, Files.readString(tmp.resolve("out/table.md")).lines().filter(l -> l.matches("\\| [01] \\| .*")).toList());

    Files.delete(cell.resolve("cell.json"));
    assertEquals(0, Main.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)), err.toString());
    assertEquals(result.replaceAll("\"minutes\" : .*", ""), Files.readString(cell.resolve("cell.json")).replaceAll("\"minutes\" : .*", ""));
  }

  /**
   * AEVB's Figure 2 on the generated data: every (method, N_z) run trained to the image budget,
   * the table of final bounds and the panels written; run again, the runs are read, not retrained.
   */
  @Test
  void aevbFigure2TrainsEveryRunAndSkipsFinishedOnes() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    writeIdx(data, "train", 60, 1);
    writeIdx(data, "t10k", 12, 2);
    String[] args = {"reproduce", "aevb-figure2", "--images", "120", "--latent", "2,3", "--data-dir", data.toString(), "--threads", "1",
        "--out", tmp.resolve("fig").toString(), "--doc", tmp.resolve("docs/REPRODUCTION-fig2.md").toString()};
    Files.createDirectories(tmp.resolve("docs"));
    StringWriter err = new StringWriter();
    assertEquals(0, Main.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)), err.toString());
    String table = Files.readString(tmp.resolve("fig/table.md"));
    assertEquals(table, Files.readString(tmp.resolve("docs/REPRODUCTION-fig2.md")));
    List<String> rows = table.lines().filter(l -> l.matches("\\| [23] \\| .*")).toList();
    assertEquals(2, rows.size(), table);
    for (String row : rows) {
      for (int c = 2; c <= 5; c++) {
        double bound = Double.parseDouble(row.split("\\|")[c].trim());
        // 16 binary pixels: a bound below 0 and above -16·log 2 - a barely trained KL; NaN or a sign error fails
        assertTrue(bound < 0 && bound > -60, row);
      }
    }
    assertTrue(Files.size(tmp.resolve("fig/aevb-figure2.png")) > 1000);
    assertTrue(Files.isRegularFile(tmp.resolve("docs/aevb-figure2.png")));
    Path run = tmp.resolve("fig/wake-sleep-nz3");
    assertTrue(Files.readString(run.resolve("config.json")).contains("wake-sleep"));
    assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size(), "two epochs of 60 images");
    long trained = Files.getLastModifiedTime(run.resolve("metrics.csv")).toMillis();
    assertEquals(0, Main.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)), err.toString());
    assertEquals(trained, Files.getLastModifiedTime(run.resolve("metrics.csv")).toMillis(), "a finished run is not retrained");
    assertEquals(rows, Files.readString(tmp.resolve("fig/table.md")).lines().filter(l -> l.matches("\\| [23] \\| .*")).toList());

    // another budget in the same folder is refused, not mistaken for the finished runs
    args[3] = "180";
    BadInputTest.assertOneLine(BadInputTest.run(java.util.Arrays.copyOf(args, args.length - 2)), "aevb-nz2", "other settings");

    // a --doc into a folder that does not exist is refused before any training, not after it
    args[args.length - 1] = tmp.resolve("missing/REPRODUCTION.md").toString();
    args[args.length - 3] = tmp.resolve("fig-new").toString();
    BadInputTest.assertOneLine(BadInputTest.run(args), "--doc: no folder", "missing");
    assertTrue(!Files.exists(tmp.resolve("fig-new")), "nothing was trained");
  }
}
