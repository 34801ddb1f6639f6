package latent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import latent.InputException;
import latent.data.DataSources;
import latent.data.TrainTest;
import latent.eval.ActiveUnits;
import latent.eval.LogLikelihood;
import latent.io.AtomicFiles;
import latent.objective.Objective;
import latent.optim.IwaeSchedule;
import latent.tensor.Parallel;
import latent.train.Preset;
import latent.train.Progress;
import latent.train.RunConfig;
import latent.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code latent reproduce iwae-table1}: trains the MNIST models of Burda et al. (2015), Table 1
 * (VAE and IWAE, k ∈ {1, 5, 50}, one or two stochastic layers) with the paper's recipe and its
 * schedule cut after stage N, evaluates each with L_5000, and writes the table beside the
 * paper's numbers (which took all 3280 passes).
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
    description = {"Reproduce Table 1 of the IWAE paper: train VAE and IWAE, k = 1, 5, 50, one or two",
        "stochastic layers, with the schedule cut after --stages, and tabulate test NLL = -L_5000."})
public final class ReproduceCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "TABLE", description = "iwae-table1") String table;
  @Option(names = "--stages", paramLabel = "I", description = "last stage of the 3^i schedule (0-7; 3: 40 passes; 7: the paper's 3280)", required = true) int stages;
  @Option(names = "--layers", split = ",", paramLabel = "L", description = "stochastic layers: 1, 2 or 1,2 (default ${DEFAULT-VALUE})") List<Integer> layers = List.of(1);
  @Option(names = "--runs", split = ",", paramLabel = "RUN", description = "of vae-1, vae-5, vae-50, iwae-5, iwae-50 (iwae-1 is vae-1); default all") List<String> runs;
  @Option(names = "--k", paramLabel = "K", description = "importance samples of the log-likelihood estimate (default ${DEFAULT-VALUE})") int k = 5000;
  @Option(names = "--n", paramLabel = "N", description = "test images evaluated (default: all)") Integer n;
  @Option(names = "--data-dir", paramLabel = "DIR", description = "folder with the MNIST IDX files") Path dataDir;
  @Option(names = "--seed", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})") long seed = 1;
  @Option(names = "--out", paramLabel = "DIR", description = "folder for the runs and table.md (default runs/reproduce-iwae-table1-DATE)") Path out;
  @Option(names = "--doc", paramLabel = "FILE", description = "also write the table to this Markdown file (e.g. docs/REPRODUCTION.md)") Path doc;
  @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)") int threads = Parallel.CORES;

  /** Test NLL of Burda et al. (2015), Table 1, after 3280 passes: [layers − 1][k index] for VAE and IWAE. */
  static final double[][] PAPER_VAE = {{86.76, 86.47, 86.35}, {85.33, 85.01, 84.78}};
  static final double[][] PAPER_IWAE = {{86.76, 85.54, 84.78}, {85.33, 83.89, 82.90}};
  static final List<String> ALL_RUNS = List.of("vae-1", "vae-5", "vae-50", "iwae-5", "iwae-50");

  record Row(int layers, String run, double nll, double paper, int active, int active2, double minutes) {}

  @Override
  public Integer call() {
    if (!table.equals("iwae-table1")) throw new InputException("reproduce: expected iwae-table1, got '" + table + "'");
    IwaeSchedule.passes(stages);
    for (int l : layers) if (l != 1 && l != 2) throw new InputException("--layers: expected 1 and/or 2, got " + layers);
    List<String> chosen = runs != null ? runs : ALL_RUNS;
    for (String r : chosen) if (!ALL_RUNS.contains(r)) throw new InputException("--runs: expected some of " + ALL_RUNS + ", got '" + r + "'");
    if (k < 1 || k > Objective.MAX_SAMPLES) throw new InputException("--k: expected 1 to " + Objective.MAX_SAMPLES + ", got " + k);
    Path dir = out != null ? out : Path.of("runs", "reproduce-iwae-table1-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    TrainTest sets = DataSources.load("mnist", dataDir, msg -> System.err.println("latent: " + msg));
    PrintWriter o = spec.commandLine().getOut();
    List<Row> rows = new ArrayList<>();
    long start = System.nanoTime();
    for (int l : layers) {
      for (String r : chosen) {
        String name = l + "layer-" + r;
        RunConfig run = config(l, r, sets.train().dim(), dataDir);
        System.err.printf("latent: %s: training %d passes%n", name, run.training().schedule().passes());
        long t0 = System.nanoTime();
        Trainer.Result res = Trainer.train(run, sets, dir.resolve(name), Progress.forStderr(SettingFlags::flag));
        var test = Trainer.testSet(run, sets.test());
        if (n != null) test = test.slice(0, Math.min(n, test.size()));
        Progress p = Progress.forStderr();
        int total = test.size();
        LogLikelihood.Result ll = LogLikelihood.evaluate(res.model(), test, new int[] {k}, run.training().data().testSeed(),
            done -> p.update(name + " L_" + k, done, total));
        p.finishLine();
        int active2 = res.model().encoder2 == null ? -1 : ActiveUnits.count(ActiveUnits.secondLayerActivity(res.model(), ll.loc()));
        int ki = r.endsWith("-50") ? 2 : r.endsWith("-5") ? 1 : 0;
        double paper = (r.startsWith("vae") ? PAPER_VAE : PAPER_IWAE)[l - 1][ki];
        Row row = new Row(l, r, -ll.meanBounds()[0], paper, ActiveUnits.count(ActiveUnits.activity(ll.loc())), active2,
            (System.nanoTime() - t0) / 6e10);
        rows.add(row);
        o.printf("%s: test NLL %.2f (paper %.2f after 3280 passes), active units %d%n", name, row.nll(), row.paper(), row.active());
      }
    }
    String md = markdown(rows, total(sets, n), (System.nanoTime() - start) / 6e10);
    AtomicFiles.writeString(dir.resolve("table.md"), md);
    if (doc != null) AtomicFiles.writeString(doc, md);
    o.print(md);
    o.printf("written: %s%s%n", dir.resolve("table.md"), doc != null ? " and " + doc : "");
    return 0;
  }

  private int total(TrainTest sets, Integer n) {
    return n == null ? sets.test().size() : Math.min(n, sets.test().size());
  }

  /** The paper's recipe (the iwae preset) for one cell of the table. */
  RunConfig config(int layers, String run, int inputSize, Path dataDir) {
    Map<String, Object> cell = new HashMap<>(Map.of("training.objective.kind", run.startsWith("iwae") ? "iwae" : "elbo",
        "training.objective.estimator", "A", "training.objective.samples", Integer.parseInt(run.substring(run.indexOf('-') + 1)),
        "training.schedule.iwaeStages", stages, "training.runtime.seed", seed, "training.runtime.threads", threads));
    if (dataDir != null) cell.put("training.data.dataDir", dataDir.toAbsolutePath().toString());
    if (layers == 2) {   // x-200-200-h1(100)-100-100-h2(50)
      cell.putAll(Map.of("model.latentSize", 100, "model.hidden2", List.of(100, 100), "model.latentSize2", 50));
    }
    return RunConfig.of(Preset.IWAE, inputSize, cell);
  }

  String markdown(List<Row> rows, int images, double minutes) {
    StringBuilder s = new StringBuilder();
    s.append("# Reproduction: IWAE paper, Table 1 (MNIST, dynamically binarized)\n\n");
    s.append(String.format("Command: `latent reproduce iwae-table1 --stages %d --layers %s%s --k %d%s`, %s, seed %d.%n%n", stages,
        join(layers), runs != null ? " --runs " + String.join(",", runs) : "", k, n != null ? " --n " + n : "", LocalDate.now(), seed));
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

  private static String join(List<Integer> xs) {
    StringBuilder s = new StringBuilder();
    for (int x : xs) s.append(s.isEmpty() ? "" : ",").append(x);
    return s.toString();
  }
}
