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
 * @param gaussianMean for the Gaussian decoder: the mean through a sigmoid (data in [0, 1]) or not
 * @param gaussianVariance for the Gaussian decoder: log σ² from a head of the decoder network
 *                     (per output, as AEVB's Frey Face model), or one learned value per pixel
 * @param logVarMin    the Gaussian decoder's log σ² is clamped to [logVarMin, logVarMax]
 * @param logVarMax    (defaults −9.2, 4.6: σ between 0.01 and 10), so the likelihood of
 *                     near-constant pixels cannot grow without bound
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
    float logVarMax) {

  /** Where the Gaussian decoder's log-variance comes from. */
  public enum GaussianVariance { HEAD, PIXEL }

  public static final float LOG_VAR_MIN = -9.2f;
  public static final float LOG_VAR_MAX = 4.6f;

  public static final int MAX_WIDTH = 1 << 16;

  public ModelConfig {
    encoderHidden = List.copyOf(encoderHidden);
    decoderHidden = List.copyOf(decoderHidden);
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
        true, GaussianVariance.HEAD, LOG_VAR_MIN, LOG_VAR_MAX);
  }
}
