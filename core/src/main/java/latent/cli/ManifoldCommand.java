package latent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import latent.report.Figure;
import latent.report.FigureSettings;
import latent.report.ImageShape;
import latent.report.Manifold;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latent manifold RUN}: the learned manifold of AEVB's Figure 4, as a PNG. */
@Command(name = "manifold", mixinStandardHelpOptions = true,
    description = {"Write the decoder means over a grid of z = Φ⁻¹(u), u evenly spaced in (0, 1)² (AEVB, Figure 4).",
        "With more than two latent dimensions the grid spans the two directions of highest posterior-mean variance."})
public final class ManifoldCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin RunArgs args = new RunArgs();
  @Option(names = "--steps", paramLabel = "N", description = "an N×N grid (default ${DEFAULT-VALUE})") int steps = FigureSettings.DEFAULTS.manifoldSteps();
  @Option(names = "--out", paramLabel = "FILE", description = "PNG to write (default RUN/figures/manifold.png)") Path out;

  @Override
  public Integer call() {
    Figures.range("--steps", steps, 2, 100);
    RunInputs in = args.open(true);
    var test = in.config().model().latentSize() > 2 ? in.test(args.dataDir) : null;
    Figure f = Manifold.render(in.vae(), test, ImageShape.of(in.config().model().inputSize()), steps);
    return Figures.save(spec, f, in.figureFile(out, f));
  }
}
