package latent.cli;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import latent.InputException;
import latent.eval.IwaeTable1;
import latent.objective.Objective;
import latent.optim.IwaeSchedule;
import picocli.CommandLine.Option;

/**
 * What the IWAE table is made of, shared by {@code latent reproduce iwae-table1} and the Spark job
 * that runs its cells as tasks: the table, the schedule's last stage, the cells (stochastic
 * layers × runs), and how each cell is scored.
 */
public final class ReproduceOptions {
  @Option(names = "--stages", paramLabel = "I", description = "last stage of the 3^i schedule (0-7; 3: 40 passes; 7: the paper's 3280)", required = true) public int stages;
  @Option(names = "--layers", split = ",", paramLabel = "L", description = "stochastic layers: 1, 2 or 1,2 (default ${DEFAULT-VALUE})") public List<Integer> layers = List.of(1);
  @Option(names = "--runs", split = ",", paramLabel = "RUN", description = "of vae-1, vae-5, vae-50, iwae-5, iwae-50 (iwae-1 is vae-1); default all") public List<String> runs;
  @Option(names = "--k", paramLabel = "K", description = "importance samples of the log-likelihood estimate (default ${DEFAULT-VALUE})") public int k = 5000;
  @Option(names = "--n", paramLabel = "N", description = "test images evaluated (default: all)") public Integer n;
  @Option(names = "--data-dir", paramLabel = "DIR", description = "folder with the MNIST IDX files") public Path dataDir;
  @Option(names = "--seed", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})") public long seed = 1;

  /** One cell of the table: a run ({@code vae-5}, ...) with one or two stochastic layers. */
  public record Cell(int layers, String run) implements Serializable {
    /** The cell's run folder: {@code 1layer-vae-5}. */
    public String name() {
      return layers + "layer-" + run;
    }
  }

  /** The cells in the table's order, after checking every option. */
  public List<Cell> cells() {
    IwaeSchedule.passes(stages);
    for (int l : layers) if (l != 1 && l != 2) throw new InputException("--layers: expected 1 and/or 2, got " + layers);
    List<String> chosen = runs != null ? runs : IwaeTable1.RUNS;
    for (String r : chosen) if (!IwaeTable1.RUNS.contains(r)) throw new InputException("--runs: expected some of " + IwaeTable1.RUNS + ", got '" + r + "'");
    if (k < 1 || k > Objective.MAX_SAMPLES) throw new InputException("--k: expected 1 to " + Objective.MAX_SAMPLES + ", got " + k);
    List<Cell> cells = new ArrayList<>();
    for (int l : layers) for (String r : chosen) cells.add(new Cell(l, r));
    return cells;
  }

  /** The command line that makes the table, as its heading shows it. */
  public String command(String program) {
    return String.format("%s iwae-table1 --stages %d --layers %s%s --k %d%s", program, stages,
        String.join(",", layers.stream().map(String::valueOf).toList()), runs != null ? " --runs " + String.join(",", runs) : "", k,
        n != null ? " --n " + n : "");
  }
}
