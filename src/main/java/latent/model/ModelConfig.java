package latent.model;

import java.util.List;
import latent.InputException;
import latent.nn.Init;
import latent.tensor.Activation;

/**
 * Everything that fixes a VAE's architecture. Defaults are those of the PyTorch VAE example
 * (784-400-20, ReLU, PyTorch's fan-in uniform initialisation, Bernoulli decoder).
 *
 * @param inputSize    data dimension D (784 for MNIST)
 * @param encoderHidden hidden widths of q_φ(z|x)'s MLP
 * @param decoderHidden hidden widths of p_θ(x|z)'s MLP (AEVB and IWAE mirror the encoder)
 * @param latentSize   N_z, 1 to 1000
 * @param activation   hidden nonlinearity
 * @param decoder      observation model
 * @param init         weight initialisation
 * @param gaussianMeanSigmoid for the Gaussian decoder: the mean through a sigmoid (data in [0, 1]) or not
 * @param gaussianVariance for the Gaussian decoder: log σ² from a head of the decoder network
 *                     (per output, as AEVB's Frey Face model), or one learned value per pixel
 * @param logVarMin    the Gaussian decoder's log σ² is clamped to [logVarMin, logVarMax]
 * @param logVarMax    (defaults −9.2, 4.6: σ between 0.01 and 10), so the likelihood of
 *                     near-constant pixels cannot grow without bound
 * @param hidden2      for a second stochastic layer: hidden widths of q(h2|h1) (p(h1|h2) mirrors them)
 * @param latentSize2  size of the second stochastic layer h2, or 0 for one stochastic layer; the
 *                     IWAE paper's two-layer model is x-200-200-h1(100)-100-100-h2(50)
 */
public record ModelConfig(
    int inputSize,
    List<Integer> encoderHidden,
    List<Integer> decoderHidden,
    int latentSize,
    Activation activation,
    DecoderType decoder,
    Init init,
    boolean gaussianMeanSigmoid,
    GaussianVariance gaussianVariance,
    float logVarMin,
    float logVarMax,
    List<Integer> hidden2,
    int latentSize2) {

  /** Where the Gaussian decoder's log-variance comes from. */
  public enum GaussianVariance {
    HEAD, PIXEL;

    public static GaussianVariance parse(String s) {
      return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "head" -> HEAD;
        case "pixel" -> PIXEL;
        default -> throw new InputException("gaussianVariance: expected head or pixel, got '" + s + "'");
      };
    }
  }

  public static final float LOG_VAR_MIN = -9.2f;
  public static final float LOG_VAR_MAX = 4.6f;

  public static final int MAX_WIDTH = 1 << 16;

  public ModelConfig {
    encoderHidden = List.copyOf(encoderHidden);
    decoderHidden = List.copyOf(decoderHidden);
    hidden2 = List.copyOf(hidden2);
    if (latentSize2 < 0 || latentSize2 > 1000) throw new InputException("--latent2: expected 0 (one stochastic layer) to 1000, got " + latentSize2);
    for (int h : hidden2) if (h < 1 || h > MAX_WIDTH) throw new InputException("--hidden2: widths must be 1 to " + MAX_WIDTH + ", got " + hidden2);
    if (inputSize < 1) throw new InputException("input size must be >= 1, got " + inputSize);
    if (latentSize < 1 || latentSize > 1000) throw new InputException("--latent: expected 1 to 1000, got " + latentSize);
    for (int h : encoderHidden) if (h < 1 || h > MAX_WIDTH) throw new InputException("--hidden: widths must be 1 to " + MAX_WIDTH + ", got " + encoderHidden);
    for (int h : decoderHidden) if (h < 1 || h > MAX_WIDTH) throw new InputException("--decoder-hidden: widths must be 1 to " + MAX_WIDTH + ", got " + decoderHidden);
    if (!(logVarMin < logVarMax)) throw new InputException("log-variance range must have min < max, got [" + logVarMin + ", " + logVarMax + "]");
  }

  /** A model with mirrored decoder and the Gaussian options at their defaults. */
  public static ModelConfig of(int inputSize, List<Integer> hidden, int latentSize, Activation activation,
                               DecoderType decoder, Init init) {
    return new ModelConfig(inputSize, hidden, hidden.reversed(), latentSize, activation, decoder, init,
        true, GaussianVariance.HEAD, LOG_VAR_MIN, LOG_VAR_MAX, List.of(), 0);
  }

  /** This model with a second stochastic layer h2 of size {@code latentSize2} behind {@code hidden2}. */
  public ModelConfig withSecondLayer(List<Integer> hidden2, int latentSize2) {
    return new ModelConfig(inputSize, encoderHidden, decoderHidden, latentSize, activation, decoder, init,
        gaussianMeanSigmoid, gaussianVariance, logVarMin, logVarMax, hidden2, latentSize2);
  }

  /** The architecture in one line: {@code 784-200-200-50 tanh, bernoulli decoder} (the second layer's widths follow h1's). */
  public String describe() {
    StringBuilder s = new StringBuilder().append(inputSize);
    for (int w : encoderHidden) s.append('-').append(w);
    s.append('-').append(latentSize);
    if (twoStochasticLayers()) {
      for (int w : hidden2) s.append('-').append(w);
      s.append('-').append(latentSize2);
    }
    return s.append(' ').append(activation.name().toLowerCase(java.util.Locale.ROOT)).append(", ")
        .append(decoder.name().toLowerCase(java.util.Locale.ROOT)).append(" decoder").toString();
  }

  public boolean twoStochasticLayers() {
    return latentSize2 > 0;
  }
}
