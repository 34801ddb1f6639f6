package latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import latent.random.Xoshiro256;
import latent.train.RunFolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figure commands end to end on a tiny IDX data folder (8×8 images of bars): train writes
 * the report, each command writes its PNG, report rebuilds for a run that has no epoch yet,
 * and bad input is one line with exit status 2.
 */
class FigureCommandsTest {
  @TempDir Path tmp;
  Path data;

  @BeforeEach
  void writeData() throws IOException {
    data = Files.createDirectories(tmp.resolve("data"));
    writePair("train", 200, 1);
    writePair("t10k", 60, 2);
  }

  /** n images of a horizontal (label 0) or vertical (label 1) bar at a random row or column, ink 230 on 10. */
  void writePair(String stem, int n, long seed) throws IOException {
    Xoshiro256 rng = new Xoshiro256(seed);
    ByteBuffer images = ByteBuffer.allocate(16 + n * 64).putInt(0x803).putInt(n).putInt(8).putInt(8);
    ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
    for (int i = 0; i < n; i++) {
      int label = rng.nextInt(2), at = rng.nextInt(8);
      labels.put((byte) label);
      for (int k = 0; k < 64; k++) images.put((byte) ((label == 0 ? k / 8 : k % 8) == at ? 230 : 10));
    }
    Files.write(data.resolve(stem + "-images-idx3-ubyte"), images.array());
    Files.write(data.resolve(stem + "-labels-idx1-ubyte"), labels.array());
  }

  Path train(String name, int latent, String... extra) {
    Path run = tmp.resolve(name);
    String[] args = {"train", "--data-dir", data.toString(), "--hidden", "16", "--latent", Integer.toString(latent), "--epochs", "2",
        "--batch-size", "20", "--threads", "1", "--run-dir", run.toString()};
    String[] all = java.util.Arrays.copyOf(args, args.length + extra.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    BadInputTest.Outcome o = BadInputTest.run(all);
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().contains("report: "), o.out());
    return run;
  }

  @Test
  void trainWritesTheReportAndEachCommandWritesItsFigure() throws IOException {
    Path run = train("run2", 2);
    assertTrue(Files.size(run.resolve("report.html")) > 10_000);
    for (String f : new String[] {"samples", "reconstructions", "manifold", "latents", "learning-curves"}) {
      assertTrue(Files.isRegularFile(run.resolve("figures").resolve(f + ".png")), f);
    }
    Path out = tmp.resolve("out");
    String[][] commands = {{"sample", "--side", "3"}, {"reconstruct", "--columns", "4", "--rows", "1"}, {"manifold", "--steps", "5"},
        {"latents", "--n", "30"}, {"curves"}};
    for (String[] c : commands) {
      Path png = out.resolve(c[0] + ".png");
      String[] args = new String[c.length + 3];
      args[0] = c[0];
      args[1] = run.toString();
      System.arraycopy(c, 1, args, 2, c.length - 1);
      args[c.length + 1] = "--out";
      args[c.length + 2] = png.toString();
      BadInputTest.Outcome o = BadInputTest.run(args);
      assertEquals(0, o.status(), String.join(" ", args) + ": " + o.err());
      assertTrue(o.out().startsWith("written: " + png), o.out());
      assertTrue(Files.size(png) > 100, png.toString());
    }
    BadInputTest.Outcome report = BadInputTest.run("report", run.toString());
    assertEquals(0, report.status(), report.err());
  }

  @Test
  void manifoldOfTwentyLatentDimensionsReadsTheTestSet() {
    Path run = train("run20", 20, "--decoder", "gaussian");
    BadInputTest.Outcome o = BadInputTest.run("manifold", run.toString(), "--steps", "4");
    assertEquals(0, o.status(), o.err());
    assertTrue(Files.isRegularFile(run.resolve("figures").resolve("manifold.png")));
  }

  @Test
  void reportOfARunWithoutAnEpochHasConfigAndNoFigures() throws IOException {
    Path done = train("done", 2);
    Path fresh = Files.createDirectories(tmp.resolve("fresh"));
    Files.copy(done.resolve(RunFolder.CONFIG), fresh.resolve(RunFolder.CONFIG));
    Files.writeString(fresh.resolve(RunFolder.METRICS), Files.readAllLines(done.resolve(RunFolder.METRICS)).getFirst() + "\n");
    BadInputTest.Outcome o = BadInputTest.run("report", fresh.toString());
    assertEquals(0, o.status(), o.err());
    String html = Files.readString(fresh.resolve("report.html"));
    assertTrue(html.contains("No epoch has finished yet") && html.contains("no model saved yet"), html);
    assertTrue(!html.contains("data:image/png"));
    assertEquals(2, BadInputTest.run("sample", fresh.toString()).status(), "sample needs a model");
  }

  @Test
  void badInputIsOneLine() {
    BadInputTest.assertOneLine(BadInputTest.run("sample", tmp.resolve("nowhere").toString()), "nowhere", "no such run folder");
    BadInputTest.assertOneLine(BadInputTest.run("manifold", tmp.toString(), "--steps", "1"), "--steps", "2 to 100");
    BadInputTest.assertOneLine(BadInputTest.run("report", tmp.toString()), "not a run folder");
    BadInputTest.assertOneLine(BadInputTest.run("sample", tmp.toString(), "--side", "0"), "--side", "1 to 100");
    BadInputTest.assertOneLine(BadInputTest.run("latents", tmp.toString(), "--n", "-5"), "--n");
  }
}
