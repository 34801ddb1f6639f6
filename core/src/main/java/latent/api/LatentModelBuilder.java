package latent.api;

import java.util.List;
import latent.data.Binarization;
import latent.model.DecoderType;
import latent.model.Vae;
import latent.nn.Init;
import latent.objective.KlRecipe;
import latent.objective.Objective;
import latent.optim.Adam;
import latent.optim.OptimizerKind;
import latent.random.Xoshiro256;
import latent.tensor.Activation;
import latent.train.Preset;
import latent.train.RunConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The architecture and training recipe of a {@link LatentModel}. Defaults are those of the
 * PyTorch VAE example ({@link Preset#PYTORCH_EXAMPLE}: one hidden layer of 400 ReLU units,
 * Nz = 20, Bernoulli decoder, fan-in uniform initialisation, Adam at 1e-3, batch 128, 10 epochs,
 * the ELBO with one sample, dynamic binarization) and seed 1; every setter returns the builder
 * and overrides one setting of that preset, as a flag of {@code latent train} does.
 */
public final class LatentModelBuilder {
  private final int inputSize;
  /** Setting paths of {@link RunConfig} and their values; the model is recorded as trained on data from the API. */
  private final Map<String, Object> settings = new LinkedHashMap<>(Map.of("training.data.dataset", "api"));

  LatentModelBuilder(int inputSize) {
    this.inputSize = inputSize;
  }

  private LatentModelBuilder set(String path, Object value) {
    settings.put(path, value);
    return this;
  }

  /** Encoder hidden widths; the decoder mirrors them unless {@link #decoderHidden} is set. */
  public LatentModelBuilder hidden(Integer... widths) {
    return set("model.encoderHidden", List.of(widths));
  }

  /** Decoder hidden widths, from z towards x (default: the encoder's, reversed). */
  public LatentModelBuilder decoderHidden(Integer... widths) {
    return set("model.decoderHidden", List.of(widths));
  }

  /** N_z, the latent size (1 to 1000). */
  public LatentModelBuilder latent(int size) {
    return set("model.latentSize", size);
  }

  /** The hidden layers' nonlinearity (default ReLU). */
  public LatentModelBuilder activation(Activation f) {
    return set("model.activation", f);
  }

  /** Bernoulli (binary data) or Gaussian (real values in [0, 1]; then no binarization by default). */
  public LatentModelBuilder decoder(DecoderType type) {
    return set("model.decoder", type);
  }

  /** Weight initialisation (default PyTorch's fan-in uniform). */
  public LatentModelBuilder init(Init i) {
    return set("model.init", i);
  }

  /** The bound maximised: {@code Objective.elbo(L)} or {@code Objective.iwae(k)}. */
  public LatentModelBuilder objective(Objective o) {
    return set("training.objective", o);
  }

  /**
   * Trains the ELBO with a KL recipe: weight β, a linear warm-up of it over the first
   * {@code warmupImages} images, free bits λ nats per latent dimension ({@link KlRecipe}); the
   * bound reported stays the true one.
   */
  public LatentModelBuilder kl(double weight, long warmupImages, double freeBits) {
    set("training.objective.kl.weight", weight);
    set("training.objective.kl.warmupImages", warmupImages);
    return set("training.objective.kl.freeBits", freeBits);
  }

  /** How the learning rate moves over the epochs, with an optional warm-up ({@link latent.optim.LrSchedule}; default constant). */
  public LatentModelBuilder lrSchedule(latent.optim.LrSchedule schedule) {
    return set("training.schedule.lr", schedule);
  }

  /**
   * Holds out {@code validation} training images and stops after {@code patience} epochs
   * without a validation ELBO better by more than {@code minDelta} nats; the model kept is the
   * best epoch's ({@link latent.train.EarlyStopping}). For {@link LatentModel#fit(latent.data.TrainTest, java.nio.file.Path)},
   * which trains in a run folder; the in-memory {@code fit(Dataset)} refuses it.
   */
  public LatentModelBuilder earlyStopping(int validation, int patience, double minDelta) {
    set("training.data.validation", validation);
    return set("training.schedule.earlyStopping", new latent.train.EarlyStopping(patience, minDelta));
  }

  /** The optimiser and its step size (default Adam, 1e-3). */
  public LatentModelBuilder optimizer(OptimizerKind kind, float learningRate) {
    set("training.optimizer.kind", kind);
    return set("training.optimizer.learningRate", learningRate);
  }

  /** Minibatch size M (default 128). */
  public LatentModelBuilder batchSize(int m) {
    return set("training.schedule.batchSize", m);
  }

  /** Passes over the training set made by each {@link LatentModel#fit}. */
  public LatentModelBuilder epochs(int n) {
    return set("training.schedule.epochs", n);
  }

  /** How training data becomes binary (default dynamic for Bernoulli, none for Gaussian). */
  public LatentModelBuilder binarization(Binarization b) {
    return set("training.data.binarization", b);
  }

  /** Seeds initialisation, data order, binarization and noise, as {@code latent train --seed}. */
  public LatentModelBuilder seed(long s) {
    return set("training.runtime.seed", s);
  }

  /** Worker threads of the matrix products (default: all cores; set process-wide by {@link LatentModel#fit}). */
  public LatentModelBuilder threads(int t) {
    return set("training.runtime.threads", t);
  }

  /** The model, initialised; checks every setting ({@link latent.InvalidSetting} names the bad one). */
  public LatentModel build() {
    RunConfig run = RunConfig.of(Preset.PYTORCH_EXAMPLE, inputSize, settings);
    Xoshiro256 root = new Xoshiro256(run.training().runtime().seed());
    return new LatentModel(new Vae(run.model(), root.split(1)), run, root);
  }
}
