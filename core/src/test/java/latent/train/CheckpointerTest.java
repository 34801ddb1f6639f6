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
    Vae vae = new Vae(run.model(), new Xoshiro256(1));
    Batches batches = new Batches(TrainerTest.bars("b", 40, 1), 20, new Xoshiro256(2), Binarization.DYNAMIC);
    Checkpointer saver = new Checkpointer(folder, new TrainingState.Parts(vae.parameters(), new Adam(1e-3f), new Xoshiro256(3),
        new Xoshiro256(4), batches, new NumericalGuard(Safeguards.DEFAULT)), CheckpointPolicy.DEFAULT);
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
}
