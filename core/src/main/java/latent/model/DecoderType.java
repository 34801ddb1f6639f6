package latent.model;


/** The observation model p_θ(x|z). */
public enum DecoderType {
  /** Bernoulli with logits: binary or binarized data (MNIST). */
  BERNOULLI,
  /** Gaussian with a learned mean and learned log-variance: real-valued data (AEVB's Frey Face). */
  GAUSSIAN;

  @com.fasterxml.jackson.annotation.JsonCreator
  public static DecoderType parse(String s) {
    return latent.InvalidSetting.oneOf(DecoderType.class, "decoder", s);
  }

  /** The lowercase name, as config.json holds it. */
  @com.fasterxml.jackson.annotation.JsonValue
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
