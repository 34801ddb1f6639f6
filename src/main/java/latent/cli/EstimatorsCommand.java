package latent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import latent.InputException;
import latent.data.Dataset;
import latent.data.TrainTest;
import latent.eval.GradientStatistics;
import latent.eval.ScoreFunctionToy;
import latent.io.AtomicFiles;
import latent.objective.Baseline;
import latent.objective.GradientEstimator;
import latent.objective.Objective;
import latent.objective.SgvbEstimator;
import latent.report.EstimatorCharts;
import latent.report.Figure;
import latent.train.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code latent estimators toy|measure}: how noisy the gradient estimators are, on the seeds' toy problem and on a trained model. */
@Command(name = "estimators", mixinStandardHelpOptions = true,
    description = "Compare gradient estimators: the seeds' toy problem, or their variance and SNR on a trained model.",
    subcommands = {EstimatorsCommand.Toy.class, EstimatorsCommand.Measure.class})
public final class EstimatorsCommand implements Runnable {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The toy problem q = N(θ, 1), f(x) = x²: each estimator's mean and variance beside the exact values. */
  @Command(name = "toy", mixinStandardHelpOptions = true,
      description = {"q = N(θ, 1), f(x) = x²: the mean and variance of the score-function and pathwise estimators",
          "of d/dθ E[f] = 2θ over N draws, beside the exact values (θ⁴ + 14θ² + 15, 8θ² + 10 with b = E f, and 4)."})
  static final class Toy implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--thetas", split = ",", paramLabel = "θ", description = "values of θ (default 0,0.5,1,1.5,2,3)") List<Double> thetas;
    @Option(names = "--draws", paramLabel = "N", description = "draws per estimator and θ (default ${DEFAULT-VALUE})") long draws = 100_000;
    @Option(names = "--seed", description = "noise seed (default ${DEFAULT-VALUE})") long seed = 1;
    @Option(names = "--output", paramLabel = "FILE", description = "also write the table as CSV") Path output;
    @Option(names = "--plot", paramLabel = "FILE", description = "PNG of variance against θ (default ${DEFAULT-VALUE})") Path plot = Path.of("estimators-toy.png");

    @Override
    public Integer call() {
      if (draws < 2) throw new InputException("--draws: expected at least 2, got " + draws);
      double[] t = (thetas != null ? thetas : List.of(0.0, 0.5, 1.0, 1.5, 2.0, 3.0)).stream().mapToDouble(Double::doubleValue).toArray();
      PrintWriter out = spec.commandLine().getOut();
      StringBuilder csv = new StringBuilder("theta,estimator,draws,mean,exact_mean,standard_error,variance,exact_variance\n");
      out.printf("%6s  %-26s %10s %8s %9s %12s %12s %7s%n", "θ", "estimator", "mean", "2θ", "(±s.e.)", "variance", "exact", "ratio");
      List<ScoreFunctionToy.Row> rows = ScoreFunctionToy.run(t, draws, seed);
      for (ScoreFunctionToy.Row r : rows) {
        out.printf("%6.2f  %-26s %10.4f %8.4f %9.4f %12.3f %12.3f %7.3f%n", r.theta(), r.estimator().label, r.mean(), r.exactMean(),
            r.standardError(), r.variance(), r.exactVariance(), r.variance() / r.exactVariance());
        csv.append(String.format(Locale.ROOT, "%s,%s,%d,%.6f,%.6f,%.6f,%.6f,%.6f%n", r.theta(), r.estimator().name().toLowerCase(Locale.ROOT),
            r.draws(), r.mean(), r.exactMean(), r.standardError(), r.variance(), r.exactVariance()));
      }
      if (output != null) {
        AtomicFiles.writeString(output, csv.toString());
        System.err.println("latent: written " + output);
      }
      return Figures.save(spec, EstimatorCharts.toy(rows), plot);
    }
  }

  /** Variance and SNR of each estimator's gradient on a trained model, per parameter group. */
  @Command(name = "measure", mixinStandardHelpOptions = true,
      description = {"Variance and signal-to-noise ratio of each estimator's gradient on a trained model, per parameter",
          "group, over many draws on test images; written to the run folder as estimators.csv."})
  static final class Measure implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "RUN", description = "run folder written by 'latent train'") Path run;
    @Option(names = "--n", paramLabel = "N", description = "test images (default ${DEFAULT-VALUE})") int n = 20;
    @Option(names = "--draws", paramLabel = "D", description = "gradient draws per image (default ${DEFAULT-VALUE})") int draws = 100;
    @Option(names = "--samples", paramLabel = "L", description = "samples per ELBO estimate (default ${DEFAULT-VALUE})") int samples = 10;
    @Option(names = "--ks", split = ",", paramLabel = "K", description = "k of the IWAE and DReG settings (default 1,5,50)") List<Integer> ks;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "folder with the IDX files (default: the run's)") Path dataDir;
    @Option(names = "--seed", description = "seed (default ${DEFAULT-VALUE})") long seed = 1;

    @Override
    public Integer call() {
      if (n < 1) throw new InputException("--n: expected a positive integer, got " + n);
      if (draws < 2) throw new InputException("--draws: expected at least 2, got " + draws);
      if (samples < 2) throw new InputException("--samples: expected at least 2 (the leave-one-out baseline needs two), got " + samples);
      List<Integer> kList = ks != null ? ks : List.of(1, 5, 50);
      for (int k : kList) if (k < 1) throw new InputException("--ks: expected positive integers, got " + kList);
      RunInputs inputs = RunInputs.open(run, true);
      if (inputs.vae().config.twoStochasticLayers()) throw new InputException(run + ": estimators measure needs a model with one stochastic layer");
      List<Objective> settings = settings(samples, kList);
      TrainTest data = inputs.data(dataDir);
      Dataset test = inputs.test(data);
      Dataset images = test.slice(0, Math.min(n, test.size()));
      Progress progress = Progress.forStderr();
      int total = settings.size() * images.size();
      List<GradientStatistics.Row> rows = GradientStatistics.measure(inputs.vae(), images, data.train(), settings, draws, seed,
          done -> progress.update("gradients", done, total));
      progress.finishLine();
      PrintWriter out = spec.commandLine().getOut();
      StringBuilder csv = new StringBuilder("objective,sgvb_form,samples,estimator,group,median_variance,median_ratio_to_pathwise,mean_snr\n");
      out.printf("%-8s %4s  %-32s %-8s %14s %12s %9s%n", "bound", "L/k", "estimator", "group", "variance", "÷ pathwise", "SNR");
      for (GradientStatistics.Row r : rows) {
        Objective o = r.objective();
        String bound = o.kind() == Objective.Kind.IWAE ? "IWAE" : "ELBO (" + o.estimator() + ")";
        out.printf("%-8s %4d  %-32s %-8s %14.4g %12.4g %9.4f%n", bound, o.samples(), o.gradient().flag(), r.group(), r.medianVariance(),
            r.medianRatioToPathwise(), r.meanSnr());
        csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%.6g,%.6g,%.6g%n", o.kind().name().toLowerCase(Locale.ROOT),
            o.kind() == Objective.Kind.IWAE ? "" : o.estimator(), o.samples(), o.gradient().flag(), r.group(), r.medianVariance(),
            r.medianRatioToPathwise(), r.meanSnr()));
      }
      Path file = inputs.folder().dir.resolve("estimators.csv");
      AtomicFiles.writeString(file, csv.toString());
      out.printf("(%d test images, %d draws each; variance: median over images of the summed per-element variance; SNR: mean |ḡ|/s)%n",
          images.size(), draws);
      System.err.println("latent: written " + file);
      Figure snr = EstimatorCharts.snrAgainstK(rows);
      return Figures.save(spec, snr, inputs.figureFile(null, snr));
    }

    /**
     * The ELBO with L samples under every estimator (SGVB form B; STL and its pathwise reference
     * in form A, whose log q it changes), then L_k with the IWAE and DReG gradients for each k.
     */
    static List<Objective> settings(int samples, List<Integer> ks) {
      List<Objective> s = new ArrayList<>();
      s.add(new Objective(Objective.Kind.ELBO, samples, SgvbEstimator.B, GradientEstimator.PATHWISE));
      for (Baseline b : Baseline.values()) s.add(new Objective(Objective.Kind.ELBO, samples, SgvbEstimator.B, new GradientEstimator.ScoreFunction(b)));
      s.add(new Objective(Objective.Kind.ELBO, samples, SgvbEstimator.A, GradientEstimator.PATHWISE));   // STL's reference
      s.add(new Objective(Objective.Kind.ELBO, samples, SgvbEstimator.A, new GradientEstimator.StickingTheLanding()));
      for (int k : ks) {
        s.add(new Objective(Objective.Kind.IWAE, k, SgvbEstimator.B, GradientEstimator.PATHWISE));
        s.add(new Objective(Objective.Kind.IWAE, k, SgvbEstimator.B, new GradientEstimator.Dreg()));
      }
      return s;
    }
  }
}
