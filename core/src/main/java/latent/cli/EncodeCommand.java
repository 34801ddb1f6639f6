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
import latent.tensor.Tensor;
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
    boolean npy = output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    RunInput in = RunInput.load(run, input, scale, false);
    int nz = in.vae().config.latentSize();
    latent.train.Progress progress = latent.train.Progress.forStderr();
    // one block at a time into the temporary file, renamed into place when all are written
    AtomicFiles.write(output, out -> {
      if (npy) Npy.writeHeader(out, in.rows(), 2 * nz);
      else out.write((String.join(",", Encodings.columns(nz)) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      in.forEachBlock((from, rows) -> {
        Tensor m = Encodings.of(in.vae(), rows).asMatrix();
        if (npy) Npy.writeValues(out, m);
        else CsvMatrix.writeRows(out, m);
        progress.update("encoded", from + rows.size(), in.rows());
      });
    });
    progress.finishLine();
    spec.commandLine().getOut().printf("encoded %,d examples: %d means and %d log-variances each, written to %s%n", in.rows(), nz, nz, output);
    return 0;
  }
}
