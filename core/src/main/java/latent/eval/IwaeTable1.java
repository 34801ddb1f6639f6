package latent.eval;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import latent.data.Dataset;
import latent.data.TrainTest;
import latent.model.ActiveUnits;
import latent.optim.IwaeSchedule;
import latent.train.Preset;
import latent.train.Progress;
import latent.train.RunConfig;
import latent.train.Trainer;

/**
 * The MNIST experiment of Burda et al. (2015), Table 1: VAE and IWAE, k ∈ {1, 5, 50}, one or two
 * stochastic layers, each cell trained with the paper's recipe ({@link Preset#IWAE}) and its
 * schedule cut after a stage, then scored with L_K; the table beside the paper's numbers (which
 * took all 3280 passes).
 */
public final class IwaeTable1 {
  /** Test NLL of Burda et al. (2015), Table 1, after 3280 passes: [layers − 1][k index] for VAE and IWAE. */
  static final double[][] PAPER_VAE = {{86.76, 86.47, 86.35}, {85.33, 85.01, 84.78}};
  static final double[][] PAPER_IWAE = {{86.76, 85.54, 84.78}, {85.33, 83.89, 82.90}};
  /** The cells of one layer count (IWAE with k = 1 is the VAE with k = 1). */
  public static final List<String> RUNS = List.of("vae-1", "vae-5", "vae-50", "iwae-5", "iwae-50");

  private IwaeTable1() {}

  /** One cell's result: test NLL = −L_K, the paper's, active units of h1 (and h2, or −1), wall time. */
  public record Row(int layers, String run, double nll, double paper, int active, int active2, double minutes) implements java.io.Serializable {
    /** One line for a log: the cell, its test NLL beside the paper's, its active units. */
    public String summary() {
      return String.format("%dlayer-%s: test NLL %.2f (paper %.2f after 3280 passes), active units %d", layers, run, nll, paper, active);
    }
  }

  /** The paper's recipe for one cell: estimator A, k samples, the schedule through {@code stages}; two layers x-200-200-100-100-100-50. */
  public static RunConfig config(int layers, String run, int inputSize, int stages, long seed, int threads, Path dataDir) {
    Map<String, Object> cell = new HashMap<>(Map.of("training.objective.kind", run.startsWith("iwae") ? "iwae" : "elbo",
        "training.objective.estimator", "A", "training.objective.samples", Integer.parseInt(run.substring(run.indexOf('-') + 1)),
        "training.schedule.iwaeStages", stages, "training.runtime.seed", seed, "training.runtime.threads", threads));
    if (dataDir != null) cell.put("training.data.dataDir", dataDir.toAbsolutePath().toString());
    if (layers == 2) cell.putAll(Map.of("model.latentSize", 100, "model.hidden2", List.of(100, 100), "model.latentSize2", 50));
    return RunConfig.of(Preset.IWAE, inputSize, cell);
  }

  /**
   * Trains cell {@code run} of {@code layers} layers into {@code dir} (resuming it when it was
   * stopped) and scores it on the first {@code n} test images (all: null); a cell finished earlier
   * is read from its {@link CellResult}.
   */
  public static Row cell(int layers, String run, RunConfig config, TrainTest sets, Path dir, int k, Integer n, Progress progress,
                         IntConsumer done) {
    return CellResult.of(dir, config, "k = " + k + ", test images " + (n == null ? "all" : n), Row.class, () -> train(layers, run, config, sets, dir, k, n, progress, done));
  }

  private static Row train(int layers, String run, RunConfig config, TrainTest sets, Path dir, int k, Integer n, Progress progress,
                           IntConsumer done) {
    Trainer.Result res = Trainer.trainOrResume(config, sets, dir, progress);
    long t0 = System.nanoTime();
    Dataset test = Trainer.testSet(config, sets.test());
    if (n != null) test = test.slice(0, Math.min(n, test.size()));
    LogLikelihood.Result ll = LogLikelihood.evaluate(res.model(), test, new int[] {k}, config.training().data().testSeed(), done);
    int active2 = res.model().encoder2 == null ? -1 : ActiveUnits.count(ActiveUnits.secondLayerActivity(res.model(), ll.loc()));
    int ki = run.endsWith("-50") ? 2 : run.endsWith("-5") ? 1 : 0;
    double paper = (run.startsWith("vae") ? PAPER_VAE : PAPER_IWAE)[layers - 1][ki];
    return new Row(layers, run, -ll.meanBounds()[0], paper, ActiveUnits.count(ActiveUnits.activity(ll.loc())), active2,
        res.seconds() / 60 + (System.nanoTime() - t0) / 6e10);
  }

  /** The table in Markdown, headed by the command that made it. */
  public static String markdown(String command, List<Row> rows, int stages, int k, int images, double minutes, long seed) {
    StringBuilder s = new StringBuilder();
    s.append("# Reproduction: IWAE paper, Table 1 (MNIST, dynamically binarized)\n\n");
    s.append(String.format("Command: `%s`, %s, seed %d.%n%n", command, LocalDate.now(), seed));
    s.append(String.format("Training: %d passes (stages 0..%d of 3^i passes at 1e-3·10^(-i/7)); the paper's numbers took 3280 passes.%n",
        IwaeSchedule.passes(stages), stages));
    s.append(String.format("Test NLL = −L_%d over %,d test images (binarized once with seed 0); wall time %.1f min in all.%n%n", k, images, minutes));
    s.append("| layers | run | test NLL | paper (3280 passes) | active units | minutes |\n| --- | --- | --- | --- | --- | --- |\n");
    for (Row r : rows) {
      s.append(String.format("| %d | %s | %.2f | %.2f | %s | %.1f |%n", r.layers(), r.run(), r.nll(), r.paper(),
          r.active() + (r.active2() >= 0 ? " + " + r.active2() : ""), r.minutes()));
    }
    return s.toString();
  }
}
