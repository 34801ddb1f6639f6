package latent.eval;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import latent.InputException;
import latent.data.Dataset;
import latent.data.TrainTest;
import latent.train.Preset;
import latent.train.Progress;
import latent.train.RunConfig;
import latent.train.Trainer;

/**
 * The one-class protocol of the anomaly-detection literature (Ruff et al. 2018, <i>Deep One-Class
 * Classification</i>): for each class c of a labelled dataset, train only on the training
 * examples of class c, score the whole test set, and count the other classes' examples as
 * anomalies; the AUROC of each {@link ScoreKind}, per class and averaged over the classes.
 *
 * <p>Each cell (dataset, configuration, class) is an ordinary run folder with a {@link CellResult}
 * written once it is scored: a table stopped part-way skips the finished cells when started again
 * and resumes an unfinished cell's training from its newest checkpoint.
 */
public final class OneClassTable {
  /**
   * The configurations: the PyTorch example's VAE (784-400-20, ReLU, Adam 1e-3, batch 128, the
   * ELBO) and the same network trained on the IWAE bound with k = 5, which learns a tighter
   * bound and so a better density.
   */
  public static final List<String> CONFIGS = List.of("pytorch-example", "iwae-5");

  private OneClassTable() {}

  /** One cell: a dataset, a configuration, the class taken as normal. */
  public record Cell(String dataset, String config, int normalClass) {
    /** The run folder under the table's folder: {@code mnist/pytorch-example/class-3}. */
    public Path dir(Path root) {
      return root.resolve(dataset).resolve(config).resolve("class-" + normalClass);
    }
  }

  /**
   * A cell's result: the AUROC of each score kind (in {@link ScoreKind} order), the test ELBO of
   * the normal class's test examples, the training examples and images seen, and the minutes the
   * cell took (training, summed over sessions when resumed, and scoring).
   */
  public record Row(Cell cell, double[] auroc, double normalTestElbo, int trainExamples, long images, double minutes) {}

  /** The configuration {@code config} trained for {@code epochs} passes over a class's examples. */
  public static RunConfig config(String config, String dataset, int inputSize, int epochs, long seed, int threads, Path dataDir) {
    if (!CONFIGS.contains(config)) throw new InputException("configuration: expected one of " + CONFIGS + ", got '" + InputException.excerpt(config) + "'");
    Map<String, Object> s = new HashMap<>(Map.of("training.data.dataset", dataset, "training.schedule.epochs", epochs,
        "training.runtime.seed", seed, "training.runtime.threads", threads));
    if (dataDir != null) s.put("training.data.dataDir", dataDir.toAbsolutePath().toString());
    if (config.equals("iwae-5")) s.putAll(Map.of("training.objective.kind", "iwae", "training.objective.samples", 5));
    return RunConfig.of(Preset.PYTORCH_EXAMPLE, inputSize, s);
  }

  /** The examples of {@code data} labelled {@code c}. */
  static Dataset ofClass(Dataset data, int c) {
    int[] labels = data.labels();
    if (labels == null) throw new InputException(data.name() + ": expected class labels for the one-class protocol");
    return data.select(data.name() + "-class-" + c, IntStream.range(0, labels.length).filter(i -> labels[i] == c).toArray());
  }

  /**
   * The cell's row: read from its {@link CellResult} when finished; otherwise trained (resumed when
   * its run folder has begun) and scored with k importance samples, and the result recorded.
   */
  public static Row cell(Cell cell, RunConfig config, TrainTest sets, Path root, int k, Progress progress, IntConsumer done) {
    Path dir = cell.dir(root);
    return CellResult.of(dir, config, "k = " + k, Row.class, () -> {
      Dataset train = ofClass(sets.train(), cell.normalClass());
      if (train.size() == 0) throw new InputException(sets.train().name() + ": no training examples of class " + cell.normalClass());
      Trainer.Result r = Trainer.trainOrResume(config, new TrainTest(train, ofClass(sets.test(), cell.normalClass())), dir, progress);
      long t0 = System.nanoTime();
      Dataset test = sets.test();   // as given, the way latent score takes new data: binarizing would add noise to every score
      AnomalyScores scores = AnomalyScores.of(r.model(), test, k, config.training().data().testSeed(), done);
      boolean[] anomaly = new boolean[test.size()];
      for (int i = 0; i < anomaly.length; i++) anomaly[i] = test.labels()[i] != cell.normalClass();
      double[] auroc = ScoreKind.ALL.stream().mapToDouble(kind -> Detection.auroc(scores.anomaly(kind), anomaly)).toArray();
      return new Row(cell, auroc, r.testElbo(), train.size(), r.images(), (r.seconds() + (System.nanoTime() - t0) / 1e9) / 60);
    });
  }

  /** The tables in Markdown: per dataset and configuration, the AUROC of each score kind per class and the mean. */
  public static String markdown(String command, List<Row> rows, int epochs, int k, long seed) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Command: `%s`, %s, seed %d. Each cell trains %d passes over one class's training images and scores "
        + "the whole test set (grey levels as given) with k = %d; anomalies are the other classes' test examples. AUROC per score kind (higher is better, 0.5 is chance).%n",
        command, LocalDate.now(), seed, epochs, k));
    for (String dataset : rows.stream().map(r -> r.cell().dataset()).distinct().toList()) {
      for (String config : rows.stream().map(r -> r.cell().config()).distinct().toList()) {
        List<Row> part = rows.stream().filter(r -> r.cell().dataset().equals(dataset) && r.cell().config().equals(config)).toList();
        if (part.isEmpty()) continue;
        s.append(String.format(Locale.ROOT, "%n### %s, %s%n%n| class | train images | ", dataset, config));
        for (ScoreKind kind : ScoreKind.ALL) s.append(kind.column(k)).append(" | ");
        s.append("normal test ELBO | minutes |\n|---|---|");
        s.append("---|".repeat(ScoreKind.ALL.size() + 2)).append('\n');
        double[] mean = new double[ScoreKind.ALL.size()];
        double minutes = 0;
        for (Row r : part) {
          s.append(String.format(Locale.ROOT, "| %d | %,d | ", r.cell().normalClass(), r.trainExamples()));
          for (int i = 0; i < mean.length; i++) {
            s.append(String.format(Locale.ROOT, "%.4f | ", r.auroc()[i]));
            mean[i] += r.auroc()[i] / part.size();
          }
          s.append(String.format(Locale.ROOT, "%.2f | %.1f |%n", r.normalTestElbo(), r.minutes()));
          minutes += r.minutes();
        }
        s.append("| **mean** | | ");
        for (double m : mean) s.append(String.format(Locale.ROOT, "**%.4f** | ", m));
        s.append(String.format(Locale.ROOT, "| %.1f |%n", minutes));
      }
    }
    return s.toString();
  }
}
