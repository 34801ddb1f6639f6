package latent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import latent.data.DataSources;
import latent.data.Dataset;
import latent.data.TrainTest;
import latent.eval.TestElbo;
import latent.model.Vae;
import latent.random.Xoshiro256;
import latent.tensor.Parallel;
import latent.train.Checkpoint;
import latent.train.RunFolder;
import latent.train.Trainer;
import latent.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latent eval RUN}: recomputes the test ELBO of a saved run. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Recompute the test ELBO of a saved run.")
public final class EvalCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "RUN", description = "run folder written by 'latent train'") Path run;
  @Option(names = "--data-dir", paramLabel = "DIR", description = "folder with the IDX files (default: the run's)") Path dataDir;
  @Option(names = "--samples", paramLabel = "L", description = "samples of z per image (default ${DEFAULT-VALUE})") int samples = 1;
  @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)") int threads = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() {
    if (samples < 1) throw new latent.InputException("--samples: expected a positive integer, got " + samples);
    Parallel.setThreads(threads);
    RunFolder folder = RunFolder.open(run);
    TrainingConfig.Run cfg = folder.config();
    Vae vae = new Vae(cfg.model(), new Xoshiro256(0));
    Checkpoint.load(folder.model(), vae.parameters());
    TrainingConfig t = cfg.training();
    Path dir = dataDir != null ? dataDir : t.dataDir() == null ? null : Path.of(t.dataDir());
    TrainTest sets = DataSources.load(t.dataset(), dir, msg -> System.err.println("latent: " + msg));
    Dataset test = Trainer.testSet(t, cfg.model().decoder(), sets.test());
    double elbo = TestElbo.evaluate(vae, test, samples, t.testSeed());
    spec.commandLine().getOut().printf("test ELBO: %.2f nats per image (%,d test images, estimator B, L=%d)%n", elbo, test.size(), samples);
    return 0;
  }
}
