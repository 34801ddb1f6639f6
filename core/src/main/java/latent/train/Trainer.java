package latent.train;

import java.nio.file.Path;
import java.util.Map;
import latent.InputException;
import latent.InvalidSetting;
import latent.data.Binarization;
import latent.data.Dataset;
import latent.data.TrainTest;
import latent.io.AtomicFiles;
import latent.model.CollapseDiagnostics;
import latent.model.DecoderType;
import latent.model.Encodings;
import latent.model.Vae;
import latent.model.Weights;
import latent.objective.TestElbo;
import latent.tensor.Parallel;

/**
 * {@code latent train}'s driver: one run of the training loop ({@link Training}) in its run folder,
 *
 * <pre>
 *   repeat for each epoch (until the epochs or the image budget run out):
 *     the loop over the epoch's minibatches ({@link Training#epoch}); after each step the
 *       progress line and, every N steps or minutes, the training checkpoint ({@link Checkpointer})
 *     test ELBO; append to metrics.csv; save model.safetensors and the training checkpoint
 * </pre>
 *
 * A run killed at any moment continues with {@code resume} from its last checkpoint to the
 * same parameters, bit for bit, as if it had never stopped; SIGINT and SIGTERM finish the
 * current step and write a checkpoint first ({@link Signals}).
 */
public final class Trainer {
  /** What a finished run reports; {@code test} is the test set as it was scored (binarized once where training binarizes). */
  public record Result(RunFolder folder, Vae model, double testElbo, Dataset test, long images, double seconds) {}

  private Trainer() {}

  /** The test set as it is scored: binarized once with {@code testSeed} for a Bernoulli decoder on binarized data. */
  public static Dataset testSet(RunConfig run, Dataset test) {
    return binarizesTestSet(run) ? Binarization.binarizeOnce(test, run.training().data().testSeed()) : test;
  }

  /** Whether the run's test set is binarized once: a Bernoulli decoder trained on binarized data. */
  public static boolean binarizesTestSet(RunConfig run) {
    return run.model().decoder() == DecoderType.BERNOULLI && run.training().data().binarization() != Binarization.NONE;
  }

  public static Result train(RunConfig run, TrainTest data, Path runDir, Progress progress) {
    return train(run, data, runDir, progress, CheckpointPolicy.DEFAULT, false);
  }

  /**
   * Whether {@code runDir} holds a run; if it does, its settings must be {@code run}'s (a table
   * started again with another budget or seed would otherwise take the old runs for new ones).
   */
  public static boolean requireSameRun(RunConfig run, Path runDir) {
    if (!java.nio.file.Files.isRegularFile(runDir.resolve(RunFolder.CONFIG))) return false;
    if (!RunFolder.open(runDir).config().equals(run)) {
      throw new InputException(runDir + ": holds a run with other settings than this one's (another budget, seed or data?); "
          + "give a new output folder, or delete this run to train it again");
    }
    return true;
  }

  /**
   * A cell of a table that is run again until it is done: resumes {@code runDir} from its newest
   * checkpoint when it holds a run (a finished one returns at once), starts afresh otherwise; a
   * folder left without its config (stopped while it was being made) is cleared first.
   */
  public static Result trainOrResume(RunConfig run, TrainTest data, Path runDir, Progress progress) {
    boolean resume = requireSameRun(run, runDir);
    if (!resume && java.nio.file.Files.exists(runDir)) AtomicFiles.deleteTree(runDir);
    return train(run, data, runDir, progress, CheckpointPolicy.DEFAULT, resume);
  }

  /**
   * Trains, writing a training checkpoint as {@code policy} says and at each epoch's end. With
   * {@code resume}, {@code runDir} is an existing run of {@code run}'s config and training
   * continues from its newest good checkpoint (from the start when it has none yet); with the
   * same thread count the result is bit for bit the uninterrupted run's.
   */
  public static Result train(RunConfig run, TrainTest data, Path runDir, Progress progress, CheckpointPolicy policy,
                             boolean resume) {
    return train(run, data, runDir, progress, policy, resume, Map.of());
  }

  /**
   * As above; a new run folder also gets {@code extraFiles} (name → content) beside its config
   * before the first step, such as the data.json a run trained on files needs to be resumed.
   */
  public static Result train(RunConfig run, TrainTest data, Path runDir, Progress progress, CheckpointPolicy policy,
                             boolean resume, Map<String, String> extraFiles) {
    return train(Training.of(run), data, runDir, progress, policy, resume, extraFiles);
  }

  /** As above, for a model whose training is under way in memory ({@code LatentModel}'s). */
  public static Result train(Training training, TrainTest data, Path runDir, Progress progress, CheckpointPolicy policy,
                             boolean resume, Map<String, String> extraFiles) {
    RunConfig run = training.config();
    TrainingConfig t = run.training();
    Parallel.setThreads(t.runtime().threads());
    Dataset train = data.train();
    Dataset heldOut = null;
    int held = t.data().validation();
    if (held > 0) {
      InvalidSetting.require(held < train.size(), "validation", held + " held-out images leave none of the " + train.size() + " to train on");
      Dataset.Split split = train.split(held, t.runtime().seed());
      train = split.train();
      heldOut = split.validation();
    }
    training.use(train);
    HeldOut scored = new HeldOut(run, data.test(), heldOut);
    RunFolder folder = resume ? RunFolder.open(runDir) : RunFolder.create(runDir, run);
    try (RunLock lock = RunLock.acquire(folder.dir);   // one writer per run folder, released when the process dies
         Checkpointer saver = new Checkpointer(folder, training.parts(), policy)) {   // closed first: its last write ends under the lock
      if (!resume) extraFiles.forEach((name, content) -> AtomicFiles.writeString(folder.dir.resolve(name), content));
      Schedule schedule = t.schedule();
      long budget = schedule.budget(train.size());
      int epochs = schedule.runEpochs(train.size());

      if (resume) training.state = saver.resume(progress::println);
      TrainingState state = training.state;
      Vae vae = training.model();
      NumericalGuard guard = training.guard;
      EarlyStopping stopping = schedule.earlyStopping();
      try (Signals signals = Signals.install()) {
        Training.Listener listener = new Training.Listener() {
          @Override
          public void afterStep(TrainingState s) {
            progress.update(s.epoch, epochs, s.steps, s.images, budget, s.trainBound());
            saver.afterStep(s);
            if (signals.stopRequested()) throw saver.stopBySignal(s, progress);
          }

          @Override
          public RuntimeException diverged(TrainingState s, NumericalGuard g) {
            return saver.diverged(s);
          }
        };
        while (state.epoch <= epochs && (state.images < budget || state.epochImages > 0) && !stoppedEarly(stopping, state)) {
          training.epoch(budget, listener);
          double epochSeconds = state.epochSeconds();
          saver.finishWriting();   // a checkpoint that failed in the background stops the run before this epoch's files
          Dataset test = scored.test(), validation = scored.validation();
          NumericalGuard.requireFinite(vae.parameters(), "epoch " + state.epoch);
          Encodings q = Encodings.of(vae, test);   // for the bound and the diagnostics both
          double testElbo = TestElbo.evaluate(vae, test, q, 1, t.data().testSeed());
          double validationElbo = validation == null ? Double.NaN : TestElbo.evaluate(vae, validation, 1, t.data().testSeed());
          folder.appendMetrics(new RunFolder.Metrics(state.epoch, state.images, state.trainBound(), validationElbo, testElbo,
              state.seconds(), state.epochImages / epochSeconds, state.trainedObjective()));
          folder.appendDiagnostics(state.epoch, CollapseDiagnostics.of(q, t.data().testSeed()));
          boolean best = stopping.isOn() && stopping.improves(validationElbo, state.bestValidation);
          if (best) {
            state.bestValidation = validationElbo;
            state.bestEpoch = state.epoch;
          }
          if (best || !stopping.isOn()) {   // with early stopping, model.safetensors is the best epoch's
            Weights.save(folder.model(), vae.parameters(), Map.of("epoch", Integer.toString(state.epoch), "images_seen", Long.toString(state.images)));
          }
          progress.println(String.format("epoch %d/%d  images %,d  train bound %.2f%s%s  test ELBO %.2f  %,.0f images/s%s",
              state.epoch, epochs, state.images, state.trainBound(),
              t.objective().kl().isNone() ? "" : String.format("  trained objective %.2f", state.trainedObjective()), validation == null ? "" : String.format("  validation ELBO %.2f", validationElbo),
              testElbo, state.epochImages / epochSeconds, guard.badSteps() == 0 ? "" : String.format("  (%,d bad steps skipped so far)", guard.badSteps())));
          state.endEpoch(testElbo);
          saver.save(state);   // written while the next epoch trains
          if (signals.stopRequested()) throw saver.stopBySignal(state, progress);
        }
        saver.finishWriting();   // the last checkpoint counts in the run's time
      }
      if (stopping.isOn() && state.bestEpoch > 0 && state.bestEpoch < state.epoch - 1) {   // the best epoch's model, not the last
        Weights.load(folder.model(), vae.parameters());
        double bestTest = folder.metrics().stream().filter(m -> m.epoch() == state.bestEpoch).findFirst().orElseThrow().testElbo();
        progress.println(String.format("early stopping: %s; model.safetensors is epoch %d's (validation ELBO %.2f, test ELBO %.2f)",
            stoppedEarly(stopping, state) ? "no gain of more than " + stopping.minDelta() + " nats in " + stopping.patience() + " epochs"
                : "the last epoch was not the best", state.bestEpoch, state.bestValidation, bestTest));
        return new Result(folder, vae, bestTest, scored.test(), state.images, state.seconds());
      }
      return new Result(folder, vae, state.testElbo, scored.test(), state.images, state.seconds());
    }
  }

  /**
   * The test and validation sets as scored ({@link #testSet}), binarized when first asked for: at
   * the first epoch's end, where the batches have had the draws' vector code compiled, rather than
   * before the first step, where it ran interpreted (MNIST's 10,000 test images took about 0.5 s).
   */
  private static final class HeldOut {
    private final RunConfig run;
    private Dataset test, validation;   // as given until binarized
    private boolean binarized;

    HeldOut(RunConfig run, Dataset test, Dataset validation) {
      this.run = run;
      this.test = test;
      this.validation = validation;
    }

    Dataset test() {
      binarize();
      return test;
    }

    /** Null when no images are held out. */
    Dataset validation() {
      binarize();
      return validation;
    }

    private void binarize() {
      if (binarized) return;
      test = testSet(run, test);
      if (validation != null) validation = testSet(run, validation);
      binarized = true;
    }
  }

  /** Whether {@code patience} epochs have passed since the best validation ELBO. */
  static boolean stoppedEarly(EarlyStopping stopping, TrainingState state) {
    return stopping.isOn() && state.bestEpoch > 0 && state.epoch - 1 - state.bestEpoch >= stopping.patience();
  }
}
