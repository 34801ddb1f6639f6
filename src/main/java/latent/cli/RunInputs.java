package latent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import latent.InputException;
import latent.data.DataSources;
import latent.data.Dataset;
import latent.data.FileData;
import latent.data.TrainTest;
import latent.model.Vae;
import latent.random.Xoshiro256;
import latent.train.Checkpoint;
import latent.train.RunFolder;
import latent.train.Trainer;
import latent.train.TrainingConfig;

/**
 * What the figure commands read from a run folder: its config, its saved model (null before
 * the first epoch has finished) and, on demand, its test set as it was scored.
 */
record RunInputs(RunFolder folder, TrainingConfig.Run config, Vae vae) {
  static RunInputs open(Path run, boolean modelRequired) {
    RunFolder folder = RunFolder.open(run);
    TrainingConfig.Run cfg = folder.config();
    Vae vae = null;
    if (Files.isRegularFile(folder.model())) {
      vae = new Vae(cfg.model(), new Xoshiro256(0));
      Checkpoint.load(folder.model(), vae.parameters());
    } else if (modelRequired) {
      throw new InputException(run + ": no " + RunFolder.MODEL + " yet (the first epoch has not finished)");
    }
    return new RunInputs(folder, cfg, vae);
  }

  /** The run's data: the files recorded in its data.json, or the dataset from {@code dataDir} or from where the run trained. */
  TrainTest data(Path dataDir) {
    TrainingConfig t = config.training();
    Path dir = dataDir != null ? dataDir : t.dataDir() == null ? null : Path.of(t.dataDir());
    TrainTest sets = FileData.recordedIn(folder.dir) || FileData.isFile(t.dataset()) ? FileData.read(folder.dir).load()
        : DataSources.load(t.dataset(), dir, msg -> System.err.println("latent: " + msg));
    if (sets.test().dim() != config.model().inputSize()) {
      throw new InputException((dir == null ? t.dataset() : dir.toString()) + ": test images have " + sets.test().dim()
          + " values, the model in " + folder.dir + " expects " + config.model().inputSize());
    }
    return sets;
  }

  /** The test set of {@link #data}, binarized as training scored it. */
  Dataset test(Path dataDir) {
    return test(data(dataDir));
  }

  Dataset test(TrainTest sets) {
    return Trainer.testSet(config.training(), config.model().decoder(), sets.test());
  }

  /** {@code out}, or {@code RUN/figures/NAME.png}. */
  Path figureFile(Path out, String name) {
    return out != null ? out : folder.dir.resolve(latent.report.RunFigures.FOLDER).resolve(name + ".png");
  }
}
