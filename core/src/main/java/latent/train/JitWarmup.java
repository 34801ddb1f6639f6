package latent.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import latent.data.Dataset;
import latent.model.CollapseDiagnostics;
import latent.model.Encodings;
import latent.objective.TestElbo;
import latent.tensor.Parallel;

/**
 * Trains a miniature of the run on a thread of its own while the data load, so that the JIT
 * starts compiling the training step's code before the first real step. The Vector API's kernels
 * run hundreds of times slower before C2 compiles them: on a cold JVM the default run's first ten
 * steps took 3.3 s, against 3-4 ms a step once compiled. On 2 cores the compiling is not done
 * by then (MNIST loads in about 1.4 s; C2 reached the step's kernels 0.5-3 s after the first
 * step), and {@link JitBusy} leaves the compilers a core until it is.
 *
 * <p>The miniature is the run's own settings (activation, decoder, objective, estimator,
 * optimizer, binarization: the same code paths, so the profiles the JIT compiles from are the
 * run's) at widths of at most {@value #WIDTH}, on generated data, with its epochs' evaluation
 * (test ELBO, collapse diagnostics) too. It shares nothing with the run (its own model,
 * generators and data) and uses one thread ({@link Parallel#limitedTo}), so the run's results
 * do not depend on it; {@link #close} stops it before the first real step.
 */
public final class JitWarmup implements AutoCloseable {
  /** The miniature's widths (hidden layers, input) and its batch. */
  static final int WIDTH = 64, BATCH = 16;
  private static final int ROWS = 256;

  private final Thread thread;
  private volatile boolean stop;

  private JitWarmup(RunConfig mini) {
    thread = Thread.ofPlatform().daemon().name("latent-jit-warmup").start(() -> Parallel.limitedTo(1, () -> run(mini)));
  }

  /**
   * Starts warming up for {@code run} (of any input size: before the data are read, the settings
   * checked for an input of one value do), or does nothing when the run is to use one thread: the
   * warm-up would take a second core.
   */
  public static JitWarmup start(RunConfig run) {
    if (run.training().runtime().threads() < 2) return null;
    try {
      return new JitWarmup(miniature(run));
    } catch (RuntimeException e) {
      return null;   // settings the miniature cannot take: the run goes on cold
    }
  }

  /** {@code run} at widths of at most {@value #WIDTH}, latent sizes of at most 8 (4 for h2), batches of {@value #BATCH}, no validation. */
  static RunConfig miniature(RunConfig run) {
    ObjectNode tree = RunConfig.JSON.valueToTree(run);
    ObjectNode model = (ObjectNode) tree.get("model");
    model.put("inputSize", WIDTH);
    for (String widths : List.of("encoderHidden", "decoderHidden", "hidden2")) {
      List<Integer> given = new ArrayList<>();
      model.get(widths).forEach(w -> given.add(w.asInt()));
      ArrayNode narrow = model.putArray(widths);
      given.forEach(w -> narrow.add(Math.min(w, WIDTH)));
    }
    model.put("latentSize", Math.min(run.model().latentSize(), 8));
    model.put("latentSize2", Math.min(run.model().latentSize2(), 4));
    ObjectNode training = (ObjectNode) tree.get("training");
    ((ObjectNode) training.get("schedule")).put("batchSize", BATCH);
    ((ObjectNode) training.get("objective")).put("samples", Math.min(run.training().objective().samples(), 4));
    ((ObjectNode) training.get("data")).put("validation", 0);
    return RunConfig.fromJson(tree);
  }

  private void run(RunConfig mini) {
    try {
      Training training = Training.of(mini);
      Dataset data = Dataset.greyImages(ROWS, WIDTH, 1), test = Dataset.greyImages(BATCH * 4, WIDTH, 2);
      training.use(data);
      Training.Listener listener = new Training.Listener() {
        @Override
        public void afterStep(TrainingState s) {
          if (stop) throw new Stopped();
        }
      };
      while (!stop) {
        training.epoch(Long.MAX_VALUE, listener);
        Encodings q = Encodings.of(training.model(), test);
        CollapseDiagnostics.of(q, 1);
        training.state().endEpoch(TestElbo.evaluate(training.model(), test, q, 1, 1));
      }
    } catch (RuntimeException e) {
      // stopped, or the miniature failed (diverged, or a schedule that ends): the run goes on without it
    }
  }

  /** Whether its thread is still training. */
  boolean running() {
    return thread.isAlive();
  }

  /** Stops the warm-up after the step in progress and waits for it. */
  @Override
  public void close() {
    stop = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class Stopped extends RuntimeException {
    Stopped() {
      super(null, null, false, false);
    }
  }
}
