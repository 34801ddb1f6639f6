package latent.model;

import latent.InputException;

/** The observation model p_θ(x|z). */
public enum DecoderType {
  /** Bernoulli with logits: binary or binarized data (MNIST). */
  BERNOULLI,
  /** Gaussian with a learned mean and learned log-variance: real-valued data (AEVB's Frey Face). */
  GAUSSIAN;

  public static DecoderType parse(String s) {
    return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "bernoulli" -> BERNOULLI;
      case "gaussian" -> GAUSSIAN;
      default -> throw new InputException("--decoder: expected bernoulli or gaussian, got '" + s + "'");
    };
  }
}
