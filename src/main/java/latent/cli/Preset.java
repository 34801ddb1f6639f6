package latent.cli;

import java.util.List;
import latent.data.Binarization;
import latent.nn.Init;
import latent.objective.Objective;
import latent.optim.Adam;
import latent.optim.OptimizerKind;
import latent.tensor.Activation;

/**
 * Named settings from the reference papers; any flag given on the command line overrides the
 * preset's value.
 */
public enum Preset {
  /**
   * The PyTorch examples VAE: 784-400(ReLU)-20, Adam 1e-3, batch 128, 10 epochs; dynamically
   * binarized MNIST (the example trains on grey levels; binarizing makes the bound a likelihood).
   */
  PYTORCH_EXAMPLE(List.of(400), 20, Activation.RELU, new Init.FanInUniform(), OptimizerKind.ADAM, 1e-3f, false, 128, 10, 0,
      Binarization.DYNAMIC, Objective.Kind.ELBO, 1, Adam.DEFAULT_EPS),
  /**
   * AEVB on MNIST (Kingma and Welling 2013, §5): 784-500(tanh)-20, weights and biases
   * N(0, 0.01²), Adagrad 0.02, M = 100, L = 1, the N(0, I) prior on the parameters as weight
   * decay 1/N, 2 million training images (about 33 epochs). AEVB trained on one static copy of
   * MNIST, so the images are binarized once, with the run's seed.
   */
  AEVB(List.of(500), 20, Activation.TANH, new Init.Normal(0.01), OptimizerKind.ADAGRAD, 0.02f, true, 100, 34, 2_000_000,
      Binarization.FIXED, Objective.Kind.ELBO, 1, Adam.DEFAULT_EPS),
  /**
   * The IWAE paper's one-stochastic-layer MNIST model (Burda et al. 2015, §5): 784-200-200-50
   * tanh, mirrored decoder, Glorot-uniform weights and zero biases, decoder output bias at the
   * logit of the mean training pixel, Adam β = (0.9, 0.999), ε = 1e-4, batch 20, IWAE k = 5,
   * dynamic binarization, the 3^i-pass schedule through stage 7 (3280 passes; --stages cuts it).
   * The authors' code departs from the paper's text: its Adam uses β₁ = 0.99 with the second
   * moments started at one, and it holds out 400 training images. We follow the text: β₁ = 0.9,
   * moments from zero, all 60,000 images.
   */
  IWAE(List.of(200, 200), 50, Activation.TANH, new Init.GlorotUniform(), OptimizerKind.ADAM, 1e-3f, false, 20, 3280, 0,
      Binarization.DYNAMIC, Objective.Kind.IWAE, 5, 1e-4f);

  final List<Integer> hidden;
  final int latent;
  final Activation activation;
  final Init init;
  final OptimizerKind optimizer;
  final float lr;
  final boolean priorWeightDecay;
  final int batchSize;
  final int epochs;
  final long maxImages;
  final Binarization binarization;
  final Objective.Kind objective;
  final int samples;
  final float adamEps;

  Preset(List<Integer> hidden, int latent, Activation activation, Init init, OptimizerKind optimizer, float lr,
         boolean priorWeightDecay, int batchSize, int epochs, long maxImages, Binarization binarization,
         Objective.Kind objective, int samples, float adamEps) {
    this.hidden = hidden;
    this.latent = latent;
    this.activation = activation;
    this.init = init;
    this.optimizer = optimizer;
    this.lr = lr;
    this.priorWeightDecay = priorWeightDecay;
    this.batchSize = batchSize;
    this.epochs = epochs;
    this.maxImages = maxImages;
    this.binarization = binarization;
    this.objective = objective;
    this.samples = samples;
    this.adamEps = adamEps;
  }

  /** The name on the command line: {@code pytorch-example}, {@code aevb}. */
  public String flag() {
    return name().toLowerCase().replace('_', '-');
  }

  static Preset parse(String s) {
    for (Preset p : values()) if (p.flag().equalsIgnoreCase(s.trim())) return p;
    throw new latent.InputException("--preset: expected pytorch-example, aevb or iwae, got '" + s + "'");
  }
}
