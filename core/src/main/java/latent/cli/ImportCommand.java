package latent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import latent.train.ModelFiles;
import latent.train.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latent import DIR --output RUN}: a run folder from a model folder (exported by latent, or written elsewhere). */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Import a model folder (e.g. weights trained in PyTorch) as a run.",
        "Reads DIR/config.json and DIR/model.safetensors (torch.nn.Linear layout), so that eval, encode, score",
        "and export work on weights trained elsewhere. See docs/MODEL_FILES.md."})
public final class ImportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "model folder") Path dir;
  @Option(names = "--output", required = true, paramLabel = "RUN", description = "the run folder to create") Path output;
  @Option(names = "--data", paramLabel = "NAME", description = "dataset 'latent eval' scores the run on: mnist or fashion-mnist (default: the config's, else mnist)") String data;

  @Override
  public Integer call() {
    if (data != null && !latent.data.DataSources.NAMES.contains(data)) {
      throw new latent.InputException("--data: expected one of " + latent.data.DataSources.NAMES + ", got '" + data + "'");
    }
    RunFolder f = ModelFiles.importRun(dir, output, data);
    spec.commandLine().getOut().printf("imported %s into the run folder %s%n", dir, f.dir);
    return 0;
  }
}
