package latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import latent.train.CheckpointFiles;
import latent.train.RunFolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run folders written by earlier versions keep working. The test resource
 * {@code latent/runs/stopped-5ffdea4} is a run written by commit 5ffdea4 and stopped by SIGTERM
 * in its tenth epoch (of 40), trained on {@link ChildTraining}'s generated images with
 * {@link #ARGS}; {@code eval}, {@code train --resume}, {@code export} and {@code report} must
 * work on it, and the resumed run must end exactly where a run started today with the same
 * flags ends.
 */
class OldRunTest {
  static final List<String> ARGS = List.of("--hidden", "8", "--latent", "2", "--batch-size", "10", "--epochs", "40", "--lr", "0.003",
      "--checkpoint-every", "50", "--threads", "2", "--seed", "5");

  @TempDir Path tmp;
  Path data, run;

  @BeforeEach
  void copyTheOldRun() throws Exception {
    data = ChildTraining.writeData(tmp.resolve("data"), 200);
    Path resource = Path.of(OldRunTest.class.getResource("/latent/runs/stopped-5ffdea4").toURI());
    run = tmp.resolve("old-run");
    Files.createDirectories(run);
    try (var files = Files.list(resource)) {
      for (Path f : files.toList()) Files.copy(f, run.resolve(f.getFileName()));
    }
  }

  static String latent(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, status, "latent " + String.join(" ", args) + ":\n" + err);
    return out.toString();
  }

  @Test
  void evalExportAndReportWork() {
    assertTrue(latent("eval", run.toString(), "--data-dir", data.toString()).startsWith("test ELBO: "));
    latent("export", run.toString(), "--output", tmp.resolve("exported").toString());
    assertTrue(Files.isRegularFile(tmp.resolve("exported").resolve("model.safetensors")));
    latent("report", run.toString(), "--data-dir", data.toString());
    assertTrue(Files.isRegularFile(run.resolve("report.html")));
  }

  @Test
  void resumeEndsWhereARunStartedTodayEnds() throws Exception {
    latent("train", "--resume", run.toString(), "--data-dir", data.toString());
    Path today = tmp.resolve("today");
    List<String> args = new java.util.ArrayList<>(List.of("train", "--data-dir", data.toString(), "--run-dir", today.toString()));
    args.addAll(ARGS);
    latent(args.toArray(String[]::new));
    KillAndResumeTest.assertSameTraining(CheckpointFiles.read(today.resolve(CheckpointFiles.LATEST)),
        CheckpointFiles.read(run.resolve(CheckpointFiles.LATEST)), run, java.util.Set.of("config_sha256"));   // the configs differ in dataDir
    assertEquals(40, RunFolder.open(run).metrics().size());
  }
}
