package latent.objective;

import java.util.random.RandomGenerator;
import latent.InputException;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.model.Vae;
import latent.tensor.Tensor;

/**
 * What a run maximises: the ELBO averaged over k samples (Burda et al.'s "VAE" rows, with
 * SGVB estimator A or B) or the IWAE bound L_k. Both are per datapoint, in nats.
 *
 * @param kind      ELBO or IWAE
 * @param samples   k (L for the ELBO): samples of z per datapoint
 * @param estimator for the ELBO: SGVB estimator A (sampled KL) or B (analytic KL)
 */
public record Objective(Kind kind, int samples, SgvbEstimator estimator) {
  public enum Kind { ELBO, IWAE }

  public Objective {
    if (samples < 1) throw new InputException("--samples: expected a positive integer, got " + samples);
  }

  /** The ELBO with SGVB estimator B and L samples. */
  public static Objective elbo(int samples) {
    return new Objective(Kind.ELBO, samples, SgvbEstimator.B);
  }

  /** The IWAE bound L_k. */
  public static Objective iwae(int k) {
    return new Objective(Kind.IWAE, k, SgvbEstimator.B);
  }

  public Var perExample(Vae vae, Tape tape, Tensor x, RandomGenerator rng) {
    return switch (kind) {
      case ELBO -> Elbo.perExample(vae, tape, x, samples, estimator, rng);
      case IWAE -> IwaeBound.perExample(vae, tape, x, samples, rng);
    };
  }

  public static Kind parseKind(String s) {
    return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "elbo", "vae" -> Kind.ELBO;
      case "iwae" -> Kind.IWAE;
      default -> throw new InputException("--objective: expected elbo or iwae, got '" + s + "'");
    };
  }

  @Override
  public String toString() {
    return kind == Kind.IWAE ? "IWAE L_" + samples : "ELBO (estimator " + estimator + ", " + samples + " sample" + (samples > 1 ? "s" : "") + ")";
  }
}
