package latent.cli;

import java.nio.file.Path;
import java.util.Set;
import latent.InputException;
import latent.data.TrainTest;
import latent.tensor.Gemm;
import latent.train.CheckpointPolicy;
import latent.train.JitWarmup;
import latent.train.Progress;
import latent.train.RunConfig;
import latent.train.RunFolder;
import latent.train.Trainer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code latent train --resume RUN}: continues a run from its newest good checkpoint with the
 * settings in its {@code config.json} (the thread count included, so the result is the
 * uninterrupted run's bit for bit). Only the checkpoint cadence may be given again.
 */
final class Resume {
  /** Flags that may accompany --resume: they do not change what is computed. */
  private static final Set<String> ALLOWED = Set.of("--resume", "--checkpoint-every", "--checkpoint-minutes", "--data-dir");

  private Resume() {}

  static int run(CommandSpec spec, Path run, Path dataDir, CheckpointPolicy policy) {
    for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
      if (!ALLOWED.contains(o.longestName())) {
        throw new InputException(o.longestName() + ": a resumed run keeps the settings in " + run.resolve(RunFolder.CONFIG)
            + "; drop the flag, or start a new run without --resume");
      }
    }
    RunInputs inputs = RunInputs.open(run, false);
    RunConfig cfg = inputs.config();
    Gemm.use(Gemm.named(cfg.training().runtime().gemm()));
    TrainTest sets;
    try (JitWarmup warmup = JitWarmup.start(cfg)) {   // compiles the step's code while the data load
      sets = inputs.data(dataDir);
    }
    Trainer.Result r = Trainer.train(cfg, sets, run, Progress.forStderr(SettingFlags::flag), policy, true);
    TrainCommand.finish(spec.commandLine().getOut(), r);
    return 0;
  }
}
