package latent.cli;

import static latent.cli.FileDataCommandsTest.number;
import static latent.cli.FileDataCommandsTest.ok;
import static latent.cli.FileDataCommandsTest.train;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import latent.data.DigitFiles;
import latent.train.CheckpointFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training from a {@code .npy} file mapped rather than read into memory ({@code --storage
 * mapped}): the same model, bit for bit, with a held-out test split, a validation split and
 * dynamic binarization; a mapped run killed with SIGKILL resumes to the same bits; bad input is
 * one line before any step.
 */
class MappedDataTest {
  @TempDir Path tmp;

  static String[] args(Path data, Path run, String storage, String... extra) {
    List<String> a = new ArrayList<>(List.of(train(data, run, "--storage", storage, "--validation", "30", "--binarization", "dynamic")));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @Test
  void mappedTrainingIsInMemoryTrainingBitForBit() throws Exception {
    Path digits = DigitFiles.npy(tmp.resolve("digits.npy"), DigitFiles.digits(300, 6), 255f);
    Path memory = tmp.resolve("memory"), mapped = tmp.resolve("mapped");
    double a = number(ok(args(digits, memory, "memory")).out(), "test ELBO:");
    assertEquals(a, number(ok(args(digits, mapped, "mapped")).out(), "test ELBO:"), 0.0);
    KillAndResumeTest.assertSameModelFile(memory, mapped);
    assertTrue(Files.readString(mapped.resolve("data.json")).contains("\"storage\" : \"mapped\""));
    assertTrue(Files.readString(memory.resolve("data.json")).contains("\"storage\" : \"memory\""));
    // eval reads the held-out rows of the mapped file again: the same number
    assertEquals(a, number(ok("eval", mapped.toString()).out(), "test ELBO:"), 0.0);
    // raw grey levels scaled per column, fitted in one pass over the mapped training rows
    Path raw = DigitFiles.npy(tmp.resolve("raw.npy"), DigitFiles.digits(300, 7), 1f);
    ok(args(raw, tmp.resolve("raw-memory"), "memory", "--scale", "columns"));
    ok(args(raw, tmp.resolve("raw-mapped"), "mapped", "--scale", "columns"));
    KillAndResumeTest.assertSameModelFile(tmp.resolve("raw-memory"), tmp.resolve("raw-mapped"));
    // auto: a file this small is read into memory
    assertTrue(Files.readString(run(digits, "auto").resolve("data.json")).contains("\"storage\" : \"memory\""));
  }

  private Path run(Path digits, String storage) {
    Path run = tmp.resolve("auto");
    ok(args(digits, run, storage));
    return run;
  }

  /** A mapped run killed (SIGKILL) after a checkpoint resumes and ends on the uninterrupted run's bits. */
  @Test
  void aKilledMappedRunResumesToTheSameBits() throws Exception {
    Path digits = DigitFiles.npy(tmp.resolve("digits.npy"), DigitFiles.digits(300, 6), 255f);
    Path whole = tmp.resolve("whole");
    ok(args(digits, whole, "mapped", "--checkpoint-every", "2"));
    for (int attempt = 0; ; attempt++) {
      assertTrue(attempt < 5, "the child finished before it could be killed, five times");
      Path run = tmp.resolve("killed" + attempt);
      Process p = ChildTraining.start(List.of(args(digits, run, "mapped", "--checkpoint-every", "2")), tmp.resolve("child.log"));
      while (p.isAlive() && !Files.exists(run.resolve(CheckpointFiles.LATEST))) Thread.sleep(2);
      p.destroyForcibly();   // SIGKILL, a few steps in
      p.waitFor(30, TimeUnit.SECONDS);
      if (Files.exists(run.resolve(latent.train.RunFolder.MODEL))) continue;   // it had finished: try again
      ok("train", "--resume", run.toString());
      KillAndResumeTest.assertSameModelFile(whole, run);
      return;
    }
  }

  @Test
  void badMappedInputIsOneLineBeforeAnyStep() throws Exception {
    Path digits = DigitFiles.npy(tmp.resolve("digits.npy"), DigitFiles.digits(100, 6), 255f);
    byte[] bytes = Files.readAllBytes(digits);
    Path truncated = Files.write(tmp.resolve("truncated.npy"), java.util.Arrays.copyOf(bytes, bytes.length - 7));
    Path run = tmp.resolve("run");
    BadInputTest.assertOneLine(BadInputTest.run(train(truncated, run, "--storage", "mapped")), truncated.toString(), "truncated file");
    Path longer = Files.write(tmp.resolve("longer.npy"), java.util.Arrays.copyOf(bytes, bytes.length + 4));
    BadInputTest.assertOneLine(BadInputTest.run(train(longer, run, "--storage", "mapped")), longer.toString(), "trailing bytes");
    BadInputTest.assertOneLine(BadInputTest.run(train(DigitFiles.csv(tmp.resolve("d.csv"), DigitFiles.digits(10, 1)), run, "--storage", "mapped")),
        "only a .npy file can be mapped (--storage mapped)");
    BadInputTest.assertOneLine(BadInputTest.run(train(digits, run, "--storage", "mapped", "--binarization", "fixed")),
        "--binarization fixed keeps a binarized copy", "--storage memory");
    BadInputTest.assertOneLine(BadInputTest.run(train(digits, run, "--storage", "disk")), "--storage", "expected auto, memory or mapped");
    BadInputTest.assertOneLine(BadInputTest.run("train", "--storage", "mapped", "--run-dir", run.toString()), "--storage: only with --data FILE");
    // grey values as read, outside [0, 1] under the default scale: the row and column, before a step
    Path raw = DigitFiles.npy(tmp.resolve("raw.npy"), DigitFiles.digits(100, 6), 1f);
    BadInputTest.assertOneLine(BadInputTest.run(train(raw, run, "--storage", "mapped")), raw + " (training rows): value", "is outside [0, 1] after --scale none");
    assertFalse(Files.exists(run.resolve(latent.train.RunFolder.CONFIG)), "no run was started");
  }
}
