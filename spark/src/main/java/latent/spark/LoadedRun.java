package latent.spark;

import latent.InputException;
import latent.data.FileData;
import latent.data.Scaling;
import latent.eval.Threshold;
import latent.io.SafeTensors;
import latent.model.Vae;
import latent.model.Weights;
import latent.random.Xoshiro256;
import latent.train.RunConfig;
import latent.train.RunFolder;

/**
 * A saved model made ready to use: its settings, its network with the saved weights, and the
 * scaling its inputs get, read from {@link RunFiles} the way {@code latent score} reads a run
 * folder: a run trained on a data file scales new rows with the range recorded in data.json
 * (values outside it clamped into [0, 1]); any other run takes values in [0, 1] as they are.
 * Built once on the driver, to check the files, and once per executor, from the broadcast files.
 * {@code threshold} is the anomaly threshold recorded with the model, or null.
 */
record LoadedRun(RunConfig config, Vae vae, Scaling scaling, Threshold threshold) {

  static LoadedRun of(RunFiles files) {
    RunConfig config;
    try {
      config = RunConfig.fromJson(files.config());
    } catch (InputException e) {
      throw e.in(files.file(RunFolder.CONFIG));
    }
    Vae vae = new Vae(config.model(), new Xoshiro256(0));
    String weights = files.file(RunFolder.MODEL);
    Weights.load(SafeTensors.parse(files.weights(), weights, SafeTensors.Kind.WEIGHTS), weights, vae.parameters());
    Scaling scaling = files.data() == null
        ? new Scaling(Scaling.Kind.NONE, new float[0], new float[0])
        : FileData.parse(files.data(), files.file(RunFiles.DATA)).scaling();
    if (scaling.kind() == Scaling.Kind.COLUMNS && scaling.min().length != config.model().inputSize()) {
      throw new InputException(files.file(RunFiles.DATA) + ": a per-column scaling of " + scaling.min().length + " columns, the model has "
          + config.model().inputSize() + " inputs");
    }
    Threshold threshold = files.threshold() == null ? null : Threshold.parse(files.threshold(), files.file(RunFolder.THRESHOLD));
    return new LoadedRun(config, vae, scaling, threshold);
  }

  /** Values per row the model takes: D. */
  int inputSize() {
    return config.model().inputSize();
  }

  /** Nz, the size of the (first) latent layer. */
  int latentSize() {
    return config.model().latentSize();
  }

  /** The seed {@code latent score} uses for this run: its test seed. */
  long scoreSeed() {
    return config.training().data().testSeed();
  }
}
