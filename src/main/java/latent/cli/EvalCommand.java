package latent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import latent.InputException;
import latent.data.Dataset;
import latent.eval.ActiveUnits;
import latent.eval.LogLikelihood;
import latent.io.AtomicFiles;
import latent.model.Vae;
import latent.objective.Objective;
import latent.objective.TestElbo;
import latent.tensor.Gemm;
import latent.tensor.Parallel;
import latent.train.Progress;
import latent.train.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
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

  @Parameters(paramLabel = "RUN", description = "run folder written by 'latent train'") Path run;
  @Option(names = "--k", paramLabel = "K", description = "importance samples for the log-likelihood estimate L_K (default ${DEFAULT-VALUE}: ELBO only)") int k = 1;
  @Option(names = "--ks", split = ",", paramLabel = "K", description = "also report L_k for these k (default 1,5,50 up to K)") List<Integer> ks;
  @Option(names = "--n", paramLabel = "N", description = "evaluate the first N test images (default: all)") Integer n;
  @Option(names = "--data-dir", paramLabel = "DIR", description = "folder with the IDX files (default: the run's)") Path dataDir;
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
    RunInputs inputs = RunInputs.open(run, true);
    RunFolder folder = inputs.folder();
    Vae vae = inputs.vae();
    long testSeed = inputs.config().training().data().testSeed();
    Dataset test = inputs.test(dataDir);
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
    int[] kList = all.stream().mapToInt(Integer::intValue).toArray();
    Progress progress = Progress.forStderr();
    long start = System.nanoTime();
    int total = test.size();
    LogLikelihood.Result r = LogLikelihood.evaluate(vae, test, kList, testSeed, done -> progress.update("L_" + k, done, total));
    double seconds = (System.nanoTime() - start) / 1e9;
    progress.finishLine();
    // after L_k, not before: the same code then runs compiled, where first it ran in the interpreter for a second
    double elbo = printTestElbo(out, vae, test, testSeed);
    double[] means = r.meanBounds();
    double[] activity = ActiveUnits.activity(r.loc());
    double[] kl = ActiveUnits.klPerDimension(r.loc(), r.logVar());
    out.printf("%8s %12s%n", "k", "L_k (nats)");
    for (int i = 0; i < kList.length; i++) out.printf("%8d %12.2f%n", kList[i], means[i]);
    out.printf("log p(x) ≈ L_%d = %.2f nats (test NLL %.2f), %,d images in %.1f s%n", k, means[means.length - 1], -means[means.length - 1],
        total, seconds);
    out.printf("active units: %d of %d (A_u = Var_x E_q[u] > %.2f); KL per dimension: total %.2f nats%n",
        ActiveUnits.count(activity), activity.length, ActiveUnits.THRESHOLD, java.util.Arrays.stream(kl).sum());
    double[] activity2 = null;
    if (vae.encoder2 != null) {
      activity2 = ActiveUnits.secondLayerActivity(vae, r.loc());
      out.printf("active units of h2: %d of %d (E_q[h2|x] taken at h1 = E_q[h1|x])%n", ActiveUnits.count(activity2), activity2.length);
    }

    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("images", total);
    root.put("testElbo", elbo);
    ObjectNode bounds = root.putObject("bounds");
    for (int i = 0; i < kList.length; i++) bounds.put("L_" + kList[i], means[i]);
    root.put("logLikelihood", means[means.length - 1]);
    root.put("activeUnits", ActiveUnits.count(activity));
    var act = root.putArray("activity");
    for (double a : activity) act.add(a);
    var klNode = root.putArray("klPerDimension");
    for (double v : kl) klNode.add(v);
    if (activity2 != null) {
      root.put("activeUnits2", ActiveUnits.count(activity2));
      var act2 = root.putArray("activity2");
      for (double a : activity2) act2.add(a);
    }
    root.put("seconds", seconds);
    Path file = folder.dir.resolve("eval.json");
    AtomicFiles.writeString(file, root.toPrettyString() + "\n");
    out.printf("written: %s%n", file);
    return 0;
  }

  private double printTestElbo(PrintWriter out, Vae vae, Dataset test, long testSeed) {
    double elbo = TestElbo.evaluate(vae, test, samples, testSeed);
    out.printf("test ELBO: %.2f nats per image (%,d test images, %s, L=%d)%n", elbo, test.size(), TestElbo.estimator(vae), samples);
    return elbo;
  }
}
