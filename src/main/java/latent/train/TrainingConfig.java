package latent.train;

import latent.InputException;
import latent.data.Binarization;
import latent.model.ModelConfig;
import latent.objective.GradientEstimator;
import latent.objective.Objective;
import latent.objective.SgvbEstimator;
import latent.optim.OptimizerKind;

/**
 * Every setting of a training run besides the architecture; written to the run folder's
 * {@code config.json} with the model's, so a run can be repeated exactly.
 *
 * @param preset        the preset the run started from (its flags may override it)
 * @param dataset       {@code mnist} or {@code fashion-mnist}
 * @param dataDir       folder with the IDX files, or null for the default location
 * @param binarization  dynamic, fixed (seeded) or none (real values)
 * @param validation    training images held out (a seeded draw) to report a validation ELBO; 0 for none
 * @param optimizer     sgd, adagrad or adam
 * @param learningRate  step size η
 * @param weightDecay   λ of the Gaussian prior on the parameters (AEVB's MAP: 1/N); 0 for none
 * @param momentum      SGD momentum
 * @param adamEps       Adam's ε
 * @param objective     the bound maximised: elbo or iwae
 * @param estimator     SGVB estimator A or B (for the ELBO)
 * @param samples       k (L for the ELBO), samples of z per datapoint
 * @param batchSize     M
 * @param epochs        passes over the training set (stops earlier when {@code maxImages} is reached)
 * @param iwaeStages    −1 for a constant learning rate; else the last stage of Burda et al.'s schedule
 *                      ({@link latent.optim.IwaeSchedule}), which then fixes the number of epochs
 * @param outputBiasFromData start the decoder's output bias at the logit of the mean training
 *                      pixel (Burda et al.), instead of the initialisation's value
 * @param maxImages     budget in training images seen, 0 for none
 * @param seed          seeds initialisation, shuffling, binarization and noise
 * @param testSeed      seed of the test set's one fixed binarization (0 by convention)
 * @param threads       worker threads for the matrix products
 * @param gemm          matrix-product backend: java or openblas
 */
public record TrainingConfig(
    String preset,
    String dataset,
    String dataDir,
    Binarization binarization,
    int validation,
    OptimizerKind optimizer,
    float learningRate,
    float weightDecay,
    float momentum,
    float adamEps,
    Objective.Kind objective,
    SgvbEstimator estimator,
    int samples,
    int batchSize,
    int epochs,
    int iwaeStages,
    boolean outputBiasFromData,
    long maxImages,
    long seed,
    long testSeed,
    int threads,
    String gemm,
    GradientEstimator gradient) {

  /** Rows of a step's largest matrix (batch × samples): beyond this a step no longer fits a sane heap. */
  public static final int MAX_BATCH = 1 << 20;
  public static final int MAX_SAMPLES = 100_000;

  public TrainingConfig {
    if (gradient == null) gradient = GradientEstimator.PATHWISE;   // configs written before estimators were a choice
    if (batchSize < 1 || batchSize > MAX_BATCH) throw new InputException("--batch-size: expected 1 to " + MAX_BATCH + ", got " + batchSize);
    if (samples < 1 || samples > MAX_SAMPLES) throw new InputException("--samples/--k: expected 1 to " + MAX_SAMPLES + ", got " + samples);
    if ((long) batchSize * samples > MAX_BATCH) {
      throw new InputException("--batch-size × --samples: " + batchSize + " × " + samples + " decoder rows per step, expected at most " + MAX_BATCH);
    }
    if (!(adamEps > 0) || !Float.isFinite(adamEps)) throw new InputException("--adam-eps: expected a positive number, got " + adamEps);
    if (!(momentum >= 0 && momentum < 1)) throw new InputException("--momentum: expected a number in [0, 1), got " + momentum);
    if (epochs < 1) throw new InputException("--epochs: expected a positive integer, got " + epochs);
    if (maxImages < 0) throw new InputException("--images: expected a non-negative count, got " + maxImages);
    if (!(learningRate > 0) || !Float.isFinite(learningRate)) throw new InputException("--lr: expected a positive number, got " + learningRate);
    if (!(weightDecay >= 0) || !Float.isFinite(weightDecay)) throw new InputException("--weight-decay: expected a number >= 0, got " + weightDecay);
    if (iwaeStages < -1 || iwaeStages > latent.optim.IwaeSchedule.LAST_STAGE) {
      throw new InputException("--stages: expected 0 to " + latent.optim.IwaeSchedule.LAST_STAGE + ", got " + iwaeStages);
    }
    if (validation < 0) throw new InputException("--validation: expected a count >= 0, got " + validation);
    if (threads < 1 || threads > latent.tensor.Parallel.MAX_THREADS) {
      throw new InputException("--threads: expected 1 to " + latent.tensor.Parallel.MAX_THREADS + ", got " + threads);
    }
  }

  /** A run with the pathwise gradient. */
  public TrainingConfig(String preset, String dataset, String dataDir, Binarization binarization, int validation, OptimizerKind optimizer,
                        float learningRate, float weightDecay, float momentum, float adamEps, Objective.Kind objective,
                        SgvbEstimator estimator, int samples, int batchSize, int epochs, int iwaeStages, boolean outputBiasFromData,
                        long maxImages, long seed, long testSeed, int threads, String gemm) {
    this(preset, dataset, dataDir, binarization, validation, optimizer, learningRate, weightDecay, momentum, adamEps, objective, estimator,
        samples, batchSize, epochs, iwaeStages, outputBiasFromData, maxImages, seed, testSeed, threads, gemm, GradientEstimator.PATHWISE);
  }

  /** This run with another gradient estimator. */
  public TrainingConfig withGradient(GradientEstimator g) {
    return new TrainingConfig(preset, dataset, dataDir, binarization, validation, optimizer, learningRate, weightDecay, momentum, adamEps,
        objective, estimator, samples, batchSize, epochs, iwaeStages, outputBiasFromData, maxImages, seed, testSeed, threads, gemm, g);
  }

  /** The same settings scored on {@code dataset}, whose folder is looked up afresh. */
  public TrainingConfig withDataset(String dataset) {
    return new TrainingConfig(preset, dataset, null, binarization, validation, optimizer, learningRate, weightDecay, momentum, adamEps,
        objective, estimator, samples, batchSize, epochs, iwaeStages, outputBiasFromData, maxImages, seed, testSeed, threads, gemm, gradient);
  }

  /** Passes over the training set: the schedule's when there is one. */
  public int passes() {
    return iwaeStages >= 0 ? latent.optim.IwaeSchedule.passes(iwaeStages) : epochs;
  }

  /** The learning rate of pass {@code epoch} (from 0). */
  public float learningRate(int epoch) {
    return iwaeStages >= 0 ? latent.optim.IwaeSchedule.learningRate(learningRate, epoch) : learningRate;
  }

  public Objective bound() {
    return new Objective(objective, samples, estimator, gradient);
  }

  /** A run's full description: how it trains, what it trains, and its numerical guards. */
  public record Run(TrainingConfig training, ModelConfig model, Safeguards safeguards) {
    public Run(TrainingConfig training, ModelConfig model) {
      this(training, model, Safeguards.DEFAULT);
    }
  }
}
