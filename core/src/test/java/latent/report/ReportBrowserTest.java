package latent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import latent.model.DecoderType;
import latent.train.RunFolder;
import latent.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a run's {@code report.html} from disk in headless Chromium (a fresh profile, no
 * network needed) and checks what a reader would see: every image decoded (the report's own
 * script writes {@code data-images-loaded="loaded/total"} on the body, read back from the
 * DOM Chromium dumps after the load event), and the metrics table holding this run's numbers.
 * A screenshot is kept in {@code target/report-screenshot.png}. Skipped when no Chromium is
 * installed (Debian: {@code apt-get install chromium}).
 */
class ReportBrowserTest {
  private static final long TIMEOUT_SECONDS = 90;

  @TempDir Path tmp;

  @Test
  void reportOpensFromDiskWithEveryImageAndTheRunsNumbers() throws Exception {
    String chromium = findChromium();
    assumeTrue(chromium != null, "no chromium on the PATH: the report's browser check is skipped");
    Trainer.Result r = TinyRuns.train(tmp.resolve("run"), 2, DecoderType.BERNOULLI, 3);
    RunFolder folder = RunFolder.open(tmp.resolve("run"));
    Path report = RunReport.write(folder, r.model(), TinyRuns.scoredTest(folder.config()), FigureSettings.DEFAULTS);
    String url = report.toUri().toString();

    String dom = run(chromium, List.of("--virtual-time-budget=5000", "--dump-dom", url));
    Matcher loaded = Pattern.compile("data-images-loaded=\"(\\d+)/(\\d+)\"").matcher(dom);
    assertTrue(loaded.find(), "the report's load script did not run; DOM starts: " + dom.substring(0, Math.min(300, dom.length())));
    assertEquals("6", loaded.group(2), "six figures in the page");
    assertEquals(loaded.group(2), loaded.group(1), "every image decoded");

    String table = dom.substring(dom.indexOf("<table id=\"metrics\""), dom.indexOf("</table>"));
    for (RunFolder.Metrics m : folder.metrics()) {
      String row = String.format(Locale.ROOT, "<td>%d</td><td>%d</td><td>%.2f</td><td>%.2f</td>", m.epoch(), m.imagesSeen(), m.trainBound(), m.testElbo());
      assertTrue(table.contains(row), "metrics table lacks " + row + " in " + table);
    }

    Path shot = Path.of("target", "report-screenshot.png").toAbsolutePath();
    Files.deleteIfExists(shot);
    run(chromium, List.of("--hide-scrollbars", "--window-size=1200,2400", "--screenshot=" + shot, url));
    assertTrue(Files.size(shot) > 10_000, "screenshot " + shot + " has " + Files.size(shot) + " bytes");
    var img = Pixels.read(shot);
    assertEquals(1200, img.getWidth());
  }

  /** Runs headless Chromium with a fresh profile; returns its stdout. */
  private String run(String chromium, List<String> args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(tmp, "profile");
    Path stdout = tmp.resolve("chromium.out"), stderr = tmp.resolve("chromium.err");
    List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--user-data-dir=" + profile));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + cmd);
    }
    assertEquals(0, p.exitValue(), "chromium exit status; stderr: " + Files.readString(stderr));
    return Files.readString(stdout);
  }

  private static String findChromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) return p.toString();
      }
    }
    return null;
  }
}
