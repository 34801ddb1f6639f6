package latent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import latent.data.DataSources;
import latent.data.TrainTest;
import latent.eval.IwaeTable1;
import latent.train.Progress;
import latent.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code latent reproduce iwae-table1}: trains the MNIST models of Burda et al. (2015), Table 1
 * (VAE and IWAE, k ∈ {1, 5, 50}, one or two stochastic layers) with the paper's recipe and its
 * schedule cut after stage N, evaluates each with L_5000, and writes the table beside the
 * paper's numbers (which took all 3280 passes).
 */
@Command(name = "iwae-table1", mixinStandardHelpOptions = true,
    description = {"Reproduce Table 1 of the IWAE paper: train VAE and IWAE, k = 1, 5, 50, one or two",
        "stochastic layers, with the schedule cut after --stages, and tabulate test NLL = -L_5000."})
public final class ReproduceIwaeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin ReproduceOptions table = new ReproduceOptions();
  @picocli.CommandLine.Mixin TableOutput output = new TableOutput();

  @Override
  public Integer call() {
    List<ReproduceOptions.Cell> cells = table.cells();
    Path dir = output.dir("iwae-table1");
    TrainTest sets = DataSources.load("mnist", table.dataDir, TrainCommand::log);
    PrintWriter o = spec.commandLine().getOut();
    List<IwaeTable1.Row> rows = new ArrayList<>();
    long start = System.nanoTime();
    int images = table.n == null ? sets.test().size() : Math.min(table.n, sets.test().size());
    for (ReproduceOptions.Cell c : cells) {
      String name = c.name();
      RunConfig run = IwaeTable1.config(c.layers(), c.run(), sets.train().dim(), table.stages, table.seed, output.threads, table.dataDir);
      TrainCommand.log(String.format("%s: training %d passes", name, run.training().schedule().passes()));
      Progress p = Progress.forStderr(SettingFlags::flag);
      IwaeTable1.Row row = IwaeTable1.cell(c.layers(), c.run(), run, sets, dir.resolve(name), table.k, table.n, p,
          done -> p.update(name + " L_" + table.k, done, images));
      p.finishLine();
      rows.add(row);
      o.println(row.summary());
    }
    String md = IwaeTable1.markdown(table.command("latent reproduce"), rows, table.stages, table.k, images, (System.nanoTime() - start) / 6e10, table.seed);
    String written = output.write(dir, md);
    o.print(md);
    o.println(written);
    return 0;
  }
}
