package latent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import latent.InputException;
import latent.data.DataSources;
import latent.data.FileData;
import latent.data.TrainTest;
import latent.eval.TestElbo;
import latent.train.CheckpointPolicy;
import latent.train.Progress;
import latent.train.RunFolder;
import latent.train.Trainer;
import latent.train.TrainingConfig;
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
    RunFolder folder = RunFolder.open(run);
    TrainingConfig.Run cfg = folder.config();
    TrainingConfig t = cfg.training();
    GemmChoice.apply(t.gemm());
    Path dir = dataDir != null ? dataDir : t.dataDir() == null ? null : Path.of(t.dataDir());
    TrainTest sets = FileData.recordedIn(run) ? FileData.read(run).load()
        : DataSources.load(t.dataset(), dir, msg -> System.err.println("latent: " + msg));
    if (sets.train().dim() != cfg.model().inputSize()) {
      throw new InputException(run + ": the model expects " + cfg.model().inputSize() + " values per image, the data has " + sets.train().dim());
    }
    Trainer.Result r = Trainer.train(cfg, sets, run, Progress.forStderr(), policy, true);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("test ELBO: %.2f nats per image (%,d test images, %s, L=1)%n", r.testElbo(), sets.test().size(), TestElbo.estimator(r.model()));
    out.printf("trained on %,d images in %.1f s (%,.0f images/s)%n", r.images(), r.seconds(), r.images() / r.seconds());
    out.printf("run folder: %s%n", r.folder().dir.toAbsolutePath().normalize());
    return 0;
  }
}
