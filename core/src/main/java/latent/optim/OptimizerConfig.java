package latent.optim;

import latent.InvalidSetting;

/**
 * The optimiser of a run: the {@code optimizer} section of its training settings.
 *
 * @param kind         sgd, adagrad or adam
 * @param learningRate the step size η (the schedule may scale it)
 * @param weightDecay  λ of the Gaussian prior on the parameters, or AEVB's prior itself
 * @param momentum     SGD's momentum μ, in [0, 1)
 * @param adamEps      Adam's ε ({@value Adam#DEFAULT_EPS} in the Adam paper, 1e-4 in the IWAE recipe)
 */
public record OptimizerConfig(OptimizerKind kind, float learningRate, WeightDecay weightDecay, float momentum, float adamEps) {
  public OptimizerConfig {
    InvalidSetting.require(kind != null, "optimizer", "expected sgd, adagrad or adam, got none");
    Updates.checkLearningRate(learningRate);
    if (weightDecay == null) weightDecay = WeightDecay.NONE;
    InvalidSetting.require(momentum >= 0 && momentum < 1, "momentum", "expected a number in [0, 1), got " + momentum);
    InvalidSetting.require(adamEps > 0 && Float.isFinite(adamEps), "adamEps", "expected a positive number, got " + adamEps);
  }

  /** The optimiser for a run on {@code trainingImages} images (which the prior's λ = 1/N needs). */
  public Optimizer create(int trainingImages) {
    return kind.create(learningRate, weightDecay.lambda(trainingImages), momentum, adamEps);
  }
}
