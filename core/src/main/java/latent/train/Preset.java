package latent.train;

import java.util.List;
import java.util.Locale;
import latent.InvalidSetting;
import latent.data.Binarization;
import latent.data.DataConfig;
import latent.model.DecoderType;
import latent.model.ModelConfig;
import latent.nn.Init;
import latent.objective.Objective;
import latent.objective.SgvbEstimator;
import latent.optim.Adam;
import latent.optim.IwaeSchedule;
import latent.optim.OptimizerConfig;
import latent.optim.OptimizerKind;
import latent.optim.WeightDecay;
import latent.tensor.Activation;
import latent.tensor.Parallel;

/**
 * The reference papers' settings, each written here once: every default of a run comes from a
 * preset, and the command line, the Java API, model import and {@code latent bench} start from
 * them ({@link RunConfig#of}). The default preset is the PyTorch example's.
 */
public enum Preset {
  /**
   * The PyTorch examples VAE: 784-400(ReLU)-20, PyTorch's fan-in uniform initialisation, Adam
   * 1e-3 (ε = 1e-8), batch 128, 10 epochs, the ELBO (SGVB estimator B, one sample); dynamically
   * binarized MNIST (the example trains on grey levels; binarizing makes the bound a likelihood).
   */
  PYTORCH_EXAMPLE(List.of(400), 20, Activation.RELU, new Init.FanInUniform(), false,
      new OptimizerConfig(OptimizerKind.ADAM, 1e-3f, WeightDecay.NONE, 0f, Adam.DEFAULT_EPS),
      Objective.elbo(1), new Schedule(128, 10, -1, 0), Binarization.DYNAMIC),
  /**
   * AEVB on MNIST (Kingma and Welling 2013, §5): 784-500(tanh)-20, weights and biases
   * N(0, 0.01²), Adagrad 0.02, M = 100, L = 1, the N(0, I) prior on the parameters as weight
   * decay 1/N, 2 million training images (about 33 epochs). AEVB trained on one static copy of
   * MNIST, so the images are binarized once, with the run's seed.
   */
  AEVB(List.of(500), 20, Activation.TANH, new Init.Normal(0.01), false,
      new OptimizerConfig(OptimizerKind.ADAGRAD, 0.02f, WeightDecay.PRIOR, 0f, Adam.DEFAULT_EPS),
      Objective.elbo(1), new Schedule(100, 34, -1, 2_000_000), Binarization.FIXED),
  /**
   * The IWAE paper's one-stochastic-layer MNIST model (Burda et al. 2015, §5): 784-200-200-50
   * tanh, mirrored decoder, Glorot-uniform weights and zero biases, decoder output bias at the
   * logit of the mean training pixel, Adam β = (0.9, 0.999), ε = 1e-4, batch 20, IWAE k = 5,
   * dynamic binarization, the 3^i-pass schedule through stage 7 (3280 passes). The authors'
   * code departs from the paper's text: its Adam uses β₁ = 0.99 with the second moments
   * started at one, and it holds out 400 training images. We follow the text: β₁ = 0.9,
   * moments from zero, all 60,000 images.
   */
  IWAE(List.of(200, 200), 50, Activation.TANH, new Init.GlorotUniform(), true,
      new OptimizerConfig(OptimizerKind.ADAM, 1e-3f, WeightDecay.NONE, 0f, 1e-4f),
      new Objective(Objective.Kind.IWAE, 5, SgvbEstimator.B), new Schedule(20, IwaeSchedule.passes(IwaeSchedule.LAST_STAGE),
          IwaeSchedule.LAST_STAGE, 0), Binarization.DYNAMIC);

  /** The dataset a preset trains on unless told otherwise. */
  public static final String DATASET = "mnist";
  /** The seed a run uses unless told otherwise. */
  public static final long SEED = 1;

  private final List<Integer> hidden;
  private final int latent;
  private final Activation activation;
  private final Init init;
  private final boolean outputBiasFromData;
  private final OptimizerConfig optimizer;
  private final Objective objective;
  private final Schedule schedule;
  private final Binarization binarization;

  Preset(List<Integer> hidden, int latent, Activation activation, Init init, boolean outputBiasFromData, OptimizerConfig optimizer,
         Objective objective, Schedule schedule, Binarization binarization) {
    this.hidden = hidden;
    this.latent = latent;
    this.activation = activation;
    this.init = init;
    this.outputBiasFromData = outputBiasFromData;
    this.optimizer = optimizer;
    this.objective = objective;
    this.schedule = schedule;
    this.binarization = binarization;
  }

  /** The preset's architecture (mirrored decoder, Bernoulli) for data of {@code inputSize} values per example. */
  public ModelConfig model(int inputSize) {
    return new ModelConfig(inputSize, hidden, null, latent, activation, DecoderType.BERNOULLI, init, true,
        ModelConfig.GaussianVariance.HEAD, ModelConfig.DECODER_LOG_VAR_MIN, ModelConfig.DECODER_LOG_VAR_MAX, List.of(), 0, outputBiasFromData);
  }

  /**
   * The preset's run of {@code model}: on MNIST, seed {@value #SEED}, all cores, the Java GEMM,
   * the default safeguards. A Gaussian decoder models real values, so its data are not binarized.
   */
  public RunConfig run(ModelConfig model) {
    Binarization b = model.decoder() == DecoderType.GAUSSIAN ? Binarization.NONE : binarization;
    TrainingConfig t = new TrainingConfig(flag(), new DataConfig(DATASET, null, b, 0, 0), optimizer, objective, schedule,
        new RuntimeConfig(SEED, Parallel.CORES, "java"));
    return new RunConfig(model, t, Safeguards.DEFAULT);
  }

  /** The name on the command line and in config.json: {@code pytorch-example}, {@code aevb}, {@code iwae}. */
  public String flag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Preset parse(String s) {
    for (Preset p : values()) if (p.flag().equalsIgnoreCase(s.trim())) return p;
    throw new InvalidSetting("preset", "expected pytorch-example, aevb or iwae, got '" + s + "'");
  }
}
