package latent.objective;

import latent.InvalidSetting;

/**
 * How training recipes reshape the ELBO's KL term, for the gradient only: a weight β (the
 * β-VAE of Higgins et al. 2017), a linear warm-up of that weight from 0 over the first
 * {@code warmupImages} training images (Bowman et al. 2016; Sønderby et al. 2016), and free
 * bits λ per latent dimension (Kingma et al. 2016, <i>Improved Variational Inference with
 * Inverse Autoregressive Flow</i>):
 *
 * <pre>
 *   L_β,λ(X^M) = (1/M) Σ_i E_q[log p(x_i|z)] − β_t Σ_j max(λ, (1/M) Σ_i KL(q(z_j|x_i) ‖ N(0, 1)))
 *   β_t = β · min(1, t / T)        t: training images seen before the step, T = warmupImages (0: no warm-up)
 * </pre>
 *
 * The bound reported (train bound, test ELBO, L_k) is always the true one, β = 1 and no floor.
 * The default, β = 1 with neither warm-up nor free bits, is the ELBO itself.
 *
 * @param weight       β ≥ 0
 * @param warmupImages T ≥ 0 training images over which β_t rises linearly from 0 to β
 * @param freeBits     λ ≥ 0 nats per latent dimension
 */
public record KlRecipe(double weight, long warmupImages, double freeBits) {
  /** The ELBO as it is: β = 1, no warm-up, no free bits. */
  public static final KlRecipe NONE = new KlRecipe(1, 0, 0);

  public KlRecipe {
    InvalidSetting.require(Double.isFinite(weight) && weight >= 0, "klWeight", "expected a number ≥ 0, got " + weight);
    InvalidSetting.require(warmupImages >= 0, "klWarmup", "expected a number of images ≥ 0, got " + warmupImages);
    InvalidSetting.require(Double.isFinite(freeBits) && freeBits >= 0, "freeBits", "expected nats per latent dimension ≥ 0, got " + freeBits);
  }

  /** Whether the recipe leaves the ELBO as it is. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isNone() {
    return equals(NONE);
  }

  /** β_t after {@code images} training images: β · min(1, images / T). */
  public double weightAt(long images) {
    return warmupImages == 0 || images >= warmupImages ? weight : weight * images / warmupImages;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "KL weight %s%s%s", weight, warmupImages > 0 ? ", warm-up over " + warmupImages + " images" : "",
        freeBits > 0 ? ", free bits " + freeBits + " nats per dimension" : "");
  }
}
