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
import latent.io.SafeTensors;
import latent.random.Xoshiro256;
import latent.train.CheckpointFiles;
import latent.train.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of crash safety: a training process is killed with SIGKILL at random
 * moments (seeded) at least {@value #KILLS} times, resumed after each kill with
 * {@code latent train --resume RUN}, and must end with parameters, optimizer state and data
 * order, and the same counters, generator states and metrics in the checkpoint's metadata, as an
 * uninterrupted run with the same seed. After every kill, each checkpoint file present must be
 * readable and pass its checksum, and the next child must say it resumes from the newest one's
 * step; the test goes on until at least {@value #MID_TRAINING_RESUMES} kills have landed in the
 * middle of training and been resumed from there (a resume that quietly started over, or took
 * an older checkpoint, would still end bit-identical).
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
  /** Kills whose resumed child is seen to continue from a checkpoint taken before training ended. */
  static final int MID_TRAINING_RESUMES = 5;
  static final int EPOCHS = 8;

  @TempDir Path tmp;

  @Test
  void killedAtRandomMomentsAndResumedEndsBitIdentical() throws Exception {
    Path data = ChildTraining.writeData(tmp.resolve("data"), 200);
    Path reference = tmp.resolve("reference");
    ChildTraining.runHere(ChildTraining.trainArgs(data, reference, EPOCHS));
    SafeTensors.Contents expected = CheckpointFiles.read(reference.resolve(CheckpointFiles.LATEST));

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
    assertSameModelFile(reference, tmp.resolve("uninterrupted"));

    Xoshiro256 rng = new Xoshiro256(2026);
    int kills = 0, runs = 0, children = 0;
    List<String> resumedFrom = new ArrayList<>();
    List<String> verified = new ArrayList<>();   // steps a resumed child said it continued from, each the newest checkpoint's at its kill
    long finalStep = Long.parseLong(expected.metadata().get("steps"));
    // each attempt lasts at most one uninterrupted run, so the allowance scales with it on a slow machine
    long deadline = System.nanoTime() + Math.max(TimeUnit.SECONDS.toNanos(150), TimeUnit.MILLISECONDS.toNanos(60 * wholeMillis));
    while (kills < KILLS || verified.size() < MID_TRAINING_RESUMES) {
      assertTrue(System.nanoTime() < deadline, "only " + kills + " kills and " + verified.size() + " resumes from the middle of training "
          + "in the time allowed; checkpoint steps at the kills: " + resumedFrom);
      Path run = tmp.resolve("run" + runs++);
      String pending = null;   // the newest checkpoint's step at the last kill, which the next child must resume from
      for (int attempt = 0; ; attempt++) {
        assertTrue(attempt < 60, run + " did not finish after " + attempt + " restarts");
        boolean resume = Files.exists(run.resolve("config.json"));
        List<String> args = resume ? List.of("train", "--resume", run.toString()) : ChildTraining.trainArgs(data, run, EPOCHS);
        if (!resume) deleteFolder(run);   // killed before the run existed: start it again
        Path childLog = tmp.resolve("child-" + children++ + ".log");
        Process p = ChildTraining.start(args, childLog);
        long delayMillis = (long) (0.8 * startMillis + rng.nextDouble() * (wholeMillis - 0.8 * startMillis));
        boolean finished = p.waitFor(delayMillis, TimeUnit.MILLISECONDS);
        if (!finished) {
          p.destroyForcibly();   // SIGKILL
          p.waitFor();
        }
        String output = Files.readString(childLog);
        Files.writeString(log, output, java.nio.file.StandardOpenOption.APPEND);
        if (pending != null) {
          // a resumed child that got as far as loading its checkpoint names the step, which must be the newest one
          var said = java.util.regex.Pattern.compile("resuming .* from step ([\\d,]+) ").matcher(output);
          if (said.find()) {
            assertEquals(pending, said.group(1).replace(",", ""), run + ": resumed from another step than the newest checkpoint's:\n" + output);
            if (Long.parseLong(pending) < finalStep) verified.add(pending);
            pending = null;
          }
        }
        if (finished) {
          assertEquals(0, p.exitValue(), "child exited with " + p.exitValue() + ":\n" + output);
          break;
        }
        kills++;
        String step = everyCheckpointReadable(run);
        resumedFrom.add(step);
        if (!step.equals("none")) pending = step;
      }
      assertSameTraining(expected, CheckpointFiles.read(run.resolve(CheckpointFiles.LATEST)), run);
      assertSameModelFile(reference, run);
    }
    System.out.printf("KillAndResumeTest: uninterrupted child %d ms (%d ms to start); %d SIGKILLs over %d runs, all resumed to bit-identical "
        + "checkpoints; newest checkpoint's step at each kill: %s; resumed from the middle of training at steps %s%n", wholeMillis, startMillis,
        kills, runs, resumedFrom, verified);
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

  /** The runs' model.safetensors are the same bytes, header and metadata included (its keys are written in a fixed order). */
  static void assertSameModelFile(Path expected, Path actual) throws IOException {
    assertArrayEquals(Files.readAllBytes(expected.resolve(RunFolder.MODEL)), Files.readAllBytes(actual.resolve(RunFolder.MODEL)),
        actual + ": model.safetensors differs in bytes from " + expected);
  }

  /** Metadata that records the wall clock: seconds of training, in all and in the epoch. */
  static final java.util.Set<String> WALL_CLOCK = java.util.Set.of("seconds", "epoch_seconds");

  /**
   * The same training state: every tensor (parameters, optimizer moments, data order), and every
   * metadata entry (counters, generators' states, data position, guard counts, metrics) but the
   * wall clock's.
   */
  static void assertSameTraining(SafeTensors.Contents expected, SafeTensors.Contents actual, Path run) {
    assertSameTraining(expected, actual, run, java.util.Set.of());
  }

  /** The same, but for the metadata entries {@code ignored} too. */
  static void assertSameTraining(SafeTensors.Contents expected, SafeTensors.Contents actual, Path run, java.util.Set<String> ignored) {
    var want = deterministicMetadata(expected);
    var got = deterministicMetadata(actual);
    want.keySet().removeAll(ignored);
    got.keySet().removeAll(ignored);
    assertEquals(want, got, run + ": checkpoint metadata but for the wall clock");
    assertEquals(expected.tensors().size(), actual.tensors().size());
    for (int i = 0; i < expected.tensors().size(); i++) {
      SafeTensors.Tensor e = expected.tensors().get(i), a = actual.tensors().get(i);
      assertEquals(e.name(), a.name());
      if (e.f32() != null) assertArrayEquals(e.f32(), a.f32(), run + ": " + e.name());
      else assertArrayEquals(e.i32(), a.i32(), run + ": " + e.name());
    }
  }

  static java.util.Map<String, String> deterministicMetadata(SafeTensors.Contents c) {
    java.util.Map<String, String> m = new java.util.TreeMap<>(c.metadata());
    m.keySet().removeAll(WALL_CLOCK);
    m.put("metrics", String.join("\n", deterministicColumns(m.get("metrics"))));
    return m;
  }

  /**
   * metrics.csv's first five columns (epoch, images, train bound, validation and test ELBO):
   * not the wall clock's (seconds, images/s), nor the trained objective, which runs from before
   * KL recipes lack (ResumeTest compares it).
   */
  static List<String> deterministicColumns(String csv) {
    return csv.lines().map(l -> l.split(",", -1)).map(f -> String.join(",", java.util.Arrays.copyOf(f, Math.min(5, f.length)))).toList();
  }

  static void deleteFolder(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
