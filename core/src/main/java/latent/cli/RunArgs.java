package latent.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The run folder a command reads, and where its data are when they are not where the run found them. */
final class RunArgs {
  @Parameters(paramLabel = "RUN", description = "run folder written by 'latent train'") Path run;
  @Option(names = "--data-dir", paramLabel = "DIR", description = "folder with the IDX files (default: the run's)") Path dataDir;

  /** The run's config and model ({@code modelRequired}: a run with no model yet is bad input). */
  RunInputs open(boolean modelRequired) {
    return RunInputs.open(run, modelRequired);
  }
}
