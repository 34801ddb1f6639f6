package latent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import latent.InputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up during training, for real: the run folder lives on a 512 KiB tmpfs,
 * and after the first checkpoint the test fills every remaining byte. The next checkpoint
 * fails with one clear line, the previous checkpoint stays byte for byte as it was, nothing is
 * left behind, and once space is freed, {@code resume} ends bit-identical to an uninterrupted
 * run. Mounting needs root (or CAP_SYS_ADMIN); elsewhere the test is skipped, and the same
 * failure is injected into the writer by {@link CheckpointFilesTest#failedWriteKeepsTheLastGoodCheckpoint}.
 */
class FullDiskTest {
  /** The step a progress line reports. */
  private static final java.util.regex.Pattern STEP = java.util.regex.Pattern.compile("step (\\d+)");

  @TempDir Path tmp;

  @Test
  void fullDiskKeepsThePreviousCheckpointAndTheRunResumes() throws Exception {
    Path disk = Files.createDirectories(tmp.resolve("disk"));
    Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", disk.toString()), "cannot mount a tmpfs here (not root)");
    try {
      Path whole = tmp.resolve("whole"), run = disk.resolve("run"), filler = disk.resolve("filler");
      Trainer.train(TrainerTest.run(2), ResumeTest.DATA, whole, TrainerTest.quiet(), new CheckpointPolicy(3, 0), false);
      byte[][] saved = new byte[1][];
      // a progress line is printed after every step, before the checkpoint due after it is asked
      // for: at step 4's line the checkpoint of step 3 is the only one asked for (written on a
      // thread of its own, perhaps still being written); once it is on disk, fill the disk, so
      // that the next, step 6's, fails. (Filling as soon as a checkpoint existed, step 6's
      // could already be on its way, and be written whole before the disk was full.)
      OutputStream filling = new OutputStream() {
        private final StringBuilder line = new StringBuilder();

        @Override
        public void write(int b) throws IOException {
          if (b != '\n') {
            line.append((char) b);
            return;
          }
          java.util.regex.Matcher step = STEP.matcher(line.toString());
          line.setLength(0);
          if (saved[0] != null || !step.find() || Integer.parseInt(step.group(1)) < 4) return;
          Path latest = run.resolve(CheckpointFiles.LATEST);
          for (long deadline = System.nanoTime() + 30_000_000_000L; !Files.exists(latest) && System.nanoTime() < deadline; ) {
            Thread.onSpinWait();
          }
          if (!Files.exists(latest)) throw new AssertionError("no checkpoint 30 s after step 3's was asked for");
          saved[0] = Files.readAllBytes(latest);
          fill(filler);
        }
      };
      Progress progress = new Progress(new PrintStream(filling, true), false, 0, 0, System::nanoTime);
      InputException e = assertThrows(InputException.class,
          () -> Trainer.train(TrainerTest.run(2), ResumeTest.DATA, run, progress, new CheckpointPolicy(3, 0), false));
      assertEquals(run.resolve(CheckpointFiles.LATEST) + ": cannot write the checkpoint (No space left on device); the previous checkpoint is kept",
          e.getMessage());
      assertArrayEquals(saved[0], Files.readAllBytes(run.resolve(CheckpointFiles.LATEST)), "the last good checkpoint is untouched");
      try (var files = Files.list(run)) {
        assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")), "no temporary file left behind");
      }
      Files.delete(filler);
      Trainer.train(TrainerTest.run(2), ResumeTest.DATA, run, TrainerTest.quiet(), new CheckpointPolicy(3, 0), true);
      ResumeTest.assertSameState(whole, run);
    } finally {
      run("umount", disk.toString());
    }
  }

  /** Writes zeros to {@code file} until the file system is full. */
  static void fill(Path file) throws IOException {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) out.write(block);
    } catch (IOException full) {
      // No space left on device: exactly what we wanted
    }
  }

  static boolean run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
