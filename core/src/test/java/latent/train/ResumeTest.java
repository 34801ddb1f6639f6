package latent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import latent.data.TrainTest;
import latent.io.SafeTensors;
import latent.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume and determinism on small generated data (in process; killing a real process is in
 * {@code latent.cli.KillAndResumeTest}).
 */
class ResumeTest {
  @TempDir Path tmp;

  static final TrainTest DATA = new TrainTest(TrainerTest.bars("bars-train", 200, 1), TrainerTest.bars("bars-test", 50, 2));
  /** 200 images in batches of 20: 10 steps per epoch; every 7 steps puts checkpoints in the middle of epochs. */
  static final CheckpointPolicy EVERY_7 = new CheckpointPolicy(7, 0);

  /**
   * The same seed and thread count twice: every parameter, every optimizer moment, the data
   * order and every metric but the wall-clock columns are bit-identical.
   */
  @Test
  void sameSeedGivesBitIdenticalCheckpointsAndMetrics() {
    Trainer.train(TrainerTest.run(3), DATA, tmp.resolve("a"), TrainerTest.quiet(), EVERY_7, false);
    Trainer.train(TrainerTest.run(3), DATA, tmp.resolve("b"), TrainerTest.quiet(), EVERY_7, false);
    assertSameState(tmp.resolve("a"), tmp.resolve("b"));
  }

  /**
   * A checkpoint taken before the first epoch ends, when no test ELBO is known yet, holds no NaN
   * in its metadata (the test ELBO is written as an empty value), and resuming from it works.
   */
  @Test
  void aCheckpointBeforeTheFirstEpochEndsHoldsNoNaN() throws IOException {
    Path whole = tmp.resolve("whole"), cut = tmp.resolve("cut");
    Trainer.train(TrainerTest.run(1), DATA, whole, TrainerTest.quiet(), EVERY_7, false);
    // checkpoints at steps 7 and 10 (the epoch's end): the previous generation is step 7, in epoch 1
    assertEquals("7", CheckpointFiles.read(whole.resolve(CheckpointFiles.PREVIOUS)).metadata().get("steps"));
    assertEquals("", CheckpointFiles.read(whole.resolve(CheckpointFiles.PREVIOUS)).metadata().get("test_elbo"));
    FiniteFiles.assertNoNonFiniteWritten(whole);
    copyFolder(whole, cut);
    Files.move(cut.resolve(CheckpointFiles.PREVIOUS), cut.resolve(CheckpointFiles.LATEST), StandardCopyOption.REPLACE_EXISTING);
    Trainer.train(TrainerTest.run(1), DATA, cut, TrainerTest.quiet(), EVERY_7, true);
    assertSameState(whole, cut);
  }

  /** A run stopped after a mid-epoch checkpoint and resumed ends exactly where the uninterrupted run ends. */
  @Test
  void resumedFromTheMiddleOfAnEpochEndsBitIdentical() throws IOException {
    Path whole = tmp.resolve("whole"), cut = tmp.resolve("cut");
    Trainer.train(TrainerTest.run(3), DATA, whole, TrainerTest.quiet(), EVERY_7, false);
    // checkpoints at steps 7, 10 (epoch end), 14, 20, 21, 28, 30: the previous generation is step 28, in epoch 3
    copyFolder(whole, cut);
    Files.move(cut.resolve(CheckpointFiles.PREVIOUS), cut.resolve(CheckpointFiles.LATEST), StandardCopyOption.REPLACE_EXISTING);
    Files.delete(cut.resolve(RunFolder.MODEL));
    assertEquals("28", CheckpointFiles.read(cut.resolve(CheckpointFiles.LATEST)).metadata().get("steps"));
    Trainer.Result r = Trainer.train(TrainerTest.run(3), DATA, cut, TrainerTest.quiet(), EVERY_7, true);
    assertEquals(600, r.images());
    assertSameState(whole, cut);
  }

  /** The same with the score-function estimator: its NVIL network and moving average are in the checkpoint too. */
  @Test
  void scoreFunctionRunWithALearnedBaselineResumesBitIdentical() throws IOException {
    Path whole = tmp.resolve("whole"), cut = tmp.resolve("cut");
    RunConfig base = TrainerTest.run(3);
    var learned = new latent.objective.GradientEstimator.ScoreFunction(latent.objective.Baseline.LEARNED);
    stopAtStep28AndResume(new RunConfig(base.model(), base.training().withObjective(base.training().objective().withGradient(learned)),
        Safeguards.DEFAULT), whole, cut);
  }

  /** Trains {@code run} (3 epochs) into {@code whole}, then resumes a copy from its step-28 checkpoint into {@code cut}: the same state. */
  private static void stopAtStep28AndResume(RunConfig run, Path whole, Path cut) throws IOException {
    Trainer.train(run, DATA, whole, TrainerTest.quiet(), EVERY_7, false);
    copyFolder(whole, cut);
    Files.move(cut.resolve(CheckpointFiles.PREVIOUS), cut.resolve(CheckpointFiles.LATEST), StandardCopyOption.REPLACE_EXISTING);
    Files.delete(cut.resolve(RunFolder.MODEL));
    assertEquals("28", CheckpointFiles.read(cut.resolve(CheckpointFiles.LATEST)).metadata().get("steps"));
    Trainer.train(run, DATA, cut, TrainerTest.quiet(), EVERY_7, true);
    assertSameState(whole, cut);
  }

  /**
   * A KL warm-up continues where it stopped: its clock is the training images seen, which the
   * checkpoint keeps (the resume at step 28, 560 images, falls inside a warm-up over 600).
   */
  @Test
  void aRunWithKlWarmupAndFreeBitsResumesBitIdentical() throws IOException {
    Path whole = tmp.resolve("whole"), cut = tmp.resolve("cut");
    RunConfig base = TrainerTest.run(3);
    var recipe = new latent.objective.KlRecipe(0.8, 600, 0.05);
    stopAtStep28AndResume(new RunConfig(base.model(), base.training().withObjective(base.training().objective().withKl(recipe)), Safeguards.DEFAULT),
        whole, cut);
    var rows = RunFolder.open(whole).metrics();
    for (var m : rows) assertTrue(m.trainedObjective() != m.trainBound(), "the trained objective has its own column: " + m);
    // the warm-up's clock advances: warming up over 600 images or over 1 trains another model
    RunConfig quick = new RunConfig(base.model(), base.training().withObjective(base.training().objective().withKl(new latent.objective.KlRecipe(0.8, 1, 0.05))),
        Safeguards.DEFAULT);
    Trainer.train(quick, DATA, tmp.resolve("quick"), TrainerTest.quiet(), EVERY_7, false);
    assertFalse(java.util.Arrays.equals(TrainerTest.vaeOf(whole).parameters().getFirst().value.data,
        TrainerTest.vaeOf(tmp.resolve("quick")).parameters().getFirst().value.data));
  }

  /** A learning-rate warm-up and decay continue where they stopped: both follow the images and epochs the checkpoint keeps. */
  @Test
  void aRunWithALearningRateScheduleResumesBitIdentical() throws IOException {
    RunConfig base = TrainerTest.run(3);
    var lr = new latent.optim.LrSchedule(latent.optim.LrSchedule.Kind.COSINE, 600, 0.5, 5, 0.1);
    var s = base.training().schedule();
    var schedule = new Schedule(s.batchSize(), s.epochs(), s.iwaeStages(), s.maxImages(), lr);
    var training = new TrainingConfig(base.training().preset(), base.training().data(), base.training().optimizer(), base.training().objective(),
        schedule, base.training().runtime());
    stopAtStep28AndResume(new RunConfig(base.model(), training, Safeguards.DEFAULT), tmp.resolve("whole"), tmp.resolve("cut"));
    Trainer.train(base, DATA, tmp.resolve("constant"), TrainerTest.quiet(), EVERY_7, false);
    assertFalse(java.util.Arrays.equals(TrainerTest.vaeOf(tmp.resolve("whole")).parameters().getFirst().value.data,
        TrainerTest.vaeOf(tmp.resolve("constant")).parameters().getFirst().value.data), "the schedule changes the training");
  }

  /** Early stopping's record (the best validation ELBO and its epoch) is in the checkpoint: a resumed run keeps the same model. */
  @Test
  void aRunWithEarlyStoppingResumesBitIdentical() throws IOException {
    RunConfig base = TrainerTest.run(3, 40);
    var s = base.training().schedule();
    var schedule = new Schedule(s.batchSize(), s.epochs(), s.iwaeStages(), s.maxImages(), s.lr(), new EarlyStopping(5, 100));   // epoch 1 stays the best
    var training = new TrainingConfig(base.training().preset(), base.training().data(), base.training().optimizer(), base.training().objective(),
        schedule, base.training().runtime());
    Path whole = tmp.resolve("whole"), cut = tmp.resolve("cut");
    Trainer.train(new RunConfig(base.model(), training, Safeguards.DEFAULT), DATA, whole, TrainerTest.quiet(), EVERY_7, false);
    copyFolder(whole, cut);
    Files.move(cut.resolve(CheckpointFiles.PREVIOUS), cut.resolve(CheckpointFiles.LATEST), StandardCopyOption.REPLACE_EXISTING);
    Trainer.train(new RunConfig(base.model(), training, Safeguards.DEFAULT), DATA, cut, TrainerTest.quiet(), EVERY_7, true);
    assertSameState(whole, cut);
    assertTrue(!CheckpointFiles.read(whole.resolve(CheckpointFiles.LATEST)).metadata().get("best_validation_elbo").isEmpty());
  }

  /** Resuming a run whose first checkpoint was never written trains it from the start. */
  @Test
  void resumedWithoutACheckpointStartsOver() throws IOException {
    Path whole = tmp.resolve("whole"), cut = tmp.resolve("cut");
    Trainer.train(TrainerTest.run(2), DATA, whole, TrainerTest.quiet(), EVERY_7, false);
    Files.createDirectories(cut);
    Files.copy(whole.resolve(RunFolder.CONFIG), cut.resolve(RunFolder.CONFIG));
    Files.writeString(cut.resolve(RunFolder.METRICS), "half a line");
    Trainer.train(TrainerTest.run(2), DATA, cut, TrainerTest.quiet(), EVERY_7, true);
    assertSameState(whole, cut);
  }

  /** A run written before checkpoints existed (no checkpoint, no safeguards in its config) is refused, not retrained over its results. */
  @Test
  void runFromBeforeCheckpointsIsNotRetrained() throws IOException {
    Path old = tmp.resolve("old");
    trainWithoutCheckpoints(old);
    Files.writeString(old.resolve(RunFolder.CONFIG), withoutSafeguards(Files.readString(old.resolve(RunFolder.CONFIG))));
    String metrics = Files.readString(old.resolve(RunFolder.METRICS));
    var e = org.junit.jupiter.api.Assertions.assertThrows(latent.InputException.class,
        () -> Trainer.train(TrainerTest.run(1), DATA, old, TrainerTest.quiet(), EVERY_7, true));
    assertEquals(old + ": this run was written before training checkpoints existed and cannot be resumed; start a new run", e.getMessage());
    assertEquals(metrics, Files.readString(old.resolve(RunFolder.METRICS)), "metrics untouched");
  }

  /** The safeguards section is looked for as a key, not as text: a dataset named "safeguards" does not make an old run resumable. */
  @Test
  void oldRunIsRecognisedByItsKeysNotItsText() throws IOException {
    Path old = tmp.resolve("old-named");
    trainWithoutCheckpoints(old);
    Files.delete(old.resolve(RunFolder.MODEL));
    String config = withoutSafeguards(Files.readString(old.resolve(RunFolder.CONFIG)));
    Files.writeString(old.resolve(RunFolder.CONFIG), config.replaceFirst("\"dataset\"\\s*:\\s*\"[^\"]*\"", "\"dataset\" : \"safeguards\""));
    var e = org.junit.jupiter.api.Assertions.assertThrows(latent.InputException.class,
        () -> Trainer.train(TrainerTest.run(1), DATA, old, TrainerTest.quiet(), EVERY_7, true));
    assertEquals(old + ": this run was written before training checkpoints existed and cannot be resumed; start a new run", e.getMessage());
  }

  /** A run folder with a model and no checkpoint (what 'latent import' writes) is refused, not retrained over its model. */
  @Test
  void modelWithoutACheckpointIsNotRetrained() throws IOException {
    Path run = tmp.resolve("imported");
    trainWithoutCheckpoints(run);
    byte[] model = Files.readAllBytes(run.resolve(RunFolder.MODEL));
    var e = org.junit.jupiter.api.Assertions.assertThrows(latent.InputException.class,
        () -> Trainer.train(TrainerTest.run(1), DATA, run, TrainerTest.quiet(), EVERY_7, true));
    assertEquals(run + ": holds a model but no training checkpoint (an imported model cannot be resumed); start a new run", e.getMessage());
    org.junit.jupiter.api.Assertions.assertArrayEquals(model, Files.readAllBytes(run.resolve(RunFolder.MODEL)), "model untouched");
  }

  /** A one-epoch run whose checkpoints are then deleted (its model stays). */
  private static void trainWithoutCheckpoints(Path dir) throws IOException {
    Trainer.train(TrainerTest.run(1), DATA, dir, TrainerTest.quiet(), EVERY_7, false);
    Files.delete(dir.resolve(CheckpointFiles.LATEST));
    Files.delete(dir.resolve(CheckpointFiles.PREVIOUS));
  }

  /** config.json as runs wrote it before training checkpoints existed: no safeguards section. */
  private static String withoutSafeguards(String config) {
    return config.replaceAll("(?s),\\s*\"safeguards\"\\s*:\\s*\\{[^}]*\\}", "");
  }

  /** The checksum catches a damaged newest checkpoint; the previous one is used and the run still ends bit-identical. */
  @Test
  void damagedNewestCheckpointIsSetAsideAndThePreviousUsed() throws IOException {
    Path whole = tmp.resolve("whole"), cut = tmp.resolve("cut");
    Trainer.train(TrainerTest.run(3), DATA, whole, TrainerTest.quiet(), EVERY_7, false);
    copyFolder(whole, cut);
    Path latest = cut.resolve(CheckpointFiles.LATEST);
    byte[] b = Files.readAllBytes(latest);
    b[b.length / 2] ^= 0x04;
    Files.write(latest, b);
    var out = new java.io.ByteArrayOutputStream();
    Progress progress = new Progress(new java.io.PrintStream(out, true), false, 200, 10_000, System::nanoTime);
    Trainer.train(TrainerTest.run(3), DATA, cut, progress, EVERY_7, true);
    String log = out.toString();
    assertTrue(log.contains(latest + ": damaged checkpoint (SHA-256") && log.contains("using the previous checkpoint"), log);
    assertTrue(Files.exists(cut.resolve("checkpoint.damaged.safetensors")));
    assertSameState(whole, cut);
  }

  /** Parameters, optimizer state and data order equal bit for bit; metrics equal but for the wall-clock columns. */
  static void assertSameState(Path a, Path b) {
    SafeTensors.Contents ca = CheckpointFiles.read(a.resolve(CheckpointFiles.LATEST));
    SafeTensors.Contents cb = CheckpointFiles.read(b.resolve(CheckpointFiles.LATEST));
    assertEquals(ca.tensors().size(), cb.tensors().size());
    for (int i = 0; i < ca.tensors().size(); i++) {
      SafeTensors.Tensor ta = ca.tensors().get(i), tb = cb.tensors().get(i);
      assertEquals(ta.name(), tb.name());
      if (ta.f32() != null) assertArrayEquals(ta.f32(), tb.f32(), ta.name());
      else assertArrayEquals(ta.i32(), tb.i32(), ta.name());
    }
    for (String key : ca.metadata().keySet()) {
      if (List.of("seconds", "epoch_seconds", "metrics").contains(key)) continue;
      assertEquals(ca.metadata().get(key), cb.metadata().get(key), key);
    }
    assertEquals(deterministicColumns(RunFolder.open(a).metrics()), deterministicColumns(RunFolder.open(b).metrics()));
    assertEquals(diagnostics(a), diagnostics(b), RunFolder.DIAGNOSTICS);
    List<Parameter> pa = TrainerTest.vaeOf(a).parameters(), pb = TrainerTest.vaeOf(b).parameters();
    for (int i = 0; i < pa.size(); i++) assertArrayEquals(pa.get(i).value.data, pb.get(i).value.data, "model.safetensors " + pa.get(i).name);
  }

  /** diagnostics.csv: every column is deterministic (the mutual information's noise is seeded by the test seed). */
  static String diagnostics(Path run) {
    try {
      return Files.readString(run.resolve(RunFolder.DIAGNOSTICS));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static List<Map<String, Double>> deterministicColumns(List<RunFolder.Metrics> rows) {
    return rows.stream().map(m -> Map.of("epoch", (double) m.epoch(), "images", (double) m.imagesSeen(), "train", m.trainBound(),
        "test", m.testElbo(), "objective", m.trainedObjective())).toList();
  }

  static void copyFolder(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var s = Files.list(from)) {
      for (Path p : s.toList()) Files.copy(p, to.resolve(p.getFileName()));
    }
  }
}
