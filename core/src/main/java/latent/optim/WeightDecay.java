package latent.optim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import latent.InvalidSetting;

/**
 * The weight decay λ, added as λθ to each gradient: a number, or {@link #PRIOR}, AEVB's N(0, I)
 * prior on the parameters (Kingma and Welling 2013, §5), λ = 1/N for N training images. In
 * config.json a number or {@code "prior"}.
 */
public record WeightDecay(float lambda, boolean prior) {
  public static final WeightDecay NONE = new WeightDecay(0f, false);
  public static final WeightDecay PRIOR = new WeightDecay(0f, true);

  public WeightDecay {
    InvalidSetting.require(lambda >= 0 && Float.isFinite(lambda), "weightDecay", "expected a number >= 0 or 'prior', got '" + lambda + "'");
  }

  /** λ for a run on {@code trainingImages} images. */
  public float lambda(int trainingImages) {
    return prior ? 1f / trainingImages : lambda;
  }

  /** Reads {@code prior} or a number (as text or as a JSON number). */
  @JsonCreator
  public static WeightDecay parse(Object value) {
    String s = String.valueOf(value).trim();
    if (s.equals("prior")) return PRIOR;
    try {
      float lambda = Float.parseFloat(s);
      if (lambda >= 0 && Float.isFinite(lambda)) return new WeightDecay(lambda, false);
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new InvalidSetting("weightDecay", "expected a number >= 0 or 'prior', got '" + s + "'");
  }

  @JsonValue
  Object json() {
    return prior ? "prior" : lambda;
  }
}
