package latent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import latent.report.FigureSettings;
import latent.report.RunFigures;
import latent.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code latent report RUN}: (re)builds the run's figures and its self-contained report.html. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write every figure of a run to RUN/figures and a self-contained RUN/report.html (configuration,",
        "metrics, figures embedded). Works on a run that is still training: it reads what is there."})
public final class ReportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin RunArgs args = new RunArgs();

  @Override
  public Integer call() {
    RunInputs in = args.open(false);
    var test = in.vae() == null ? null : in.test(args.dataDir);
    Path file = RunReport.write(in.folder(), in.vae(), test, FigureSettings.DEFAULTS);
    spec.commandLine().getOut().printf("written: %s (figures in %s)%n", file, in.folder().dir.resolve(RunFigures.FOLDER));
    return 0;
  }
}
