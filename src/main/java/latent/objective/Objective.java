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
 * @param gradient  how the encoder's gradient is estimated (pathwise unless said otherwise)
 */
public record Objective(Kind kind, int samples, SgvbEstimator estimator, GradientEstimator gradient) {
  public enum Kind { ELBO, IWAE }

  public Objective {
    if (samples < 1) throw new InputException("--samples: expected a positive integer, got " + samples);
    if (gradient == null) gradient = GradientEstimator.PATHWISE;
  }

  /** This bound with another gradient estimator. */
  public Objective withGradient(GradientEstimator g) {
    return new Objective(kind, samples, estimator, g);
  }

  /** The bound with the pathwise (reparameterized) gradient. */
  public Objective(Kind kind, int samples, SgvbEstimator estimator) {
    this(kind, samples, estimator, GradientEstimator.PATHWISE);
  }

  /** The ELBO with SGVB estimator B and L samples. */
  public static Objective elbo(int samples) {
    return new Objective(Kind.ELBO, samples, SgvbEstimator.B);
  }

  /** The IWAE bound L_k. */
  public static Objective iwae(int k) {
    return new Objective(Kind.IWAE, k, SgvbEstimator.B);
  }

  /**
   * The bound of {@code vae} with this objective's gradient estimator, ready to train.
   * {@code rng} initialises any network the estimator owns (a learned baseline).
   *
   * @throws InputException for a combination that does not exist (DReG of the ELBO, a
   *     leave-one-out baseline with one sample, ...)
   */
  public Surrogate surrogate(Vae vae, RandomGenerator rng) {
    boolean oneLayer = !vae.config.twoStochasticLayers();
    String name = "--estimator " + gradient.flag();
    return switch (gradient) {
      case GradientEstimator.Pathwise p -> (tape, x, r) -> perExample(vae, tape, x, r);
      case GradientEstimator.ScoreFunction s -> {
        require(kind == Kind.ELBO && oneLayer, name + ": for the ELBO of a model with one stochastic layer");
        require(s.baseline() != Baseline.LEAVE_ONE_OUT || samples >= 2, name + ": needs --samples 2 or more");
        yield new ScoreFunctionElbo(vae, samples, estimator, s.baseline(), rng);
      }
      case GradientEstimator.StickingTheLanding s -> {
        require(oneLayer, name + ": for models with one stochastic layer");
        // its ELBO is the mean of the sampled log-weights: form A, whatever form B would have said
        require(kind == Kind.IWAE || estimator == SgvbEstimator.A, name + ": its ELBO is SGVB form A (the sampled KL), not " + estimator);
        yield new StickingTheLanding(vae, this);
      }
      case GradientEstimator.Dreg d -> {
        require(kind == Kind.IWAE && oneLayer, name + ": for the IWAE bound (--objective iwae) with one stochastic layer");
        yield new Dreg(vae, samples);
      }
      case GradientEstimator.WakeSleep w -> {
        require(kind == Kind.ELBO && samples == 1 && oneLayer, name + ": for the ELBO with one sample and one stochastic layer");
        yield new WakeSleep(vae);
      }
    };
  }

  private static void require(boolean ok, String what) {
    if (!ok) throw new InputException(what);
  }

  /** The bound with the pathwise gradient (SGVB estimator A or B, or L_k). */
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
    String bound = kind == Kind.IWAE ? "IWAE L_" + samples : "ELBO (estimator " + estimator + ", " + samples + " sample" + (samples > 1 ? "s" : "") + ")";
    return gradient instanceof GradientEstimator.Pathwise ? bound : bound + ", gradient " + gradient.flag();
  }
}
