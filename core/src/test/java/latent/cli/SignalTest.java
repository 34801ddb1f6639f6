package latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import latent.io.SafeTensors;
import latent.train.CheckpointFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and SIGINT stop a training process cleanly: the step under way finishes, a
 * checkpoint is written, the process exits with 143 or 130 after one line saying how to
 * resume, and the resumed run ends bit-identical to an uninterrupted one.
 */
class SignalTest {
  /** Long enough (800 steps) that the signal arrives well before the end on any machine; a checkpoint every 50 steps. */
  static final int EPOCHS = 40;
  static final int EVERY = 50;
  @TempDir static Path tmp;
  static Path data;
  static SafeTensors.Contents expected;

  @BeforeAll
  static void reference() throws Exception {
    data = ChildTraining.writeData(tmp.resolve("data"), 200);
    Path reference = tmp.resolve("reference");
    ChildTraining.runHere(ChildTraining.trainArgs(data, reference, EPOCHS, EVERY));
    expected = CheckpointFiles.read(reference.resolve(CheckpointFiles.LATEST));
  }

  @Test
  void sigtermWritesACheckpointAndExits143() throws Exception {
    stopAndResume("TERM", 143);
  }

  @Test
  void sigintWritesACheckpointAndExits130() throws Exception {
    stopAndResume("INT", 130);
  }

  /**
   * Sends SIG{@code name} with the shell's built-in {@code kill}: no kill binary is needed (Debian
   * ships it in procps, which a bare machine may lack), and the empty PATH makes sure none is used.
   */
  static void signal(Process p, String name) throws Exception {
    ProcessBuilder b = new ProcessBuilder("/bin/sh", "-c", "kill -s " + name + " " + p.pid()).inheritIO();
    b.environment().put("PATH", "");
    assertEquals(0, b.start().waitFor(), "kill -s " + name);
  }

  void stopAndResume(String signal, int status) throws Exception {
    Path run = tmp.resolve("run-" + signal), log = tmp.resolve(signal + ".log");
    Process p = ChildTraining.start(ChildTraining.trainArgs(data, run, EPOCHS, EVERY), log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(run.resolve(CheckpointFiles.LATEST))) {   // training is under way
      assertTrue(p.isAlive(), "child ended early:\n" + Files.readString(log));
      assertTrue(System.nanoTime() < deadline, "no checkpoint after 30 s");
      Thread.sleep(20);
    }
    signal(p, signal);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child did not exit after SIG" + signal);
    String output = Files.readString(log);
    assertEquals(status, p.exitValue(), output);
    List<String> lines = output.lines().filter(l -> l.startsWith("latent: stopped")).toList();
    assertEquals(1, lines.size(), output);
    assertTrue(lines.getFirst().matches("latent: stopped by a signal after step \\d+ \\(epoch \\d+, [\\d,]+ images\\); checkpoint saved; "
        + "resume with: latent train --resume " + java.util.regex.Pattern.quote(run.toString())), lines.getFirst());
    String step = CheckpointFiles.read(run.resolve(CheckpointFiles.LATEST)).metadata().get("steps");
    assertTrue(lines.getFirst().contains("after step " + step + " "), "the checkpoint holds the last finished step " + step);

    ChildTraining.runHere(List.of("train", "--resume", run.toString()));
    KillAndResumeTest.assertSameTraining(expected, CheckpointFiles.read(run.resolve(CheckpointFiles.LATEST)), run);
    KillAndResumeTest.assertSameModelFile(tmp.resolve("reference"), run);
  }
}
