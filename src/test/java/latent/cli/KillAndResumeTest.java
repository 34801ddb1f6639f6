package latent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import latent.random.Xoshiro256;
import latent.train.CheckpointFiles;
import latent.train.SafetensorsState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of crash safety: a training process is killed with SIGKILL at random
 * moments (seeded) at least {@value #KILLS} times, resumed after each kill with
 * {@code latent train --resume RUN}, and must end with parameters, optimizer state and data
 * order bit-identical to an uninterrupted run with the same seed and thread count. After every
 * kill, each checkpoint file present must be readable and pass its checksum.
 *
 * <p>Kills land anywhere: during JVM start-up, between steps, while a checkpoint is being
 * written (one is written every 2 steps), during the epoch-end evaluation. A kill before the
 * run's config is written leaves nothing to resume: the run is started again. The moment of
 * each kill is drawn uniformly between 0.8 S and T, where S is the time an uninterrupted child
 * takes to start (until its run folder exists) and T its whole wall time, both measured first
 * so the test adapts to the machine's speed: most kills land in training, some in start-up. When a run finishes
 * before enough kills, another run is started; each is compared with the reference.
 */
class KillAndResumeTest {
  static final int KILLS = 20;
  static final int EPOCHS = 8;

  @TempDir Path tmp;

  @Test
  void killedAtRandomMomentsAndResumedEndsBitIdentical() throws Exception {
    Path data = ChildTraining.writeData(tmp.resolve("data"), 200);
    Path reference = tmp.resolve("reference");
    ChildTraining.runHere(ChildTraining.trainArgs(data, reference, EPOCHS));
    SafetensorsState.Contents expected = CheckpointFiles.read(reference.resolve(CheckpointFiles.LATEST));

    // one uninterrupted child run: its wall time T (start-up included) sets the range of kill moments
    Path log = tmp.resolve("children.log");
    long t0 = System.nanoTime();
    Path first = tmp.resolve("uninterrupted");
    Process whole = ChildTraining.start(ChildTraining.trainArgs(data, first, EPOCHS), log);
    while (whole.isAlive() && !Files.exists(first.resolve("config.json"))) Thread.sleep(5);
    long startMillis = (System.nanoTime() - t0) / 1_000_000;   // S: JVM start-up and data loading
    assertEquals(0, whole.waitFor(), "uninterrupted child failed:\n" + Files.readString(log));
    long wholeMillis = (System.nanoTime() - t0) / 1_000_000;   // T
    assertSameTraining(expected, CheckpointFiles.read(tmp.resolve("uninterrupted").resolve(CheckpointFiles.LATEST)), tmp.resolve("uninterrupted"));

    Xoshiro256 rng = new Xoshiro256(2026);
    int kills = 0, runs = 0;
    List<String> resumedFrom = new ArrayList<>();
    // each attempt lasts at most one uninterrupted run, so the allowance scales with it on a slow machine
    long deadline = System.nanoTime() + Math.max(TimeUnit.SECONDS.toNanos(150), TimeUnit.MILLISECONDS.toNanos(60 * wholeMillis));
    while (kills < KILLS) {
      assertTrue(System.nanoTime() < deadline, "only " + kills + " kills in the time allowed");
      Path run = tmp.resolve("run" + runs++);
      for (int attempt = 0; ; attempt++) {
        assertTrue(attempt < 60, run + " did not finish after " + attempt + " restarts");
        List<String> args = Files.exists(run.resolve("config.json")) ? List.of("train", "--resume", run.toString())
            : ChildTraining.trainArgs(data, run, EPOCHS);
        if (!Files.exists(run.resolve("config.json"))) deleteFolder(run);   // killed before the run existed: start it again
        Process p = ChildTraining.start(args, log);
        long delayMillis = (long) (0.8 * startMillis + rng.nextDouble() * (wholeMillis - 0.8 * startMillis));
        if (p.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
          assertEquals(0, p.exitValue(), "child exited with " + p.exitValue() + "; see " + log + ":\n" + Files.readString(log));
          break;
        }
        p.destroyForcibly();   // SIGKILL
        p.waitFor();
        kills++;
        resumedFrom.add(everyCheckpointReadable(run));
      }
      assertSameTraining(expected, CheckpointFiles.read(run.resolve(CheckpointFiles.LATEST)), run);
    }
    System.out.printf("KillAndResumeTest: uninterrupted child %d ms (%d ms to start); %d SIGKILLs over %d runs, all resumed to bit-identical "
        + "parameters; checkpoint step at each kill: %s%n", wholeMillis, startMillis, kills, runs, resumedFrom);
  }

  /** Reads every checkpoint present (each must pass its checksum) and returns the newest one's step, or "none". */
  static String everyCheckpointReadable(Path run) {
    String step = "none";
    for (String name : List.of(CheckpointFiles.PREVIOUS, CheckpointFiles.LATEST)) {
      Path f = run.resolve(name);
      if (Files.exists(f)) step = CheckpointFiles.read(f).metadata().get("steps");
    }
    return step;
  }

  static void assertSameTraining(SafetensorsState.Contents expected, SafetensorsState.Contents actual, Path run) {
    assertEquals(deterministicColumns(expected.metadata().get("metrics")), deterministicColumns(actual.metadata().get("metrics")),
        run + ": metrics but for the wall-clock columns");
    assertEquals(expected.metadata().get("steps"), actual.metadata().get("steps"), run + ": steps");
    assertEquals(expected.metadata().get("rng_noise"), actual.metadata().get("rng_noise"), run + ": noise generator");
    assertEquals(expected.tensors().size(), actual.tensors().size());
    for (int i = 0; i < expected.tensors().size(); i++) {
      SafetensorsState.Tensor e = expected.tensors().get(i), a = actual.tensors().get(i);
      if (e.f32() != null) assertArrayEquals(e.f32(), a.f32(), run + ": " + e.name());
      else assertArrayEquals(e.i32(), a.i32(), run + ": " + e.name());
    }
  }

  /** metrics.csv without its last two columns (seconds, images/s), the only ones that depend on the wall clock. */
  static List<String> deterministicColumns(String csv) {
    return csv.lines().map(l -> l.replaceFirst(",[^,]*,[^,]*$", "")).toList();
  }

  static void deleteFolder(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
