package latent.eval;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import latent.InputException;
import latent.data.TrainTest;
import latent.train.Preset;
import latent.train.Progress;
import latent.train.RunConfig;
import latent.train.RunFolder;
import latent.train.Trainer;

/**
 * The MNIST experiment of Kingma and Welling (2014), Figure 2: AEVB against wake-sleep for latent
 * sizes N_z ∈ {3, 5, 10, 20, 200}, the lower bound on the training and test sets against the
 * training images seen. Each cell is the AEVB preset's run (784-500-N_z tanh, Adagrad 0.02, the
 * N(0, I) weight prior, batch 100, MNIST binarized once) with the latent size and image budget
 * given, trained with the pathwise gradient (AEVB) or with wake-sleep's encoder update; its
 * curves are the run's {@code metrics.csv} (train bound: the mean over each epoch's minibatches;
 * test: the test ELBO at each epoch's end). Cells finished earlier ({@link CellResult}) are read
 * again, unfinished ones resumed from their checkpoints.
 */
public final class AevbFigure2 {
  public static final List<String> METHODS = List.of("aevb", "wake-sleep");
  public static final List<Integer> LATENT_SIZES = List.of(3, 5, 10, 20, 200);

  private AevbFigure2() {}

  /** One cell: a method and a latent size. */
  public record Cell(String method, int latent) {
    public Path dir(Path root) {
      return root.resolve(method + "-nz" + latent);
    }
  }

  /** A finished cell: its run's per-epoch metrics, and the minutes it took (training, over every session). */
  public record Row(Cell cell, List<RunFolder.Metrics> metrics, double minutes) {
    public RunFolder.Metrics last() {
      return metrics.getLast();
    }
  }

  /** The cell's settings: the AEVB preset with N_z latent units, trained on {@code images} images. */
  public static RunConfig config(Cell cell, int inputSize, long images, int trainSize, long seed, int threads, Path dataDir) {
    if (!METHODS.contains(cell.method())) throw new InputException("method: expected one of " + METHODS + ", got '" + InputException.excerpt(cell.method()) + "'");
    Map<String, Object> s = new HashMap<>(Map.of("model.latentSize", cell.latent(), "training.schedule.maxImages", images,
        "training.schedule.epochs", (int) Math.max(1, (images + trainSize - 1) / trainSize),
        "training.runtime.seed", seed, "training.runtime.threads", threads));
    if (dataDir != null) s.put("training.data.dataDir", dataDir.toAbsolutePath().toString());
    if (cell.method().equals("wake-sleep")) s.putAll(Map.of("training.objective.estimator", "B", "training.objective.gradient", "wake-sleep"));
    return RunConfig.of(Preset.AEVB, inputSize, s);
  }

  /** What a finished cell records beside its run: the minutes it took (training, over every session). */
  record Result(double minutes) {}

  /** The cell's row: its run trained (or resumed) unless finished earlier, and its metrics. */
  public static Row cell(Cell cell, RunConfig config, TrainTest sets, Path root, Progress progress) {
    Path dir = cell.dir(root);
    Result r = CellResult.of(dir, config, "the run's metrics", Result.class, () -> new Result(Trainer.trainOrResume(config, sets, dir, progress).seconds() / 60));
    return new Row(cell, RunFolder.open(dir).metrics(), r.minutes());
  }

  /** The table of final bounds in Markdown, headed by the command that made it. */
  public static String markdown(String command, List<Row> rows, long images, long seed) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "Command: `%s`, %s, seed %d; %,d training images per run. Final lower bounds (nats per image; train: the mean over the last "
            + "epoch's minibatches, test: the test ELBO after it):%n%n| N_z | AEVB train | AEVB test | wake-sleep train | wake-sleep test | minutes (AEVB, WS) |%n"
            + "| --- | --- | --- | --- | --- | --- |%n", command, LocalDate.now(), seed, images));
    for (int nz : rows.stream().map(r -> r.cell().latent()).distinct().toList()) {
      Row a = find(rows, "aevb", nz), w = find(rows, "wake-sleep", nz);
      s.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s, %s |%n", nz, bound(a, true), bound(a, false), bound(w, true), bound(w, false),
          a == null ? "" : String.format(Locale.ROOT, "%.1f", a.minutes()), w == null ? "" : String.format(Locale.ROOT, "%.1f", w.minutes())));
    }
    return s.toString();
  }

  private static Row find(List<Row> rows, String method, int nz) {
    return rows.stream().filter(r -> r.cell().method().equals(method) && r.cell().latent() == nz).findFirst().orElse(null);
  }

  private static String bound(Row r, boolean train) {
    return r == null ? "" : String.format(Locale.ROOT, "%.2f", train ? r.last().trainBound() : r.last().testElbo());
  }
}
