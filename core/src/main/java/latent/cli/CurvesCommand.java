package latent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import latent.InputException;
import latent.report.Figure;
import latent.report.LearningCurves;
import latent.report.RunFigures;
import latent.train.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latent curves RUN}: the learning curves of metrics.csv, as a PNG. */
@Command(name = "curves", mixinStandardHelpOptions = true,
    description = "Plot the train bound and the test ELBO against training images seen (log-scale x) from metrics.csv.")
public final class CurvesCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "RUN", description = "run folder written by 'latent train'") Path run;
  @Option(names = "--out", paramLabel = "FILE", description = "PNG to write (default RUN/figures/learning-curves.png)") Path out;

  @Override
  public Integer call() {
    RunFolder folder = RunFolder.open(run);   // the curves need metrics.csv alone, not the model
    Figure f = LearningCurves.render(folder.metrics())
        .orElseThrow(() -> new InputException(run + ": metrics.csv has no epoch yet"));
    return Figures.save(spec, f, out != null ? out : RunFigures.file(folder.dir, f));
  }
}
