package latent.cli;

import java.util.concurrent.Callable;
import latent.bench.Bench;
import latent.tensor.Gemm;
import latent.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code latent bench}: GEMM peak and training-step throughput, as ratios measured in one process. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the GEMM peak (2048³) and the training step of the reference architectures "
        + "(forward, backward, optimizer) as a fraction of it, and the same step as the training loop "
        + "takes it (a batch drawn and binarized, its gradients checked), in one process.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--seconds", paramLabel = "S", description = "timed seconds per architecture (default ${DEFAULT-VALUE})") double seconds = 5;
  @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)") int threads = Parallel.CORES;
  @Option(names = "--gemm", paramLabel = "BACKEND", description = "backend for the training steps: java (default) or openblas") String gemm = "java";

  @Override
  public Integer call() {
    if (!(seconds > 0)) throw new latent.InputException("--seconds: expected a positive number, got " + seconds);
    Parallel.setThreads(threads);
    Gemm.use(Gemm.named(gemm));
    Bench.run(seconds, System.out);
    return 0;
  }
}
