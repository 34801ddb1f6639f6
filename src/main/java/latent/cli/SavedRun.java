package latent.cli;

import java.nio.file.Path;
import latent.InputException;
import latent.data.DataSources;
import latent.data.Dataset;
import latent.data.TrainTest;
import latent.model.Vae;
import latent.random.Xoshiro256;
import latent.train.Checkpoint;
import latent.train.RunFolder;
import latent.train.Trainer;
import latent.train.TrainingConfig;

/** A run folder loaded for inspection: its config, its model, and its data with the test set prepared as in training. */
record SavedRun(RunFolder folder, TrainingConfig.Run config, Vae vae, TrainTest data, Dataset test) {
  /** Loads {@code run}, reading the data from {@code dataDir}, or from where the run was trained when null. */
  static SavedRun load(Path run, Path dataDir) {
    RunFolder folder = RunFolder.open(run);
    TrainingConfig.Run cfg = folder.config();
    Vae vae = new Vae(cfg.model(), new Xoshiro256(0));
    Checkpoint.load(folder.model(), vae.parameters());
    TrainingConfig t = cfg.training();
    Path dir = dataDir != null ? dataDir : t.dataDir() == null ? null : Path.of(t.dataDir());
    TrainTest sets = DataSources.load(t.dataset(), dir, msg -> System.err.println("latent: " + msg));
    Dataset test = Trainer.testSet(t, cfg.model().decoder(), sets.test());
    if (test.dim() != cfg.model().inputSize()) {
      throw new InputException(dir + ": test images have " + test.dim() + " values, the model in " + run + " expects " + cfg.model().inputSize());
    }
    return new SavedRun(folder, cfg, vae, sets, test);
  }
}
