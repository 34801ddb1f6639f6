package latent.model;

import java.util.List;
import latent.InvalidSetting;
import latent.nn.Init;
import latent.tensor.Activation;

/**
 * Everything that fixes a VAE's architecture and how its weights start; the {@code model}
 * section of a run's {@code config.json}. The presets ({@code latent.train.Preset}) hold the
 * papers' values; a value left out (null) takes the default said below.
 *
 * @param inputSize    data dimension D (784 for MNIST)
 * @param encoderHidden hidden widths of q_φ(z|x)'s MLP
 * @param decoderHidden hidden widths of p_θ(x|z)'s MLP; default: the encoder's, reversed (AEVB
 *                     and IWAE mirror the encoder)
 * @param latentSize   N_z, 1 to 1000
 * @param activation   hidden nonlinearity
 * @param decoder      observation model (default Bernoulli)
 * @param init         weight initialisation
 * @param gaussianMeanSigmoid for the Gaussian decoder: the mean through a sigmoid (data in [0, 1]) or not
 * @param gaussianVariance for the Gaussian decoder: log σ² from a head of the decoder network
 *                     (per output, as AEVB's Frey Face model; the default), or one learned value per pixel
 * @param logVarMin    the Gaussian decoder's log σ² is clamped to [logVarMin, logVarMax]
 * @param logVarMax    (defaults {@value #DECODER_LOG_VAR_MIN}, {@value #DECODER_LOG_VAR_MAX}: σ between 0.01 and 10),
 *                     so the likelihood of near-constant pixels cannot grow without bound
 * @param hidden2      for a second stochastic layer: hidden widths of q(h2|h1) (p(h1|h2) mirrors them)
 * @param latentSize2  size of the second stochastic layer h2, or 0 for one stochastic layer; the
 *                     IWAE paper's two-layer model is x-200-200-h1(100)-100-100-h2(50)
 * @param outputBiasFromData start a Bernoulli decoder's output bias at the logit of the mean
 *                     training pixel (Burda et al. 2015, §5) instead of the initialisation's value
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
    int latentSize2,
    boolean outputBiasFromData) {

  /** Where the Gaussian decoder's log-variance comes from. */
  public enum GaussianVariance {
    HEAD, PIXEL;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static GaussianVariance parse(String s) {
      return InvalidSetting.oneOf(GaussianVariance.class, "gaussianVariance", s);
    }

    /** The lowercase name, as config.json holds it. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The Gaussian decoder's log-variance range: σ from 0.01 to 10. (The encoder's own, wider clamp is {@link Encoder#SAFE_LOG_VAR_MIN}.) */
  public static final float DECODER_LOG_VAR_MIN = -9.2f;
  public static final float DECODER_LOG_VAR_MAX = 4.6f;

  public static final int MAX_WIDTH = 1 << 16;
  public static final int MAX_LATENT = 1000;

  public ModelConfig {
    encoderHidden = List.copyOf(encoderHidden == null ? List.of() : encoderHidden);
    decoderHidden = decoderHidden == null ? encoderHidden.reversed() : List.copyOf(decoderHidden);
    hidden2 = List.copyOf(hidden2 == null ? List.of() : hidden2);
    if (decoder == null) decoder = DecoderType.BERNOULLI;
    if (gaussianVariance == null) gaussianVariance = GaussianVariance.HEAD;
    InvalidSetting.require(activation != null, "activation", "expected tanh, relu, softplus, sigmoid or identity, got none");
    InvalidSetting.require(init != null, "init", "expected normal:STD (STD > 0), glorot or fan-in, got none");
    InvalidSetting.require(latentSize2 >= 0 && latentSize2 <= MAX_LATENT, "latentSize2",
        "expected 0 (one stochastic layer) to " + MAX_LATENT + ", got " + latentSize2);
    InvalidSetting.require(widthsOk(hidden2), "hidden2", "widths must be 1 to " + MAX_WIDTH + ", got " + hidden2);
    InvalidSetting.require(inputSize >= 1, "inputSize", "expected >= 1, got " + inputSize);
    InvalidSetting.require(latentSize >= 1 && latentSize <= MAX_LATENT, "latentSize", "expected 1 to " + MAX_LATENT + ", got " + latentSize);
    InvalidSetting.require(widthsOk(encoderHidden), "encoderHidden", "widths must be 1 to " + MAX_WIDTH + ", got " + encoderHidden);
    InvalidSetting.require(widthsOk(decoderHidden), "decoderHidden", "widths must be 1 to " + MAX_WIDTH + ", got " + decoderHidden);
    InvalidSetting.require(logVarMin < logVarMax, "logVarMin × logVarMax", "expected min < max, got [" + logVarMin + ", " + logVarMax + "]");
  }

  private static boolean widthsOk(List<Integer> widths) {
    for (Integer h : widths) if (h == null || h < 1 || h > MAX_WIDTH) return false;
    return true;
  }

  /** A model with mirrored decoder and the Gaussian options at their defaults. */
  public static ModelConfig of(int inputSize, List<Integer> hidden, int latentSize, Activation activation,
                               DecoderType decoder, Init init) {
    return new ModelConfig(inputSize, hidden, null, latentSize, activation, decoder, init,
        true, GaussianVariance.HEAD, DECODER_LOG_VAR_MIN, DECODER_LOG_VAR_MAX, List.of(), 0, false);
  }

  /** This model for data of {@code inputSize} values per example. */
  public ModelConfig withInputSize(int inputSize) {
    return new ModelConfig(inputSize, encoderHidden, decoderHidden, latentSize, activation, decoder, init,
        gaussianMeanSigmoid, gaussianVariance, logVarMin, logVarMax, hidden2, latentSize2, outputBiasFromData);
  }

  /** This model with a Gaussian decoder whose mean is {@code sigmoid} (or not) and whose log-variance comes from {@code variance}. */
  public ModelConfig withGaussianDecoder(boolean sigmoid, GaussianVariance variance) {
    return new ModelConfig(inputSize, encoderHidden, decoderHidden, latentSize, activation, DecoderType.GAUSSIAN, init,
        sigmoid, variance, logVarMin, logVarMax, hidden2, latentSize2, outputBiasFromData);
  }

  /** This model with a second stochastic layer h2 of size {@code latentSize2} behind {@code hidden2}. */
  public ModelConfig withSecondLayer(List<Integer> hidden2, int latentSize2) {
    return new ModelConfig(inputSize, encoderHidden, decoderHidden, latentSize, activation, decoder, init,
        gaussianMeanSigmoid, gaussianVariance, logVarMin, logVarMax, hidden2, latentSize2, outputBiasFromData);
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
