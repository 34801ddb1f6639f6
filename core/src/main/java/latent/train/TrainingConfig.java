package latent.train;

import latent.InvalidSetting;
import latent.data.DataConfig;
import latent.objective.Objective;
import latent.optim.OptimizerConfig;

/**
 * How a run trains, besides the architecture: the {@code training} section of its
 * {@code config.json}, a small record per concern.
 *
 * @param preset    the preset the run started from ({@link Preset}; its values may be overridden)
 * @param data      which data, binarized how, and what is held out
 * @param optimizer the optimiser and its step size
 * @param objective the bound maximised and its gradient estimator
 * @param schedule  batch size and how long
 * @param runtime   seed, threads and matrix-product backend
 */
public record TrainingConfig(String preset, DataConfig data, OptimizerConfig optimizer, Objective objective, Schedule schedule,
                             RuntimeConfig runtime) {
  public TrainingConfig {
    InvalidSetting.require((long) schedule.batchSize() * objective.samples() <= Schedule.MAX_BATCH, "batchSize × samples",
        schedule.batchSize() + " × " + objective.samples() + " decoder rows per step, expected at most " + Schedule.MAX_BATCH);
    InvalidSetting.require(!schedule.earlyStopping().isOn() || data.validation() > 0, "patience",
        "early stopping watches the validation ELBO: hold out validation images (validation N > 0)");
  }

  /** The same settings scored on {@code dataset}, whose folder is looked up afresh. */
  public TrainingConfig withDataset(String dataset) {
    return new TrainingConfig(preset, data.withDataset(dataset), optimizer, objective, schedule, runtime);
  }

  /** The same settings with another objective (and gradient estimator). */
  public TrainingConfig withObjective(Objective o) {
    return new TrainingConfig(preset, data, optimizer, o, schedule, runtime);
  }
}
