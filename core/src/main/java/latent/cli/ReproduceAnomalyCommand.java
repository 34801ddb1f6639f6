package latent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import latent.InputException;
import latent.data.DataSources;
import latent.data.TrainTest;
import latent.eval.OneClassTable;
import latent.eval.ScoreKind;
import latent.objective.Objective;
import latent.train.Progress;
import latent.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code latent reproduce anomaly}: the one-class table ({@link OneClassTable}) for MNIST and
 * Fashion-MNIST, every class, each configuration; resumable with the same {@code --out}.
 */
@Command(name = "anomaly", mixinStandardHelpOptions = true,
    description = {"The one-class anomaly-detection protocol (Ruff et al. 2018): for each class, train on that class's training images,",
        "score the whole test set, the other classes being anomalies; AUROC of every score kind per class and the mean.",
        "Run again with the same --out to skip finished cells and resume an unfinished one from its checkpoint."})
public final class ReproduceAnomalyCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--datasets", split = ",", paramLabel = "NAME", description = "mnist and/or fashion-mnist (default both)") List<String> datasets = DataSources.NAMES;
  @Option(names = "--configs", split = ",", paramLabel = "CONFIG", description = "of pytorch-example, iwae-5 (default both)") List<String> configs = OneClassTable.CONFIGS;
  private static final List<Integer> TEN_CLASSES = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  @Option(names = "--classes", split = ",", paramLabel = "C", description = "the classes taken as normal in turn (default 0-9)") List<Integer> classes = TEN_CLASSES;
  @Option(names = "--epochs", paramLabel = "E", description = "passes over a class's training images (default ${DEFAULT-VALUE})") int epochs = 30;
  @Option(names = "--k", paramLabel = "K", description = "importance samples of L_k and the ELBO (default ${DEFAULT-VALUE})") int k = 100;
  @Option(names = "--data-dir", paramLabel = "DIR", description = "folder with the dataset's IDX files (with one dataset)") Path dataDir;
  @Option(names = "--seed", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})") long seed = 1;
  @picocli.CommandLine.Mixin TableOutput output = new TableOutput();

  @Override
  public Integer call() {
    for (String d : datasets) if (!DataSources.NAMES.contains(d)) throw new InputException("--datasets: expected some of " + DataSources.NAMES + ", got '" + InputException.excerpt(d) + "'");
    for (String c : configs) if (!OneClassTable.CONFIGS.contains(c)) throw new InputException("--configs: expected some of " + OneClassTable.CONFIGS + ", got '" + InputException.excerpt(c) + "'");
    for (int c : classes) if (c < 0 || c > 255) throw new InputException("--classes: expected class labels 0 to 255, got " + c);
    if (epochs < 1) throw new InputException("--epochs: expected a positive count, got " + epochs);
    if (k < 1 || k > Objective.MAX_SAMPLES) throw new InputException("--k: expected 1 to " + Objective.MAX_SAMPLES + ", got " + k);
    if (dataDir != null && datasets.size() > 1) throw new InputException("--data-dir: expected with one of --datasets, got " + datasets.size());
    Path dir = output.dir("anomaly");
    PrintWriter o = spec.commandLine().getOut();
    List<OneClassTable.Row> rows = new ArrayList<>();
    for (String dataset : datasets) {
      TrainTest sets = DataSources.load(dataset, dataDir, TrainCommand::log);
      for (String config : configs) {
        RunConfig run = OneClassTable.config(config, dataset, sets.train().dim(), epochs, seed, output.threads, dataDir);
        for (int c : classes) {
          OneClassTable.Cell cell = new OneClassTable.Cell(dataset, config, c);
          String name = dataset + "/" + config + "/class-" + c;
          Progress p = Progress.forStderr(SettingFlags::flag);
          OneClassTable.Row row = OneClassTable.cell(cell, run, sets, dir, k, p, done -> p.update(name + " scoring", done, sets.test().size()));
          p.finishLine();
          rows.add(row);
          StringBuilder line = new StringBuilder(name + ": AUROC");
          for (ScoreKind kind : ScoreKind.ALL) line.append(String.format(" %s %.4f", kind.column(k), row.auroc()[kind.ordinal()]));
          o.println(line);
        }
      }
    }
    String md = OneClassTable.markdown(command(), rows, epochs, k, seed);
    String written = output.write(dir, md);
    o.print(md);
    o.println(written);
    return 0;
  }

  private String command() {
    return String.format("latent reproduce anomaly --datasets %s --configs %s%s --epochs %d --k %d", String.join(",", datasets), String.join(",", configs),
        classes.equals(TEN_CLASSES) ? "" : " --classes " + String.join(",", classes.stream().map(String::valueOf).toList()), epochs, k);
  }
}
