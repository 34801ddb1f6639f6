package latent.optim;


/** The optimizers a run can name, and how each is built from the run's settings. */
public enum OptimizerKind {
  SGD, ADAGRAD, ADAM;

  /**
   * @param momentum used by SGD only
   * @param adamEps  Adam's ε (1e-8 in the Adam paper, 1e-4 in the IWAE recipe)
   */
  public Optimizer create(float lr, float weightDecay, float momentum, float adamEps) {
    return switch (this) {
      case SGD -> new Sgd(lr, momentum, weightDecay);
      case ADAGRAD -> new Adagrad(lr, weightDecay);
      case ADAM -> new Adam(lr, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, adamEps, weightDecay);
    };
  }

  @com.fasterxml.jackson.annotation.JsonCreator
  public static OptimizerKind parse(String s) {
    return latent.InvalidSetting.oneOf(OptimizerKind.class, "optimizer", s);
  }

  /** The lowercase name, as config.json holds it. */
  @com.fasterxml.jackson.annotation.JsonValue
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
