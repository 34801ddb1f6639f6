package latent.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import latent.InputException;
import latent.report.CompareCurves;
import latent.report.Figure;
import latent.train.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latent compare RUN...}: the test ELBO of several runs against training images seen, on one PNG. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Plot the test ELBO of several runs against training images seen (log-scale x), one curve per run.")
public final class CompareCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "RUN", arity = "1..*", description = "run folders written by 'latent train'") List<Path> runs;
  @Option(names = "--labels", split = ",", paramLabel = "NAME", description = "legend labels, one per run (default: the folder names)") List<String> labels;
  @Option(names = "--y-min", paramLabel = "NATS", description = "lower end of the y axis (default: the lowest point)") Double yMin;
  @Option(names = "--out", paramLabel = "FILE", description = "PNG to write (default ${DEFAULT-VALUE})") Path out = Path.of("compare.png");

  @Override
  public Integer call() {
    if (labels != null && labels.size() != runs.size()) {
      throw new InputException("--labels: " + labels.size() + " labels for " + runs.size() + " runs");
    }
    List<CompareCurves.Run> curves = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      var metrics = RunFolder.open(runs.get(i)).metrics();
      if (metrics.isEmpty()) throw new InputException(runs.get(i) + ": metrics.csv has no epoch yet");
      curves.add(new CompareCurves.Run(labels != null ? labels.get(i) : runs.get(i).toAbsolutePath().normalize().getFileName().toString(), metrics));
    }
    Figure f = CompareCurves.render(curves, yMin == null ? Double.NaN : yMin);
    return Figures.save(spec, f, out);
  }
}
