package latent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import latent.random.Xoshiro256;
import latent.report.Figure;
import latent.report.FigureSettings;
import latent.report.ImageShape;
import latent.report.SampleGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latent sample RUN}: a grid of decoder means for z drawn from the prior, as a PNG. */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = "Draw z from the prior N(0, I) and write the decoder means E[x|z] as a PNG grid.")
public final class SampleCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "RUN", description = "run folder written by 'latent train'") Path run;
  @Option(names = "--side", paramLabel = "N", description = "an N×N grid (default ${DEFAULT-VALUE})") int side = FigureSettings.DEFAULTS.sampleSide();
  @Option(names = "--seed", paramLabel = "S", description = "seed of the draws (default ${DEFAULT-VALUE})") long seed = FigureSettings.DEFAULTS.seed();
  @Option(names = "--out", paramLabel = "FILE", description = "PNG to write (default RUN/figures/samples.png)") Path out;

  @Override
  public Integer call() {
    Figures.range("--side", side, 1, 100);
    RunInputs in = RunInputs.open(run, true);
    Figure f = SampleGrid.render(in.vae(), ImageShape.of(in.config().model().inputSize()), side, new Xoshiro256(seed));
    return Figures.save(spec, f, in.figureFile(out, f));
  }
}
