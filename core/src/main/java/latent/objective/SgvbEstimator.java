package latent.objective;


/** The two SGVB estimators of the ELBO in Kingma and Welling (2013), §2.3. */
public enum SgvbEstimator {
  /** Estimator A (eq. 6): (1/L) Σ_l [log p(x, z_l) − log q(z_l|x)]; the KL is estimated by sampling. */
  A,
  /** Estimator B (eq. 7): −KL(q(z|x) ‖ p(z)) in closed form + (1/L) Σ_l log p(x|z_l). Lower variance. */
  B;

  @com.fasterxml.jackson.annotation.JsonCreator
  public static SgvbEstimator parse(String s) {
    return switch (s.trim().toUpperCase(java.util.Locale.ROOT)) {
      case "A" -> A;
      case "B" -> B;
      default -> throw new latent.InvalidSetting("estimator", "expected A or B, got '" + s + "'");
    };
  }
}
