package latent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import latent.data.Batches;
import latent.data.Binarization;
import latent.model.Vae;
import latent.optim.Adam;
import latent.random.Xoshiro256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointerTest {
  /** A signal right after a checkpoint was written stops without writing it again, so the previous generation survives. */
  @Test
  void stopRightAfterASaveKeepsThePreviousGeneration(@TempDir Path tmp) throws Exception {
    RunConfig run = TrainerTest.run(1);
    RunFolder folder = RunFolder.create(tmp.resolve("run"), run);
    Checkpointer saver = saverOf(folder, new Vae(run.model(), new Xoshiro256(1)));
    TrainingState state = new TrainingState();
    state.steps = 1;
    saver.save(state);
    state.steps = 2;
    saver.save(state);
    saver.stopBySignal(state, TrainerTest.quiet());
    assertEquals("2", CheckpointFiles.read(folder.dir.resolve(CheckpointFiles.LATEST)).metadata().get("steps"));
    assertEquals("1", CheckpointFiles.read(folder.dir.resolve(CheckpointFiles.PREVIOUS)).metadata().get("steps"),
        "the previous checkpoint (step 1) was replaced by a second copy of step 2");
  }

  /**
   * A checkpoint saved in the background holds the state as it was when asked for, though
   * training goes on meanwhile; a signal waits for it rather than writing the same state again,
   * and closing the saver waits for the last.
   */
  @Test
  void backgroundSaveHoldsTheStateAsAskedFor(@TempDir Path tmp) throws Exception {
    RunConfig run = TrainerTest.run(1);
    RunFolder folder = RunFolder.create(tmp.resolve("run"), run);
    Vae vae = new Vae(run.model(), new Xoshiro256(1));
    var weight = vae.decoder.out.weight;
    float asked = weight.value.data[0];
    TrainingState state = new TrainingState();
    try (Checkpointer saver = saverOf(folder, vae)) {
      state.steps = 1;
      saver.save(state);
      state.steps = 2;
      saver.save(state);
      weight.value.data[0] = asked + 1;   // the next step, while the checkpoint is written
      saver.stopBySignal(state, TrainerTest.quiet());
      var latest = CheckpointFiles.read(folder.dir.resolve(CheckpointFiles.LATEST));
      assertEquals("2", latest.metadata().get("steps"), "on disk when the signal's message says so");
      assertEquals(asked, latest.tensor(weight.name).f32()[0], 0f, "the weights as they were when the checkpoint was asked for");
      assertEquals("1", CheckpointFiles.read(folder.dir.resolve(CheckpointFiles.PREVIOUS)).metadata().get("steps"));
      state.steps = 3;
      saver.save(state);
    }
    assertEquals("3", CheckpointFiles.read(folder.dir.resolve(CheckpointFiles.LATEST)).metadata().get("steps"), "closing waits for the last");
  }

  /** A saver of {@code vae}'s training in {@code folder}: Adam, batches of 20 of 40 bars. */
  private static Checkpointer saverOf(RunFolder folder, Vae vae) {
    Batches batches = new Batches(TrainerTest.bars("b", 40, 1), 20, new Xoshiro256(2), Binarization.DYNAMIC);
    return new Checkpointer(folder, new TrainingState.Parts(vae.parameters(), new Adam(1e-3f), new Xoshiro256(3), new Xoshiro256(4),
        batches, new NumericalGuard(Safeguards.DEFAULT)), CheckpointPolicy.DEFAULT);
  }

  /** The block shuffle of large data (forced here: one example a block) is saved in the middle of a window and restored exactly. */
  @Test
  void blockShuffleStateRoundTrips(@TempDir Path tmp) throws Exception {
    RunConfig run = TrainerTest.run(1);
    RunFolder folder = RunFolder.create(tmp.resolve("run"), run);
    Vae vae = new Vae(run.model(), new Xoshiro256(1));
    var data = TrainerTest.bars("b", 70, 1);
    Xoshiro256 dataRng = new Xoshiro256(2);
    Batches batches = new Batches(data, 8, dataRng, Binarization.DYNAMIC, false, 1);
    TrainingState.Parts parts = new TrainingState.Parts(vae.parameters(), new Adam(1e-3f), dataRng, new Xoshiro256(4), batches,
        new NumericalGuard(Safeguards.DEFAULT));
    latent.tensor.Tensor x = latent.tensor.Tensor.zeros(8, data.dim());
    for (int i = 0; i < 14; i++) batches.next(x);   // the second epoch's second window
    try (Checkpointer saver = new Checkpointer(folder, parts, CheckpointPolicy.DEFAULT)) {
      saver.save(new TrainingState());
    }
    float[] expected = new float[0];
    for (int i = 0; i < 12; i++) {
      batches.next(x);
      expected = concat(expected, x.data);
    }
    Xoshiro256 dataRng2 = new Xoshiro256(77);
    Batches again = new Batches(data, 8, dataRng2, Binarization.DYNAMIC, false, 1);
    TrainingState.Parts parts2 = new TrainingState.Parts(vae.parameters(), new Adam(1e-3f), dataRng2, new Xoshiro256(4), again,
        new NumericalGuard(Safeguards.DEFAULT));
    new Checkpointer(folder, parts2, CheckpointPolicy.DEFAULT).resume(line -> {});
    float[] actual = new float[0];
    for (int i = 0; i < 12; i++) {
      again.next(x);
      actual = concat(actual, x.data);
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
  }

  private static float[] concat(float[] a, float[] b) {
    float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
