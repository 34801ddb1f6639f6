package latent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code latent reproduce TABLE}: the papers' experiments as one command each. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
    description = {"Reproduce an experiment: iwae-table1 (Burda et al. 2015, Table 1), aevb-figure2 (Kingma & Welling 2014, Figure 2)",
        "or anomaly (the one-class protocol of Ruff et al. 2018)."},
    subcommands = {ReproduceIwaeCommand.class, ReproduceFigure2Command.class, ReproduceAnomalyCommand.class})
public final class ReproduceCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
