package latent.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import latent.InputException;
import latent.io.SafeTensors;

/**
 * The training loop's side of checkpointing: when to save ({@link CheckpointPolicy}), what
 * ({@link TrainingState}), where ({@link CheckpointFiles}), how to resume, and the one-line
 * messages of a run that stops early.
 *
 * <p>The training loop's checkpoints are written on a thread of their own while training goes
 * on ({@link #save}): writing 8 MB and forcing it to disk took 20-40 ms of each
 * epoch's end on this project's machine, and 140 ms at the first. They are written one at a
 * time, in order, from a copy of the state taken when they are asked for; each is still written
 * whole under a temporary name and renamed into place ({@link CheckpointFiles}), so a run killed
 * meanwhile resumes from the one before, to the same bits. {@link #close} waits for the last,
 * and a failed write is thrown at the next save or at close.
 */
final class Checkpointer implements AutoCloseable {
  private final RunFolder folder;
  private final TrainingState.Parts parts;
  private final CheckpointPolicy policy;
  private final String configSha;
  private long lastSave = System.nanoTime();
  /** Where the newest checkpoint of this session stands (step, epoch), so a stop right after a save does not write it again. */
  private long savedSteps = -1;
  private int savedEpoch = -1;
  /** The writer thread, made at the first save, and the write it has in hand. */
  private ExecutorService writer;
  private Future<?> writing;

  Checkpointer(RunFolder folder, TrainingState.Parts parts, CheckpointPolicy policy) {
    this.folder = folder;
    this.parts = parts;
    this.policy = policy;
    this.configSha = sha256(folder.dir.resolve(RunFolder.CONFIG));
  }

  /**
   * Restores the newest good checkpoint of the run and its metrics; a fresh state when the
   * run has none yet (it was stopped before its first). A damaged newest file is reported,
   * set aside as {@code checkpoint.damaged.safetensors}, and the previous one used.
   */
  TrainingState resume(Consumer<String> log) {
    CheckpointFiles.Loaded loaded = CheckpointFiles.latest(folder.dir, log);
    if (loaded == null) {
      if (!folder.hasSafeguards()) {   // written by a version without training checkpoints
        throw new InputException(folder.dir + ": this run was written before training checkpoints existed and cannot be resumed; start a new run");
      }
      // a model and no checkpoint: an imported model (or one saved moments before its first
      // checkpoint); training from the start would overwrite it with a fresh one
      if (Files.exists(folder.model())) {
        throw new InputException(folder.dir + ": holds a model but no training checkpoint (an imported model cannot be resumed); start a new run");
      }
      folder.restoreMetrics(null);
      folder.keepDiagnosticsBefore(1);
      log.accept("latent: " + folder.dir + " has no checkpoint yet; training it from the start");
      TrainingState fresh = new TrainingState();
      fresh.startClock();
      return fresh;
    }
    Path latest = folder.dir.resolve(CheckpointFiles.LATEST);
    if (!loaded.file().equals(latest) && Files.exists(latest)) {
      try {
        Files.move(latest, folder.dir.resolve("checkpoint.damaged.safetensors"), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new InputException(latest + ": damaged and cannot be set aside (" + e.getMessage() + ")");
      }
    }
    TrainingState s = TrainingState.restore(loaded.contents(), loaded.file().toString(), parts, configSha);
    folder.restoreMetrics(loaded.contents().metadata().get("metrics"));
    folder.keepDiagnosticsBefore(s.epoch);
    log.accept(String.format("latent: resuming %s from step %,d (epoch %d, %,d images seen)", folder.dir, s.steps, s.epoch, s.images));
    return s;
  }

  /** Saves if the policy says a checkpoint is due after this step. */
  void afterStep(TrainingState s) {
    if (policy.due(s.steps, (System.nanoTime() - lastSave) / 60e9)) save(s);
  }

  /**
   * Copies the training state and writes it as the checkpoint on the writer thread, after the
   * checkpoint being written, if any ({@link #finishWriting} waits for it); refuses (stops
   * training) if a parameter is not finite.
   */
  void save(TrainingState s) {
    NumericalGuard.requireFinite(parts.params(), "step " + s.steps);
    NumericalGuard.requireFinite(parts.running(), "step " + s.steps);
    SafeTensors.Contents contents = s.save(parts, configSha, folder.metricsText());
    finishWriting();   // the last write's failure is thrown here, and one copy of the state at most waits
    if (writer == null) writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("latent-checkpoint").factory());
    writing = writer.submit(() -> CheckpointFiles.write(folder.dir, contents));
    lastSave = System.nanoTime();
    savedSteps = s.steps;
    savedEpoch = s.epoch;
  }

  /** Waits for the checkpoint being written, if any, and throws its failure. */
  void finishWriting() {
    if (writing == null) return;
    Future<?> w = writing;
    writing = null;
    boolean interrupted = false;
    try {
      while (true) {
        try {
          w.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;   // the write finishes regardless: a checkpoint is never abandoned half-way
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error err) throw err;
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  /** Waits for the last checkpoint (throwing its failure) and ends the writer thread. */
  @Override
  public void close() {
    try {
      finishWriting();
    } finally {
      if (writer != null) writer.shutdown();
    }
  }

  TrainingStopped diverged(TrainingState s) {
    finishWriting();
    NumericalGuard g = parts.guard();
    Path last = folder.dir.resolve(CheckpointFiles.LATEST);
    return TrainingStopped.diverged(String.format("training diverged at step %,d (epoch %d): %d steps in a row skipped (last: %s); "
            + "%s (try a smaller {learningRate}, or {clipNorm})", s.steps, s.epoch, g.consecutiveBadSteps(), g.lastProblem(),
        Files.exists(last) ? "the last good checkpoint is " + last : "no checkpoint was written"));
  }

  /** Saves, prints how to resume, and returns the exception that ends the run. */
  TrainingStopped stopBySignal(TrainingState s, Progress progress) {
    // saving the same state twice would turn the previous generation into a copy of the latest
    if (s.steps != savedSteps || s.epoch != savedEpoch) save(s);
    finishWriting();   // on disk before the message says so
    String msg = String.format("latent: stopped by a signal after step %,d (epoch %d, %,d images); checkpoint saved; resume with: "
        + "latent train {resume} %s", s.steps, s.epoch, s.images, folder.dir);
    progress.printMessage(msg);   // now: once training releases the signal, the JVM exits
    return new TrainingStopped(msg, 143, true);
  }

  static String sha256(Path file) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
