package latent.train;

import java.nio.file.Path;
import java.util.Map;
import latent.data.Batches;
import latent.InvalidSetting;
import latent.data.Binarization;
import latent.data.DataConfig;
import latent.data.Dataset;
import latent.data.TrainTest;
import latent.eval.TestElbo;
import latent.io.AtomicFiles;
import latent.model.DecoderType;
import latent.model.Vae;
import latent.model.Weights;
import latent.optim.Optimizer;
import latent.random.Xoshiro256;
import latent.tensor.Parallel;
import latent.tensor.Tensor;

/**
 * Trains a VAE with AEVB (Kingma and Welling 2013, Algorithm 1) and keeps its run folder:
 *
 * <pre>
 *   θ, φ ← initialise
 *   repeat for each epoch (until the epochs or the image budget run out):
 *     for each minibatch X^M of a fresh shuffle (binarized as configured):
 *       θ, φ ← {@link TrainingStep}
 *       (a step with a non-finite loss or gradient is skipped: {@link NumericalGuard})
 *       every N steps or minutes: write the training checkpoint ({@link Checkpointer})
 *     test ELBO; append to metrics.csv; save model.safetensors and the training checkpoint
 * </pre>
 *
 * A run killed at any moment continues with {@code resume} from its last checkpoint to the
 * same parameters, bit for bit, as if it had never stopped (same thread count); SIGINT and
 * SIGTERM finish the current step and write a checkpoint first ({@link Signals}).
 *
 * One seed drives everything, through independent streams: initialisation, data order and
 * binarization, and the noise ε.
 */
public final class Trainer {
  /** What a finished run reports; {@code test} is the test set as it was scored (binarized once where training binarizes). */
  public record Result(RunFolder folder, Vae model, double testElbo, Dataset test, long images, double seconds) {}

  private Trainer() {}

  /** The test set as it is scored: binarized once with {@code testSeed} for a Bernoulli decoder on binarized data. */
  public static Dataset testSet(RunConfig run, Dataset test) {
    DataConfig d = run.training().data();
    boolean binary = run.model().decoder() == DecoderType.BERNOULLI && d.binarization() != Binarization.NONE;
    return binary ? Binarization.binarizeOnce(test, d.testSeed()) : test;
  }

  /**
   * Sets the Bernoulli decoder's output bias to logit(p̄_j), p̄_j the mean of pixel j over the
   * training images (clamped to [1e-3, 1 − 1e-3]), so that training starts from the mean image
   * (Burda et al. 2015, §5).
   */
  static void initOutputBias(Vae vae, Dataset train) {
    int d = train.dim();
    double[] mean = new double[d];
    for (int i = 0; i < train.size(); i++) for (int j = 0; j < d; j++) mean[j] += train.x().data[i * d + j];
    float[] bias = vae.decoder.out.bias.value.data;
    for (int j = 0; j < d; j++) {
      double p = Math.min(Math.max(mean[j] / train.size(), 1e-3), 1 - 1e-3);
      bias[j] = (float) Math.log(p / (1 - p));
    }
  }

  public static Result train(RunConfig run, TrainTest data, Path runDir, Progress progress) {
    return train(run, data, runDir, progress, CheckpointPolicy.DEFAULT, false);
  }

  /**
   * Trains, writing a training checkpoint as {@code policy} says and at each epoch's end. With
   * {@code resume}, {@code runDir} is an existing run of {@code run}'s config and training
   * continues from its newest good checkpoint (from the start when it has none yet); with the
   * same thread count the result is bit for bit the uninterrupted run's.
   */
  public static Result train(RunConfig run, TrainTest data, Path runDir, Progress progress, CheckpointPolicy policy,
                             boolean resume) {
    return train(run, data, runDir, progress, policy, resume, java.util.Map.of());
  }

  /**
   * As above; a new run folder also gets {@code extraFiles} (name → content) beside its config
   * before the first step, such as the data.json a run trained on files needs to be resumed.
   */
  public static Result train(RunConfig run, TrainTest data, Path runDir, Progress progress, CheckpointPolicy policy,
                             boolean resume, java.util.Map<String, String> extraFiles) {
    TrainingConfig t = run.training();
    long seed = t.runtime().seed();
    Parallel.setThreads(t.runtime().threads());
    Xoshiro256 root = new Xoshiro256(seed);
    Xoshiro256 initRng = root.split(1), dataRng = root.split(2), noiseRng = root.split(3);
    Vae vae = new Vae(run.model(), initRng);

    Dataset train = data.train();
    Dataset validation = null;
    int held = t.data().validation();
    if (held > 0) {
      InvalidSetting.require(held < train.size(), "validation", held + " held-out images leave none of the " + train.size() + " to train on");
      Dataset.Split split = train.split(held, seed);
      train = split.train();
      validation = testSet(run, split.validation());
    }
    Optimizer optimizer = t.optimizer().create(train.size());
    TrainingStep step = new TrainingStep(vae, optimizer, t.objective());
    NumericalGuard guard = new NumericalGuard(run.safeguards());
    step.setGuard(guard);
    if (t.data().binarization() == Binarization.FIXED) train = Binarization.binarizeOnce(train, seed);
    RunFolder folder = resume ? RunFolder.open(runDir) : RunFolder.create(runDir, run);
    if (!resume) extraFiles.forEach((name, content) -> AtomicFiles.writeString(folder.dir.resolve(name), content));
    Dataset test = testSet(run, data.test());
    Schedule schedule = t.schedule();
    Batches batches = new Batches(train, schedule.batchSize(), dataRng, t.data().binarization());
    if (run.model().outputBiasFromData()) initOutputBias(vae, train);
    long all = (long) schedule.passes() * train.size();
    long budget = schedule.maxImages() > 0 ? Math.min(schedule.maxImages(), all) : all;
    int epochs = (int) Math.min(schedule.passes(), (budget + train.size() - 1) / train.size());

    Checkpointer saver = new Checkpointer(folder, new TrainingState.Parts(step.parameters(), optimizer, dataRng, noiseRng, batches, guard,
        step.runningState()),
        policy);
    TrainingState state = resume ? saver.resume(progress::println) : new TrainingState();
    Tensor batch = Tensor.zeros(schedule.batchSize(), train.dim());
    try (Signals signals = Signals.install()) {
      while (state.epoch <= epochs && (state.images < budget || state.epochImages > 0)) {
        optimizer.setLearningRate(schedule.learningRate(t.optimizer().learningRate(), state.epoch - 1));
        while (state.images < budget && !(state.epochImages > 0 && batches.epochDone())) {
          int rows = batches.next(batch);
          Tensor x = rows == batch.rows ? batch : new Tensor(rows, batch.cols, java.util.Arrays.copyOf(batch.data, rows * batch.cols));
          long badBefore = guard.badSteps();
          double bound = step.run(x, noiseRng);
          state.afterStep(rows, bound, guard.badSteps() > badBefore);
          if (guard.tripped()) throw saver.diverged(state);
          progress.update(state.epoch, epochs, state.steps, state.images, budget, state.trainBound());
          saver.afterStep(state);
          if (signals.stopRequested()) throw saver.stopBySignal(state, progress);
        }
        double epochSeconds = state.epochSeconds();
        NumericalGuard.requireFinite(vae.parameters(), "epoch " + state.epoch);
        double testElbo = TestElbo.evaluate(vae, test, 1, t.data().testSeed());
        double validationElbo = validation == null ? Double.NaN : TestElbo.evaluate(vae, validation, 1, t.data().testSeed());
        folder.appendMetrics(new RunFolder.Metrics(state.epoch, state.images, state.trainBound(), validationElbo, testElbo,
            state.seconds(), state.epochImages / epochSeconds));
        Weights.save(folder.model(), vae.parameters(), Map.of("epoch", Integer.toString(state.epoch), "images_seen", Long.toString(state.images)));
        progress.println(String.format("epoch %d/%d  images %,d  train bound %.2f%s  test ELBO %.2f  %,.0f images/s%s",
            state.epoch, epochs, state.images, state.trainBound(), validation == null ? "" : String.format("  validation ELBO %.2f", validationElbo),
            testElbo, state.epochImages / epochSeconds, guard.badSteps() == 0 ? "" : String.format("  (%,d bad steps skipped so far)", guard.badSteps())));
        state.endEpoch(testElbo);
        saver.save(state);
        if (signals.stopRequested()) throw saver.stopBySignal(state, progress);
      }
    }
    return new Result(folder, vae, state.testElbo, test, state.images, state.seconds());
  }
}
