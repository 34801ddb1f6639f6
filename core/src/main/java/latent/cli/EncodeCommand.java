package latent.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import latent.InputException;
import latent.data.CsvMatrix;
import latent.data.FileData;
import latent.data.Npy;
import latent.io.AtomicFiles;
import latent.model.Encodings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latent encode RUN --input FILE --output FILE.npy|.csv}: posterior means and log-variances per example. */
@Command(name = "encode", mixinStandardHelpOptions = true,
    description = {"Encode examples: posterior means and log-variances of q(z|x).",
        "One row per example: the Nz means, then the Nz log-variances (.npy float32 [n, 2·Nz], or .csv with a header)."})
public final class EncodeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "RUN", description = "run folder") Path run;
  @Option(names = "--input", required = true, paramLabel = "FILE", description = "examples, .npy or .csv, one row per example, or an IDX image file (read as byte / 255)") Path input;
  @Option(names = "--output", required = true, paramLabel = "FILE", description = "FILE.npy or FILE.csv") Path output;
  @Option(names = "--scale", paramLabel = "RULE", description = "for runs trained on IDX data: none (default) or bytes; runs trained on files use their recorded scaling") String scale;

  @Override
  public Integer call() {
    if (!FileData.isFile(output.toString())) throw new InputException("--output: expected a file ending in .npy or .csv, got " + output);
    String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
    RunInput in = RunInput.load(run, input, scale, false);
    Encodings e = Encodings.of(in.vae(), in.data());
    AtomicFiles.write(output, out -> {
      if (name.endsWith(".npy")) Npy.write(out, e.asMatrix());
      else CsvMatrix.write(out, e.columns(), e.asMatrix());
    });
    spec.commandLine().getOut().printf("encoded %,d examples: %d means and %d log-variances each, written to %s%n",
        in.data().size(), e.loc().cols, e.loc().cols, output);
    return 0;
  }
}
