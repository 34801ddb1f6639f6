package latent.cli;

import java.nio.file.Path;
import latent.InputException;
import latent.data.Dataset;
import latent.data.FileData;
import latent.data.Scaling;
import latent.model.Vae;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;
import latent.train.Checkpoint;
import latent.train.RunFolder;
import latent.train.Trainer;
import latent.train.TrainingConfig;

/**
 * A saved run and a file of new examples for it, scaled with the range recorded at training
 * ({@code data.json}; for runs trained on IDX data the {@code --scale} given, default none) and
 * clamped into [0, 1]. Each example is then used as it is, so its encoding or score does not
 * depend on the other rows of the file; with {@code binarize}, a Bernoulli model trained on
 * binarized data gets the inputs binarized once with the run's test seed, as its test set was.
 */
record RunInput(RunFolder folder, TrainingConfig.Run config, Vae vae, Dataset data) {

  static RunInput load(Path run, Path input, String scale, boolean binarize) {
    RunFolder folder = RunFolder.open(run);
    TrainingConfig.Run cfg = folder.config();
    Vae vae = new Vae(cfg.model(), new Xoshiro256(0));
    Checkpoint.load(folder.model(), vae.parameters());
    Tensor raw = FileData.readMatrix(input);
    if (raw.cols != cfg.model().inputSize()) {
      throw new InputException(input + ": " + raw.cols + " values per row, the model in " + run + " expects " + cfg.model().inputSize());
    }
    FileData recorded;
    if (FileData.recordedIn(run) || FileData.isFile(cfg.training().dataset())) {
      recorded = FileData.read(run);
      if (scale != null && Scaling.parse(scale) != recorded.scaling().kind()) {
        throw new InputException("--scale: " + run + " was trained with --scale " + recorded.scaling().label() + ", which is used for its inputs; omit --scale");
      }
    } else {
      Scaling.Kind kind = Scaling.parse(scale == null ? "none" : scale);
      if (kind != Scaling.Kind.NONE && kind != Scaling.Kind.BYTES) {
        throw new InputException("--scale: " + run + " was trained on IDX data (bytes / 255); expected none or bytes, got " + scale);
      }
      recorded = new FileData(input, null, FileData.DEFAULT_TEST_FRACTION, 0, Scaling.fit(kind, raw));
    }
    Dataset scaled = recorded.scale(input.toString(), raw, msg -> System.err.println("latent: " + msg));
    return new RunInput(folder, cfg, vae, binarize ? Trainer.testSet(cfg.training(), cfg.model().decoder(), scaled) : scaled);
  }
}
