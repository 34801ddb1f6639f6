package latent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import latent.report.Figure;
import latent.report.FigureSettings;
import latent.report.LatentScatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latent latents RUN}: encoder means of test images coloured by label, as a PNG. */
@Command(name = "latents", mixinStandardHelpOptions = true,
    description = "Plot the encoder means of test images, coloured by label (PCA to 2-D above two latent dimensions).")
public final class LatentsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin RunArgs args = new RunArgs();
  @Option(names = "--n", paramLabel = "N", description = "the first N test images (default ${DEFAULT-VALUE})") int n = FigureSettings.DEFAULTS.scatterPoints();
  @Option(names = "--out", paramLabel = "FILE", description = "PNG to write (default RUN/figures/latents.png)") Path out;

  @Override
  public Integer call() {
    Figures.range("--n", n, 1, 1_000_000);
    RunInputs in = args.open(true);
    Figure f = LatentScatter.render(in.vae(), in.test(args.dataDir), n);
    return Figures.save(spec, f, in.figureFile(out, f));
  }
}
