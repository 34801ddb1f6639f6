package latent.api;

import java.nio.file.Path;
import java.util.Map;
import latent.InputException;
import latent.data.Dataset;
import latent.data.TrainTest;
import latent.eval.AnomalyScores;
import latent.eval.LogLikelihood;
import latent.eval.ScoreKind;
import latent.eval.Threshold;
import latent.model.Encodings;
import latent.model.Vae;
import latent.model.Weights;
import latent.objective.TestElbo;
import latent.random.Xoshiro256;
import latent.tensor.Parallel;
import latent.tensor.Tensor;
import latent.train.CheckpointPolicy;
import latent.train.NumericalGuard;
import latent.train.Progress;
import latent.train.RunConfig;
import latent.train.RunFolder;
import latent.train.Trainer;
import latent.train.Training;
import latent.train.TrainingState;

/**
 * A variational autoencoder with its training recipe: build, {@link #fit}, evaluate
 * ({@link #elbo}, {@link #logLikelihood}), {@link #encode}, {@link #decode}, {@link #sample},
 * {@link #score} and {@link #scores}, {@link #fitThreshold} and {@link #anomalies}, {@link #save} and
 * {@link #load}; built by {@link LatentModelBuilder}.
 *
 * <pre>
 *   q_φ(z|x) = N(μ_φ(x), diag σ²_φ(x)),   p(z) = N(0, I),   p_θ(x|z) Bernoulli or Gaussian
 *   ELBO(x) = E_q[log p_θ(x|z)] − KL(q_φ(z|x) ‖ p(z))  ≤  L_k(x) = E log (1/k) Σ_i p(x, z_i)/q(z_i|x)  ≤  log p(x)
 * </pre>
 *
 * Training follows {@link latent.train.Trainer} exactly (same seed streams for initialisation,
 * data order and noise), without writing a run folder; evaluation treats a dataset as
 * {@code latent eval} treats the test set (for a Bernoulli model trained on binarized data,
 * binarized once with seed 0), so numbers agree with the command line. All values are in
 * nats per example, higher is better. Not thread-safe: use one instance per thread.
 */
public final class LatentModel {
  private final Vae vae;
  private final RunConfig run;
  /** The model's training: the one loop of {@code latent train}, its optimiser state and data order kept across fits. */
  private final Training training;
  private final Xoshiro256 sampleRng;
  /** The anomaly threshold, once fitted ({@link #fitThreshold}) or loaded; saved with the model. */
  private Threshold threshold;

  LatentModel(Vae vae, RunConfig run, Xoshiro256 root) {
    this.vae = vae;
    this.run = run;
    this.training = new Training(run, vae, root.split(2), root.split(3));
    this.sampleRng = root.split(4);
  }

  /** A builder for data of {@code inputSize} values per example, with the PyTorch VAE example's defaults. */
  public static LatentModelBuilder builder(int inputSize) {
    return new LatentModelBuilder(inputSize);
  }

  /** The model saved in a run folder (by {@link #save}, {@code latent train} or {@code latent import}). */
  public static LatentModel load(Path runDir) {
    RunFolder folder = RunFolder.open(runDir);
    RunConfig run = folder.config();
    Xoshiro256 root = new Xoshiro256(run.training().runtime().seed());
    Vae vae = new Vae(run.model(), root.split(1));
    Weights.load(folder.model(), vae.parameters());
    LatentModel model = new LatentModel(vae, run, root);
    model.threshold = Threshold.read(runDir).orElse(null);
    return model;
  }

  /**
   * Trains for the builder's number of epochs (passes over {@code train}) with its optimiser and
   * objective, continuing from the current weights and optimiser state (and, on the same
   * {@code train}, from where the last fit left its shuffled order: two fits of two epochs are
   * one of four); returns the last epoch's mean training bound over the steps taken. Steps with
   * a non-finite loss or gradient are skipped, as {@code latent train} skips them.
   *
   * @throws IllegalStateException when training diverges (too many such steps in a row)
   */
  public double fit(Dataset train) {
    return fit(train, null);
  }

  /** {@link #fit(Dataset)}, showing its progress on {@code progress} ({@link Progress#forStderr()}: a progress line on stderr). */
  public double fit(Dataset train, Progress progress) {
    requireDim(train);
    latent.InvalidSetting.require(!run.training().schedule().earlyStopping().isOn(), "patience",
        "early stopping keeps the best epoch's model in a run folder: train with fit(TrainTest, Path)");
    Parallel.setThreads(run.training().runtime().threads());
    training.use(train);
    TrainingState state = training.state();
    int epochs = run.training().schedule().epochs(), first = state.epoch();
    Training.Listener listener = new Training.Listener() {
      @Override
      public void afterStep(TrainingState s) {
        if (progress != null) progress.update(s.epoch() - first + 1, epochs, s.steps(), s.epochImages(), train.size(), s.trainBound());
      }

      @Override
      public RuntimeException diverged(TrainingState s, NumericalGuard guard) {
        return new IllegalStateException("training diverged: " + guard.lastProblem());
      }
    };
    double bound = Double.NaN;
    for (int e = 0; e < epochs; e++) {
      training.epoch(Long.MAX_VALUE, listener);
      bound = state.trainBound();
      state.endEpoch(Double.NaN);
    }
    if (progress != null) progress.finishLine();
    return bound;
  }

  /**
   * Trains as {@code latent train} does, in the run folder {@code runDir}: per epoch the test
   * ELBO of {@code data.test()} in {@code metrics.csv}, {@code model.safetensors}, training
   * checkpoints (a stopped fit resumes with {@code latent train --resume}), the numerical guards
   * and a progress line on stderr. Goes on from this model's current training.
   */
  public Trainer.Result fit(TrainTest data, Path runDir) {
    requireDim(data.train());
    return Trainer.train(training, data, runDir, Progress.forStderr(), CheckpointPolicy.DEFAULT, false, java.util.Map.of());
  }

  /** The ELBO per example averaged over {@code data} (estimator B, one sample of z, seed 0), as {@code latent eval}. */
  public double elbo(Dataset data) {
    return TestElbo.evaluate(vae, asTestSet(data), 1, testSeed());
  }

  /** The importance-sampled bound L_k averaged over {@code data}; L_5000 is the papers' log p(x) estimate. */
  public double logLikelihood(Dataset data, int k) {
    requirePositive(k);
    return LogLikelihood.evaluate(vae, asTestSet(data), new int[] {k}, testSeed(), done -> {}).meanBounds()[0];
  }

  /**
   * L_k of each example of {@code data}, used as given (no binarization): an anomaly score that
   * is a likelihood bound, low for improbable examples. See {@link AnomalyScores}.
   */
  public double[] score(Dataset data, int k) {
    return scores(data, k).bounds();
  }

  /**
   * Every anomaly score of each example of {@code data}, used as given: L_k and the ELBO from the
   * same k draws, log p(x|z=μ) and the squared reconstruction error ({@link AnomalyScores}).
   */
  public AnomalyScores scores(Dataset data, int k) {
    requirePositive(k);
    requireInMemory(data);
    return AnomalyScores.of(vae, data, k, testSeed());
  }

  /**
   * Fits an anomaly threshold to {@code normal}, data taken as normal: the {@code quantile} of
   * their {@code kind} anomaly scores (about 1 − quantile of such data is then flagged). The
   * model keeps it for {@link #anomalies} and {@link #save} writes it; returns it.
   */
  public Threshold fitThreshold(Dataset normal, ScoreKind kind, double quantile, int k) {
    threshold = Threshold.fit(scores(normal, k), kind, quantile, normal.name());
    return threshold;
  }

  /** The threshold fitted or loaded with the model, if any. */
  public java.util.Optional<Threshold> threshold() {
    return java.util.Optional.ofNullable(threshold);
  }

  /** Whether each example of {@code data} is an anomaly: its score above the model's threshold. */
  public boolean[] anomalies(Dataset data) {
    if (threshold == null) throw new IllegalStateException("no anomaly threshold: fit one with fitThreshold, or load a run folder that has one");
    return threshold.flags(scores(data, threshold.k()));
  }

  /** The posterior q(z|x) of each example: means and log-variances, {@code [n][Nz]} each. */
  public record Posterior(float[][] loc, float[][] logVar) {}

  /** Encodes every example of {@code data} as given (deterministic). */
  public Posterior encode(Dataset data) {
    requireInMemory(data);
    Encodings e = Encodings.of(vae, data);
    return new Posterior(rows(e.loc()), rows(e.logVar()));
  }

  /** E[x|z] for each row of {@code z} ({@code [n][Nz]}): pixel probabilities (Bernoulli) or means (Gaussian). */
  public float[][] decode(float[][] z) {
    int nz = vae.config.latentSize();
    float[] flat = new float[Math.multiplyExact(z.length, nz)];
    for (int i = 0; i < z.length; i++) {
      if (z[i].length != nz) throw new InputException("decode: row " + i + " of z has " + z[i].length + " values, expected Nz = " + nz);
      System.arraycopy(z[i], 0, flat, i * nz, nz);
    }
    return rows(vae.decoderMeans(new Tensor(z.length, nz, flat)));
  }

  /**
   * {@code n} draws from the model: z ~ p(z) (through p(h1|h2) with two stochastic layers), then
   * E[x|z]. Successive calls continue one seeded stream.
   */
  public float[][] sample(int n) {
    requirePositive(n);
    return rows(vae.decoderMeans(vae.priorDraws(n, sampleRng)));
  }

  /**
   * Writes a run folder ({@code config.json}, {@code metrics.csv} with no rows,
   * {@code model.safetensors}, and {@code threshold.json} when there is a threshold) that {@code latent encode}, {@code score} and {@code export} read.
   * The folder records no dataset, so {@code latent eval} cannot score it; use {@link #elbo}.
   */
  public Path save(Path runDir) {
    RunFolder folder = RunFolder.create(runDir, run, "folder");
    Weights.save(folder.model(), vae.parameters(), Map.of("saved_by", "latent.api.LatentModel"));
    if (threshold != null) threshold.write(folder.dir);
    return folder.dir;
  }

  /** The underlying model, for finer control (its parameters, {@link Vae#logWeights}, …). */
  public Vae vae() {
    return vae;
  }

  /** The settings, as a run folder records them. */
  public RunConfig config() {
    return run;
  }

  private long testSeed() {
    return run.training().data().testSeed();
  }

  private Dataset asTestSet(Dataset data) {
    requireInMemory(data);
    return Trainer.testSet(run, data);
  }

  /** Data scored or encoded: the model's size, and in memory (a mapped file is trained on; the command line streams it). */
  private void requireInMemory(Dataset data) {
    requireDim(data);
    if (data.isMapped()) {
      throw new InputException(data.name() + ": mapped from its file; scoring and encoding take data in memory "
          + "(latent score and latent encode read files larger than memory a block at a time)");
    }
  }

  private void requireDim(Dataset data) {
    if (data.dim() != vae.config.inputSize()) {
      throw new InputException(data.name() + ": " + data.dim() + " values per example, the model expects " + vae.config.inputSize());
    }
  }

  private static void requirePositive(int k) {
    if (k < 1) throw new InputException("expected a positive count, got " + k);
  }

  static float[][] rows(Tensor t) {
    float[][] r = new float[t.rows][t.cols];
    for (int i = 0; i < t.rows; i++) System.arraycopy(t.data, i * t.cols, r[i], 0, t.cols);
    return r;
  }
}
