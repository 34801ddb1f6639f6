package latent.objective;

import java.util.random.RandomGenerator;
import latent.InvalidSetting;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.model.ModelConfig;
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
 * @param kl        how training reshapes the KL term (β, warm-up, free bits; {@link KlRecipe#NONE}: not at all)
 */
public record Objective(Kind kind, int samples, SgvbEstimator estimator, GradientEstimator gradient, KlRecipe kl) {
  /** The bound: the ELBO or IWAE's L_k. */
  public enum Kind {
    ELBO, IWAE;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Kind parse(String s) {
      return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "elbo", "vae" -> ELBO;
        case "iwae" -> IWAE;
        default -> throw new InvalidSetting("objective", "expected elbo or iwae, got '" + s + "'");
      };
    }

    /** The lowercase name, as config.json holds it. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Most samples of z per datapoint: beyond this a step's decoder batch no longer fits a sane heap. */
  public static final int MAX_SAMPLES = 100_000;

  public Objective {
    InvalidSetting.require(samples >= 1 && samples <= MAX_SAMPLES, "samples", "expected 1 to " + MAX_SAMPLES + ", got " + samples);
    if (kind == null) kind = Kind.ELBO;
    if (estimator == null) estimator = SgvbEstimator.B;
    if (gradient == null) gradient = GradientEstimator.PATHWISE;
    if (kl == null) kl = KlRecipe.NONE;
  }

  /** The bound with this gradient estimator, trained as the ELBO is. */
  public Objective(Kind kind, int samples, SgvbEstimator estimator, GradientEstimator gradient) {
    this(kind, samples, estimator, gradient, KlRecipe.NONE);
  }

  /** This bound with another gradient estimator. */
  public Objective withGradient(GradientEstimator g) {
    return new Objective(kind, samples, estimator, g, kl);
  }

  /** This objective trained with a KL recipe. */
  public Objective withKl(KlRecipe recipe) {
    return new Objective(kind, samples, estimator, gradient, recipe);
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
   * @throws InvalidSetting for a combination that does not exist (DReG of the ELBO, a
   *     leave-one-out baseline with one sample, ...)
   */
  public Surrogate surrogate(Vae vae, RandomGenerator rng) {
    check(vae.config);
    if (!kl.isNone()) return new KlWeighted(vae, samples, kl);
    return switch (gradient) {
      case GradientEstimator.Pathwise p -> (tape, x, r) -> perExample(vae, tape, x, r);
      case GradientEstimator.ScoreFunction s -> new ScoreFunctionElbo(vae, samples, estimator, s.baseline(), rng);
      case GradientEstimator.StickingTheLanding s -> new StickingTheLanding(vae, this);
      case GradientEstimator.Dreg d -> new Dreg(vae, samples);
      case GradientEstimator.WakeSleep w -> new WakeSleep(vae);
    };
  }

  /**
   * Refuses a combination of bound, estimator and model that does not exist (DReG of the ELBO,
   * a leave-one-out baseline with one sample, ...), naming the settings involved.
   */
  public void check(ModelConfig model) {
    boolean oneLayer = !model.twoStochasticLayers();
    String g = gradient.flag();
    if (!kl.isNone()) {   // the recipe reshapes the analytic KL of one stochastic layer, dimension by dimension
      String recipe = kl.freeBits() > 0 ? "freeBits" : kl.warmupImages() > 0 ? "klWarmup" : "klWeight";
      InvalidSetting.require(kind == Kind.ELBO && estimator == SgvbEstimator.B && gradient instanceof GradientEstimator.Pathwise && oneLayer,
          recipe, "reshapes the analytic KL term: it is for the ELBO with estimator B, the pathwise gradient and one stochastic layer, not "
              + this.withKl(KlRecipe.NONE) + (oneLayer ? "" : " of two stochastic layers"));
    }
    switch (gradient) {
      case GradientEstimator.Pathwise p -> { }
      case GradientEstimator.ScoreFunction s -> {
        InvalidSetting.require(kind == Kind.ELBO && oneLayer, "gradient", g + " is for the ELBO of a model with one stochastic layer");
        InvalidSetting.require(s.baseline() != Baseline.LEAVE_ONE_OUT || samples >= 2, "gradient", g + " needs 2 samples or more, got " + samples);
      }
      case GradientEstimator.StickingTheLanding s -> {
        InvalidSetting.require(oneLayer, "gradient", g + " is for models with one stochastic layer");
        // its ELBO is the mean of the sampled log-weights: form A, whatever form B would have said
        InvalidSetting.require(kind == Kind.IWAE || estimator == SgvbEstimator.A, "gradient",
            g + "'s ELBO is SGVB form A (the sampled KL), not " + estimator);
      }
      case GradientEstimator.Dreg d -> InvalidSetting.require(kind == Kind.IWAE && oneLayer, "gradient",
          g + " is for the IWAE bound with one stochastic layer");
      case GradientEstimator.WakeSleep w -> InvalidSetting.require(kind == Kind.ELBO && samples == 1 && oneLayer, "gradient",
          g + " is for the ELBO with one sample and one stochastic layer");
    }
  }

  /** The bound with the pathwise gradient (SGVB estimator A or B, or L_k). */
  public Var perExample(Vae vae, Tape tape, Tensor x, RandomGenerator rng) {
    return switch (kind) {
      case ELBO -> Elbo.perExample(vae, tape, x, samples, estimator, rng);
      case IWAE -> IwaeBound.perExample(vae, tape, x, samples, rng);
    };
  }

  @Override
  public String toString() {
    String bound = kind == Kind.IWAE ? "IWAE L_" + samples : "ELBO (estimator " + estimator + ", " + samples + " sample" + (samples > 1 ? "s" : "") + ")";
    String trained = gradient instanceof GradientEstimator.Pathwise ? bound : bound + ", gradient " + gradient.flag();
    return kl.isNone() ? trained : trained + ", trained with " + kl;
  }
}
