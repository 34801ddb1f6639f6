package latent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import latent.InputException;
import latent.data.DataSources;
import latent.data.TrainTest;
import latent.eval.IwaeTable1;
import latent.io.AtomicFiles;
import latent.objective.Objective;
import latent.optim.IwaeSchedule;
import latent.tensor.Parallel;
import latent.train.Progress;
import latent.train.RunConfig;
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

  @Override
  public Integer call() {
    if (!table.equals("iwae-table1")) throw new InputException("reproduce: expected iwae-table1, got '" + table + "'");
    IwaeSchedule.passes(stages);
    for (int l : layers) if (l != 1 && l != 2) throw new InputException("--layers: expected 1 and/or 2, got " + layers);
    List<String> chosen = runs != null ? runs : IwaeTable1.RUNS;
    for (String r : chosen) if (!IwaeTable1.RUNS.contains(r)) throw new InputException("--runs: expected some of " + IwaeTable1.RUNS + ", got '" + r + "'");
    if (k < 1 || k > Objective.MAX_SAMPLES) throw new InputException("--k: expected 1 to " + Objective.MAX_SAMPLES + ", got " + k);
    Path dir = out != null ? out : Path.of("runs", "reproduce-iwae-table1-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    TrainTest sets = DataSources.load("mnist", dataDir, TrainCommand::log);
    PrintWriter o = spec.commandLine().getOut();
    List<IwaeTable1.Row> rows = new ArrayList<>();
    long start = System.nanoTime();
    for (int l : layers) {
      for (String r : chosen) {
        String name = l + "layer-" + r;
        RunConfig run = IwaeTable1.config(l, r, sets.train().dim(), stages, seed, threads, dataDir);
        TrainCommand.log(String.format("%s: training %d passes", name, run.training().schedule().passes()));
        Progress p = Progress.forStderr(SettingFlags::flag);
        int total = n == null ? sets.test().size() : Math.min(n, sets.test().size());
        IwaeTable1.Row row = IwaeTable1.cell(l, r, run, sets, dir.resolve(name), k, n, p, done -> p.update(name + " L_" + k, done, total));
        p.finishLine();
        rows.add(row);
        o.printf("%s: test NLL %.2f (paper %.2f after 3280 passes), active units %d%n", name, row.nll(), row.paper(), row.active());
      }
    }
    String command = String.format("latent reproduce iwae-table1 --stages %d --layers %s%s --k %d%s", stages,
        String.join(",", layers.stream().map(String::valueOf).toList()), runs != null ? " --runs " + String.join(",", runs) : "", k,
        n != null ? " --n " + n : "");
    int images = n == null ? sets.test().size() : Math.min(n, sets.test().size());
    String md = IwaeTable1.markdown(command, rows, stages, k, images, (System.nanoTime() - start) / 6e10, seed);
    AtomicFiles.writeString(dir.resolve("table.md"), md);
    if (doc != null) AtomicFiles.writeString(doc, md);
    o.print(md);
    o.printf("written: %s%s%n", dir.resolve("table.md"), doc != null ? " and " + doc : "");
    return 0;
  }
}
