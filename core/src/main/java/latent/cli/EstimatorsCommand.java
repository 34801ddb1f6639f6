package latent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import latent.InputException;
import latent.data.Dataset;
import latent.data.TrainTest;
import latent.eval.GradientStatistics;
import latent.eval.ScoreFunctionToy;
import latent.io.AtomicFiles;
import latent.objective.Objective;
import latent.report.EstimatorCharts;
import latent.report.EstimatorTables;
import latent.report.Figure;
import latent.train.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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
      List<ScoreFunctionToy.Row> rows = ScoreFunctionToy.run(t, draws, seed);
      spec.commandLine().getOut().print(EstimatorTables.toy(rows));
      if (output != null) {
        AtomicFiles.writeString(output, EstimatorTables.toyCsv(rows));
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
    @picocli.CommandLine.Mixin RunArgs args = new RunArgs();
    @Option(names = "--n", paramLabel = "N", description = "test images (default ${DEFAULT-VALUE})") int n = 20;
    @Option(names = "--draws", paramLabel = "D", description = "gradient draws per image (default ${DEFAULT-VALUE})") int draws = 100;
    @Option(names = "--samples", paramLabel = "L", description = "samples per ELBO estimate (default ${DEFAULT-VALUE})") int samples = 10;
    @Option(names = "--ks", split = ",", paramLabel = "K", description = "k of the IWAE and DReG settings (default 1,5,50)") List<Integer> ks;
    @Option(names = "--seed", description = "seed (default ${DEFAULT-VALUE})") long seed = 1;

    @Override
    public Integer call() {
      if (n < 1) throw new InputException("--n: expected a positive integer, got " + n);
      if (draws < 2) throw new InputException("--draws: expected at least 2, got " + draws);
      if (samples < 2) throw new InputException("--samples: expected at least 2 (the leave-one-out baseline needs two), got " + samples);
      List<Integer> kList = ks != null ? ks : List.of(1, 5, 50);
      for (int k : kList) if (k < 1) throw new InputException("--ks: expected positive integers, got " + kList);
      RunInputs inputs = args.open(true);
      if (inputs.vae().config.twoStochasticLayers()) throw new InputException(args.run + ": estimators measure needs a model with one stochastic layer");
      List<Objective> settings = GradientStatistics.settings(samples, kList);
      TrainTest data = inputs.data(args.dataDir);
      Dataset test = inputs.test(data);
      Dataset images = test.slice(0, Math.min(n, test.size()));
      Progress progress = Progress.forStderr();
      int total = settings.size() * images.size();
      List<GradientStatistics.Row> rows = GradientStatistics.measure(inputs.vae(), images, data.train(), settings, draws, seed,
          done -> progress.update("gradients", done, total));
      progress.finishLine();
      PrintWriter out = spec.commandLine().getOut();
      out.print(EstimatorTables.measured(rows));
      Path file = inputs.folder().dir.resolve("estimators.csv");
      AtomicFiles.writeString(file, EstimatorTables.measuredCsv(rows));
      out.printf("(%d test images, %d draws each; variance: median over images of the summed per-element variance; SNR: mean |ḡ|/s)%n",
          images.size(), draws);
      System.err.println("latent: written " + file);
      Figure snr = EstimatorCharts.snrAgainstK(rows);
      return Figures.save(spec, snr, inputs.figureFile(null, snr));
    }
  }
}
