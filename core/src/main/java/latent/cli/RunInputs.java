package latent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import latent.InputException;
import latent.data.DataSources;
import latent.data.Dataset;
import latent.data.FileData;
import latent.data.TrainTest;
import latent.model.Vae;
import latent.model.Weights;
import latent.random.Xoshiro256;
import latent.train.RunConfig;
import latent.train.RunFolder;
import latent.train.Trainer;

/**
 * What the figure commands read from a run folder: its config, its saved model (null before
 * the first epoch has finished) and, on demand, its test set as it was scored.
 */
record RunInputs(RunFolder folder, RunConfig config, Vae vae) {
  static RunInputs open(Path run, boolean modelRequired) {
    RunFolder folder = RunFolder.open(run);
    RunConfig cfg = folder.config();
    Vae vae = null;
    if (Files.isRegularFile(folder.model())) {
      vae = new Vae(cfg.model(), new Xoshiro256(0));
      Weights.load(folder.model(), vae.parameters());
    } else if (modelRequired) {
      throw new InputException(run + ": no " + RunFolder.MODEL + " yet (the first epoch has not finished)");
    }
    return new RunInputs(folder, cfg, vae);
  }

  /** The run's data: the files recorded in its data.json, or the dataset from {@code dataDir} or from where the run trained. */
  TrainTest data(Path dataDir) {
    TrainTest sets = fileData() ? FileData.read(folder.dir).load() : DataSources.load(config.training().data().dataset(), dir(dataDir), RunInputs::log);
    checkSize(sets.test(), dataDir);
    return sets;
  }

  /** The test set of {@link #data}, binarized as training scored it (training images are read only where the test rows were held out of them). */
  Dataset test(Path dataDir) {
    Dataset test = fileData() ? FileData.read(folder.dir).loadTest() : DataSources.loadTest(config.training().data().dataset(), dir(dataDir), RunInputs::log);
    checkSize(test, dataDir);
    return Trainer.testSet(config, test);
  }

  /** Whether the run trained on a data file (recorded in data.json) rather than a named dataset. */
  boolean fileData() {
    return FileData.recordedIn(folder.dir) || FileData.isFile(config.training().data().dataset());
  }

  private Path dir(Path dataDir) {
    String recorded = config.training().data().dataDir();
    return dataDir != null ? dataDir : recorded == null ? null : Path.of(recorded);
  }

  private void checkSize(Dataset test, Path dataDir) {
    if (test.dim() != config.model().inputSize()) {
      Path dir = dir(dataDir);
      throw new InputException((dir == null ? config.training().data().dataset() : dir.toString()) + ": test images have " + test.dim()
          + " values, the model in " + folder.dir + " expects " + config.model().inputSize());
    }
  }

  private static void log(String msg) {
    System.err.println("latent: " + msg);
  }

  Dataset test(TrainTest sets) {
    return Trainer.testSet(config, sets.test());
  }

  /** {@code out}, or the figure's file in the run folder ({@code RUN/figures/NAME.png}). */
  Path figureFile(Path out, latent.report.Figure f) {
    return out != null ? out : latent.report.RunFigures.file(folder.dir, f);
  }
}
