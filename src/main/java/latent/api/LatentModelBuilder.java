package latent.api;

import java.util.List;
import latent.InputException;
import latent.data.Binarization;
import latent.model.DecoderType;
import latent.model.ModelConfig;
import latent.model.Vae;
import latent.nn.Init;
import latent.objective.Objective;
import latent.objective.SgvbEstimator;
import latent.optim.Adam;
import latent.optim.OptimizerKind;
import latent.random.Xoshiro256;
import latent.tensor.Activation;
import latent.train.TrainingConfig;

/**
 * The architecture and training recipe of a {@link LatentModel}. Defaults are those of the
 * PyTorch VAE example (one hidden layer of 400 ReLU units, Nz = 20, Bernoulli decoder, fan-in
 * uniform initialisation, Adam at 1e-3, batch 128, 10 epochs, the ELBO with one sample,
 * dynamic binarization) and seed 1; every setter returns the builder.
 */
public final class LatentModelBuilder {
  private final int inputSize;
  private List<Integer> hidden = List.of(400);
  private List<Integer> decoderHidden;
  private int latent = 20;
  private Activation activation = Activation.RELU;
  private DecoderType decoder = DecoderType.BERNOULLI;
  private Init init = new Init.FanInUniform();
  private Objective objective = Objective.elbo(1);
  private OptimizerKind optimizer = OptimizerKind.ADAM;
  private float learningRate = 1e-3f;
  private int batchSize = 128;
  private int epochs = 10;
  private Binarization binarization;
  private long seed = 1;
  private int threads = Runtime.getRuntime().availableProcessors();

  LatentModelBuilder(int inputSize) {
    this.inputSize = inputSize;
  }

  /** Encoder hidden widths; the decoder mirrors them unless {@link #decoderHidden} is set. */
  public LatentModelBuilder hidden(Integer... widths) {
    hidden = List.of(widths);
    return this;
  }

  /** Decoder hidden widths, from z towards x (default: the encoder's, reversed). */
  public LatentModelBuilder decoderHidden(Integer... widths) {
    decoderHidden = List.of(widths);
    return this;
  }

  /** N_z, the latent size (1 to 1000). */
  public LatentModelBuilder latent(int size) {
    latent = size;
    return this;
  }

  /** The hidden layers' nonlinearity (default ReLU). */
  public LatentModelBuilder activation(Activation f) {
    activation = f;
    return this;
  }

  /** Bernoulli (binary data) or Gaussian (real values in [0, 1]; then no binarization by default). */
  public LatentModelBuilder decoder(DecoderType type) {
    decoder = type;
    return this;
  }

  /** Weight initialisation (default PyTorch's fan-in uniform). */
  public LatentModelBuilder init(Init i) {
    init = i;
    return this;
  }

  /** The bound maximised: {@code Objective.elbo(L)} or {@code Objective.iwae(k)}. */
  public LatentModelBuilder objective(Objective o) {
    objective = o;
    return this;
  }

  /** The optimiser and its step size (default Adam, 1e-3). */
  public LatentModelBuilder optimizer(OptimizerKind kind, float learningRate) {
    optimizer = kind;
    this.learningRate = learningRate;
    return this;
  }

  /** Minibatch size M (default 128). */
  public LatentModelBuilder batchSize(int m) {
    batchSize = m;
    return this;
  }

  /** Passes over the training set made by each {@link LatentModel#fit}. */
  public LatentModelBuilder epochs(int n) {
    epochs = n;
    return this;
  }

  /** How training data becomes binary (default dynamic for Bernoulli, none for Gaussian). */
  public LatentModelBuilder binarization(Binarization b) {
    binarization = b;
    return this;
  }

  /** Seeds initialisation, data order, binarization and noise, as {@code latent train --seed}. */
  public LatentModelBuilder seed(long s) {
    seed = s;
    return this;
  }

  /** Worker threads of the matrix products (default: all cores; set process-wide by {@link LatentModel#fit}). */
  public LatentModelBuilder threads(int t) {
    threads = t;
    return this;
  }

  /** The model, initialised; checks every setting ({@link InputException} names the bad one). */
  public LatentModel build() {
    ModelConfig model = new ModelConfig(inputSize, hidden, decoderHidden != null ? decoderHidden : hidden.reversed(), latent, activation,
        decoder, init, true, ModelConfig.GaussianVariance.HEAD, ModelConfig.LOG_VAR_MIN, ModelConfig.LOG_VAR_MAX, List.of(), 0);
    Binarization bin = binarization != null ? binarization : decoder == DecoderType.GAUSSIAN ? Binarization.NONE : Binarization.DYNAMIC;
    SgvbEstimator estimator = objective.estimator() != null ? objective.estimator() : SgvbEstimator.B;
    TrainingConfig t = new TrainingConfig("api", "api", null, bin, 0, optimizer, learningRate, 0f, 0f, Adam.DEFAULT_EPS, objective.kind(), estimator,
        objective.samples(), batchSize, epochs, -1, false, 0, seed, 0, threads, "java", objective.gradient());   // no weight decay, Adam ε = 1e-8
    Xoshiro256 root = new Xoshiro256(seed);
    return new LatentModel(new Vae(model, root.split(1)), t, root);
  }
}
