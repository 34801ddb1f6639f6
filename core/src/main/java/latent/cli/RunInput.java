package latent.cli;

import java.nio.file.Path;
import latent.InputException;
import latent.data.Dataset;
import latent.data.FileData;
import latent.data.Scaling;
import latent.model.Vae;
import latent.tensor.Tensor;
import latent.train.RunConfig;
import latent.train.RunFolder;
import latent.train.Trainer;

/**
 * A saved run and a file of new examples for it, scaled with the range recorded at training
 * ({@code data.json}; for runs trained on IDX data the {@code --scale} given, default none) and
 * clamped into [0, 1]. Each example is then used as it is, so its encoding or score does not
 * depend on the other rows of the file; with {@code binarize}, a Bernoulli model trained on
 * binarized data gets the inputs binarized once with the run's test seed, as its test set was.
 */
record RunInput(RunFolder folder, RunConfig config, Vae vae, Dataset data) {

  static RunInput load(Path run, Path input, String scale, boolean binarize) {
    RunInputs in = RunInputs.open(run, true);
    RunConfig cfg = in.config();
    Tensor raw = FileData.readMatrix(input);
    if (raw.cols != cfg.model().inputSize()) {
      throw new InputException(input + ": " + raw.cols + " values per row, the model in " + run + " expects " + cfg.model().inputSize());
    }
    Scaling scaling;
    if (in.fileData()) {
      scaling = FileData.read(run).scaling();
      if (scale != null && Scaling.parse(scale) != scaling.kind()) {
        throw new InputException("--scale: " + run + " was trained with --scale " + scaling.label() + ", which is used for its inputs; omit --scale");
      }
    } else {
      Scaling.Kind kind = Scaling.parse(scale == null ? "none" : scale);
      if (kind != Scaling.Kind.NONE && kind != Scaling.Kind.BYTES) {
        throw new InputException("--scale: " + run + " was trained on IDX data (bytes / 255); expected none or bytes, got " + scale);
      }
      scaling = Scaling.fit(kind, raw);
    }
    Dataset scaled = scaling.scaleNew(input.toString(), raw, msg -> System.err.println("latent: " + msg));
    return new RunInput(in.folder(), cfg, in.vae(), binarize ? Trainer.testSet(cfg, scaled) : scaled);
  }
}
