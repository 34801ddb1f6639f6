package latent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import latent.train.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latent export RUN --output DIR}: the model as safetensors (PyTorch layout) beside a JSON config. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Export a run's model as safetensors (PyTorch's layout) and JSON.",
        "Writes DIR/model.safetensors (torch.nn.Linear layout: weights [out, in], biases [out]) and DIR/config.json.",
        "See docs/MODEL_FILES.md."})
public final class ExportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "RUN", description = "run folder") Path run;
  @Option(names = "--output", required = true, paramLabel = "DIR", description = "a new or empty folder") Path output;

  @Override
  public Integer call() {
    ModelFiles.export(run, output);
    spec.commandLine().getOut().printf("exported %s to %s (%s, %s)%n", run, output, ModelFiles.WEIGHTS, ModelFiles.CONFIG);
    return 0;
  }
}
