package latent.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import latent.data.Dataset;
import latent.tensor.Gemm;
import latent.tensor.GemmBackend;
import latent.tensor.JavaGemm;
import latent.tensor.OpenBlasGemm;
import latent.tensor.Parallel;

/**
 * The benchmark behind {@code latent bench}: the GEMM peak of a 2048³ product, and the training
 * step of each reference architecture reported as a fraction of that peak. The peak is the best
 * of several measurements (what the machine can do: noise only ever adds time); the step is the
 * median of its timed windows (what a run sees), with the 10th and 90th percentiles beside it.
 */
public final class Bench {
  private Bench() {}

  /** The peaks, each architecture's step alone, and the same step with the training loop's own work ({@link StepBench#run(double, latent.data.Dataset)}). */
  public record Report(double javaPeak, double openBlasPeak, List<StepBench.Result> steps, List<StepBench.Result> loops) {}

  public static Report run(double secondsPerStep, PrintStream out) {
    out.printf("latent bench: %d threads, GEMM backend for training steps: %s%n", Parallel.threads(), Gemm.backend().name());
    GemmBackend used = Gemm.backend();
    // The peak is measured again before each architecture and once after the last, and the
    // fastest of these is the reference: a slow moment on a shared machine can then lower a
    // ratio but never raise it. The backend under test comes first; OpenBLAS's threads keep
    // spinning after a call, so its reference peak is measured last.
    double peak = GemmPeak.measure(used, 2048, 5);
    List<StepBench.Result> results = new ArrayList<>(), loops = new ArrayList<>();
    var images = Dataset.greyImages(StepBench.IMAGES, 784, 2);   // MNIST's count and size
    for (StepBench b : StepBench.references()) {
      List<StepBench.Result> both = b.run(secondsPerStep, images);
      results.add(both.get(0));
      loops.add(both.get(1));
      peak = Math.max(peak, GemmPeak.measure(used, 2048, 5));
    }
    out.printf("GEMM peak, 2048³, %-9s %7.1f GFLOP/s (best of %d measurements between the steps)%n", used.name() + ":", peak,
        results.size() + 1);
    out.printf("%-50s %9s %13s %9s %9s %8s%n", "training step (forward, backward, optimizer), median", "ms/step", "(p10-p90)",
        "images/s", "GFLOP/s", "of peak");
    for (StepBench.Result r : results) {
      out.printf("%-50s %9.2f %13s %9.0f %9.1f %7.0f%%%n", r.bench().name(), r.msPerStep(), String.format("(%.2f-%.2f)", r.p10(), r.p90()),
          r.imagesPerSecond(), r.gflops(), 100 * r.gflops() / peak);
    }
    out.printf("%-50s %9s %13s %9s %9s%n", "in the training loop (batch drawn, checked), median", "ms/step", "(p10-p90)",
        "images/s", "of step");
    for (int i = 0; i < loops.size(); i++) {
      StepBench.Result r = loops.get(i);
      out.printf("%-50s %9.2f %13s %9.0f %8.0f%%%n", r.bench().name(), r.msPerStep(), String.format("(%.2f-%.2f)", r.p10(), r.p90()),
          r.imagesPerSecond(), 100 * results.get(i).msPerStep() / r.msPerStep());
    }
    double javaPeak = used instanceof JavaGemm ? peak : GemmPeak.measure(new JavaGemm(), 2048, 5);
    double blasPeak = used.name().equals("openblas") ? peak : OpenBlasGemm.load().map(g -> GemmPeak.measure(g, 2048, 5)).orElse(Double.NaN);
    if (!used.name().equals("openblas") && !Double.isNaN(blasPeak)) {
      out.printf("reference: GEMM peak, 2048³, openblas: %7.1f GFLOP/s (java kernel at %.0f%% of it)%n", blasPeak, 100 * javaPeak / blasPeak);
    }
    return new Report(javaPeak, blasPeak, results, loops);
  }
}
