package latent.train;

import java.util.Arrays;
import latent.data.Batches;
import latent.data.Binarization;
import latent.data.Dataset;
import latent.model.Vae;
import latent.optim.Optimizer;
import latent.random.Xoshiro256;
import latent.tensor.Parallel;
import latent.tensor.Tensor;

/**
 * One model's training in memory, and the one training loop: AEVB (Kingma and Welling 2013,
 * Algorithm 1) over minibatches of the data in use,
 *
 * <pre>
 *   for each minibatch X^M of a fresh shuffle (binarized as configured):
 *     θ, φ ← {@link TrainingStep}   (a step with a non-finite loss or gradient is skipped: {@link NumericalGuard})
 *     then the listener: progress, checkpoints, a stop asked by a signal
 * </pre>
 *
 * {@code latent train} ({@link Trainer}, which adds the run folder, the epoch's evaluation and
 * checkpoints) and {@code LatentModel.fit} both train through it. One seed drives everything,
 * through independent streams: initialisation (split 1), data order and binarization (split 2)
 * and the noise ε (split 3).
 */
public final class Training {
  /** What the loop tells its caller: after every step, and when the guard gives up. */
  public interface Listener {
    /** After each step (taken or skipped); may throw to stop training. */
    default void afterStep(TrainingState state) {}

    /** The exception that ends training after too many bad steps in a row. */
    default RuntimeException diverged(TrainingState state, NumericalGuard guard) {
      return TrainingStopped.diverged("training diverged at step " + state.steps + ": " + guard.lastProblem());
    }
  }

  final RunConfig run;
  final Vae vae;
  final Xoshiro256 dataRng;
  final Xoshiro256 noiseRng;
  final NumericalGuard guard;
  TrainingState state = new TrainingState();
  private Optimizer optimizer;
  private TrainingStep step;
  private Dataset given;
  private Batches batches;
  private Tensor batch;
  /** While the JIT compiles the run's code, steps leave one core to it ({@link JitBusy}). */
  JitBusy jit = new JitBusy();

  /** Training of {@code vae}, the noise and the data order drawn from the given generators. */
  public Training(RunConfig run, Vae vae, Xoshiro256 dataRng, Xoshiro256 noiseRng) {
    this.run = run;
    this.vae = vae;
    this.dataRng = dataRng;
    this.noiseRng = noiseRng;
    this.guard = new NumericalGuard(run.safeguards());
  }

  /** A fresh model of {@code run}, initialised, and its training, all from the run's seed. */
  public static Training of(RunConfig run) {
    Xoshiro256 root = new Xoshiro256(run.training().runtime().seed());
    return new Training(run, new Vae(run.model(), root.split(1)), root.split(2), root.split(3));
  }

  public Vae model() {
    return vae;
  }

  public RunConfig config() {
    return run;
  }

  /**
   * Trains on {@code train} from now on. The first data also make the optimiser (AEVB's prior
   * needs their size) and, when the model asks for it, set the output bias from them; later
   * data keep the optimiser's state and only get batches of their own (the same data: nothing
   * changes, so two calls of {@link #epoch} are two epochs of one order).
   */
  public void use(Dataset train) {
    if (train == given) return;
    given = train;
    var t = run.training();
    if (t.data().binarization() == Binarization.FIXED && train.isMapped()) {
      throw new latent.InputException(train.name() + ": {binarization} fixed keeps a binarized copy of the data in memory, "
          + "and these data are mapped from their file; expected dynamic or none, or the data read into memory ({storage} memory)");
    }
    Dataset data = t.data().binarization() == Binarization.FIXED ? Binarization.binarizeOnce(train, t.runtime().seed()) : train;
    if (optimizer == null) {
      optimizer = t.optimizer().create(train.size());
      step = new TrainingStep(vae, optimizer, t.objective());
      step.setGuard(guard);
      if (run.model().outputBiasFromData()) initOutputBias(vae, data);
    }
    batches = new Batches(data, Math.min(t.schedule().batchSize(), data.size()), dataRng, t.data().binarization());
    batch = Tensor.zeros(batches.batchSize(), data.dim());
  }

  /** What a checkpoint saves and restores (after {@link #use}). */
  TrainingState.Parts parts() {
    return new TrainingState.Parts(step.parameters(), optimizer, dataRng, noiseRng, batches, guard, step.runningState());
  }

  /**
   * Trains until the epoch in progress ends or {@code budget} images have been seen, each step
   * at the schedule's learning rate; the caller ends the epoch ({@link TrainingState#endEpoch}).
   */
  public void epoch(long budget, Listener listener) {
    var t = run.training();
    while (state.images < budget && !(state.epochImages > 0 && batches.epochDone())) {
      optimizer.setLearningRate(t.schedule().learningRate(t.optimizer().learningRate(), state.epoch - 1, state.images, batches.examplesPerEpoch()));
      int rows = batches.next(batch);
      Tensor x = rows == batch.rows ? batch : new Tensor(rows, batch.cols, Arrays.copyOf(batch.data, rows * batch.cols));
      long badBefore = guard.badSteps();
      step.imagesSeen(state.images);
      double bound = jit.busy()   // the compilers still at work: one core left to them
          ? Parallel.limitedTo(JitBusy.threadsWhileBusy(Parallel.threads()), () -> step.run(x, noiseRng))
          : step.run(x, noiseRng);
      state.afterStep(rows, bound, step.lastObjective(), guard.badSteps() > badBefore);
      if (guard.tripped()) throw listener.diverged(state, guard);
      listener.afterStep(state);
    }
  }

  /** Where training stands: epoch, steps, images, the epoch's running bound. */
  public TrainingState state() {
    return state;
  }

  /**
   * Sets the Bernoulli decoder's output bias to logit(p̄_j), p̄_j the mean of pixel j over the
   * training images (clamped to [1e-3, 1 − 1e-3]), so that training starts from the mean image
   * (Burda et al. 2015, §5).
   */
  static void initOutputBias(Vae vae, Dataset train) {
    int d = train.dim();
    double[] sum = new double[d];
    float[] row = new float[d];
    for (int i = 0; i < train.size(); i++) {
      train.copyRow(i, row, 0);
      for (int j = 0; j < d; j++) sum[j] += row[j];
    }
    for (int j = 0; j < d; j++) sum[j] /= train.size();
    initOutputBias(vae, sum);
  }

  /** As {@link #initOutputBias(Vae, Dataset)}, from p̄ computed elsewhere (over a cluster's partitions). */
  public static void initOutputBias(Vae vae, double[] mean) {
    float[] bias = vae.decoder.out.bias.value.data;
    for (int j = 0; j < bias.length; j++) {
      double p = Math.min(Math.max(mean[j], 1e-3), 1 - 1e-3);
      bias[j] = (float) Math.log(p / (1 - p));
    }
  }
}
