package latent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import latent.report.Figure;
import latent.report.FigureSettings;
import latent.report.ImageShape;
import latent.report.Manifold;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latent manifold RUN}: the learned manifold of AEVB's Figure 4, as a PNG. */
@Command(name = "manifold", mixinStandardHelpOptions = true,
    description = {"Write the decoder means over a grid of z = Φ⁻¹(u), u evenly spaced in (0, 1)² (AEVB, Figure 4).",
        "With more than two latent dimensions the grid spans the two directions of highest posterior-mean variance."})
public final class ManifoldCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "RUN", description = "run folder written by 'latent train'") Path run;
  @Option(names = "--steps", paramLabel = "N", description = "an N×N grid (default ${DEFAULT-VALUE})") int steps = FigureSettings.DEFAULTS.manifoldSteps();
  @Option(names = "--data-dir", paramLabel = "DIR", description = "folder with the IDX files, read when the latent size is above 2 (default: the run's)") Path dataDir;
  @Option(names = "--out", paramLabel = "FILE", description = "PNG to write (default RUN/figures/manifold.png)") Path out;

  @Override
  public Integer call() {
    Figures.range("--steps", steps, 2, 100);
    RunInputs in = RunInputs.open(run, true);
    var test = in.config().model().latentSize() > 2 ? in.test(dataDir) : null;
    Figure f = Manifold.render(in.vae(), test, ImageShape.of(in.config().model().inputSize()), steps);
    return Figures.save(spec, f, in.figureFile(out, f));
  }
}
