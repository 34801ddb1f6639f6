package latent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import latent.report.Figure;
import latent.report.FigureSettings;
import latent.report.ImageShape;
import latent.report.Reconstructions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latent reconstruct RUN}: test images beside their reconstructions, as a PNG. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
    description = "Write the first test images and, below each, its reconstruction E[x | z = μ(x)] as a PNG grid.")
public final class ReconstructCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin RunArgs args = new RunArgs();
  @Option(names = "--columns", paramLabel = "N", description = "images per row (default ${DEFAULT-VALUE})") int columns = FigureSettings.DEFAULTS.reconstructionColumns();
  @Option(names = "--rows", paramLabel = "N", description = "rows of test images, each with a row of reconstructions (default ${DEFAULT-VALUE})") int rows = FigureSettings.DEFAULTS.reconstructionPairs();
  @Option(names = "--out", paramLabel = "FILE", description = "PNG to write (default RUN/figures/reconstructions.png)") Path out;

  @Override
  public Integer call() {
    Figures.range("--columns", columns, 1, 100);
    Figures.range("--rows", rows, 1, 100);
    RunInputs in = args.open(true);
    Figure f = Reconstructions.render(in.vae(), in.test(args.dataDir), ImageShape.of(in.config().model().inputSize()), columns, rows);
    return Figures.save(spec, f, in.figureFile(out, f));
  }
}
