package latent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import latent.InputException;
import latent.data.Dataset;
import latent.eval.Evaluation;
import latent.io.AtomicFiles;
import latent.model.ActiveUnits;
import latent.model.Vae;
import latent.objective.Objective;
import latent.objective.TestElbo;
import latent.tensor.Gemm;
import latent.tensor.Parallel;
import latent.train.Progress;
import latent.train.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code latent eval RUN}: the test ELBO of a saved run and, with {@code --k}, the
 * importance-sampled bounds L_k up to the log-likelihood estimate L_5000, the KL per latent
 * dimension and the active units; the table is printed and written to {@code eval.json}.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Evaluate a saved run on the test set: the ELBO, and with --k the importance-sampled",
        "bounds L_k (log p(x) ≈ L_5000), KL per latent dimension and active units."})
public final class EvalCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin RunArgs args = new RunArgs();
  @Option(names = "--k", paramLabel = "K", description = "importance samples for the log-likelihood estimate L_K (default ${DEFAULT-VALUE}: ELBO only)") int k = 1;
  @Option(names = "--ks", split = ",", paramLabel = "K", description = "also report L_k for these k (default 1,5,50 up to K)") List<Integer> ks;
  @Option(names = "--n", paramLabel = "N", description = "evaluate the first N test images (default: all)") Integer n;
  @Option(names = "--samples", paramLabel = "L", description = "samples of z per image for the test ELBO (default ${DEFAULT-VALUE})") int samples = 1;
  @Option(names = "--gemm", paramLabel = "BACKEND", description = "java (default) or openblas") String gemm = "java";
  @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)") int threads = Parallel.CORES;

  @Override
  public Integer call() {
    if (samples < 1) throw new InputException("--samples: expected a positive integer, got " + samples);
    if (k < 1) throw new InputException("--k: expected a positive integer, got " + k);
    if (n != null && n < 1) throw new InputException("--n: expected a positive integer, got " + n);
        if (k > Objective.MAX_SAMPLES) throw new InputException("--k: expected at most " + Objective.MAX_SAMPLES + ", got " + k);
    Parallel.setThreads(threads);
    Gemm.use(Gemm.named(gemm));
    RunInputs inputs = args.open(true);
    RunFolder folder = inputs.folder();
    Vae vae = inputs.vae();
    long testSeed = inputs.config().training().data().testSeed();
    Dataset test = inputs.test(args.dataDir);
    if (n != null) test = test.slice(0, Math.min(n, test.size()));
    PrintWriter out = spec.commandLine().getOut();
    if (k == 1) {
      printTestElbo(out, vae, test, testSeed);
      return 0;
    }

    TreeSet<Integer> all = new TreeSet<>(ks != null ? ks : List.of(1, 5, 50));
    all.removeIf(v -> v > k || v < 1);
    all.add(1);
    all.add(k);
    Progress progress = Progress.forStderr();
    int total = test.size();
    Evaluation e = Evaluation.of(vae, test, all.stream().mapToInt(Integer::intValue).toArray(), samples, testSeed,
        done -> progress.update("L_" + k, done, total));
    progress.finishLine();
    out.printf("test ELBO: %.2f nats per image (%,d test images, %s, L=%d)%n", e.testElbo(), total, TestElbo.estimator(vae), samples);
    out.printf("%8s %12s%n", "k", "L_k (nats)");
    for (int i = 0; i < e.ks().length; i++) out.printf("%8d %12.2f%n", e.ks()[i], e.bounds()[i]);
    out.printf("log p(x) ≈ L_%d = %.2f nats (test NLL %.2f), %,d images in %.1f s%n", k, e.logLikelihood(), -e.logLikelihood(), total, e.seconds());
    out.printf("active units: %d of %d (A_u = Var_x E_q[u] > %.2f); KL per dimension: total %.2f nats; mutual information I_q(x; z) %.2f nats (first %,d images)%n",
        e.activeUnits(), e.activity().length, ActiveUnits.THRESHOLD, java.util.Arrays.stream(e.klPerDimension()).sum(), e.mutualInformation(),
        Math.min(latent.model.MutualInformation.EPOCH_POINTS, total));
    if (e.activity2() != null) {
      out.printf("active units of h2: %d of %d (E_q[h2|x] taken at h1 = E_q[h1|x])%n", e.activeUnits2(), e.activity2().length);
    }
    Path file = folder.dir.resolve("eval.json");
    AtomicFiles.writeString(file, e.toJson());
    out.printf("written: %s%n", file);
    return 0;
  }

  private double printTestElbo(PrintWriter out, Vae vae, Dataset test, long testSeed) {
    double elbo = TestElbo.evaluate(vae, test, samples, testSeed);
    out.printf("test ELBO: %.2f nats per image (%,d test images, %s, L=%d)%n", elbo, test.size(), TestElbo.estimator(vae), samples);
    return elbo;
  }
}
