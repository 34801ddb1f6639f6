package latent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import latent.InputException;
import latent.data.Binarization;
import latent.data.DataSources;
import latent.data.FileData;
import latent.data.TrainTest;
import latent.eval.TestElbo;
import latent.model.DecoderType;
import latent.model.ModelConfig;
import latent.model.Vae;
import latent.nn.Init;
import latent.objective.Baseline;
import latent.objective.GradientEstimator;
import latent.objective.Objective;
import latent.objective.SgvbEstimator;
import latent.random.Xoshiro256;
import latent.optim.IwaeSchedule;
import latent.optim.OptimizerKind;
import latent.optim.Sgd;
import latent.tensor.Activation;
import latent.train.CheckpointPolicy;
import latent.train.Progress;
import latent.train.RunFolder;
import latent.train.Safeguards;
import latent.train.Trainer;
import latent.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latent train}: fits a VAE with AEVB and writes a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train a VAE with AEVB (SGVB estimator, minibatches) and write a run folder:",
        "config.json, metrics.csv, model.safetensors and, at the end, report.html with figures/. Flags override the preset's values."})
public final class TrainCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--preset", paramLabel = "NAME", description = "pytorch-example (default), aevb or iwae") String preset = "pytorch-example";
  @Option(names = "--data", paramLabel = "NAME", description = "mnist (default), fashion-mnist, or a file FILE.npy or FILE.csv (one row per example; see --test, --scale)") String data = "mnist";
  @picocli.CommandLine.Mixin FileDataOptions files = new FileDataOptions();
  @Option(names = "--data-dir", paramLabel = "DIR", description = "folder with the four IDX files (raw or .gz)") Path dataDir;
  @Option(names = "--binarization", paramLabel = "MODE", description = "dynamic, fixed (one seeded draw) or none (values in [0, 1]; default for gaussian); default: the preset's") String binarization;
  @Option(names = "--validation", paramLabel = "N", description = "hold out N training images for a validation ELBO (default ${DEFAULT-VALUE})") int validation = 0;
  @Option(names = "--hidden", split = ",", paramLabel = "W", description = "encoder hidden widths, e.g. 400 or 200,200") List<Integer> hidden;
  @Option(names = "--decoder-hidden", split = ",", paramLabel = "W", description = "decoder hidden widths (default: the encoder's, reversed)") List<Integer> decoderHidden;
  @Option(names = "--latent", paramLabel = "NZ", description = "latent size (1 to 1000)") Integer latent;
  @Option(names = "--latent2", paramLabel = "NZ2", description = "size of a second stochastic layer h2 (default 0: one layer); the IWAE paper's: --hidden 200,200 --latent 100 --hidden2 100,100 --latent2 50") int latent2 = 0;
  @Option(names = "--hidden2", split = ",", paramLabel = "W", description = "hidden widths of q(h2|h1) and, mirrored, p(h1|h2)") List<Integer> hidden2;
  @Option(names = "--activation", paramLabel = "F", description = "tanh, relu or softplus") String activation;
  @Option(names = "--decoder", paramLabel = "TYPE", description = "bernoulli (default) or gaussian") String decoder = "bernoulli";
  @Option(names = "--gaussian-variance", paramLabel = "KIND", description = "gaussian decoder's log-variance: head (default) or pixel") String gaussianVariance = "head";
  @Option(names = "--init", paramLabel = "INIT", description = "normal:STD, glorot or fan-in") String init;
  @Option(names = "--optimizer", paramLabel = "NAME", description = "adam, adagrad or sgd") String optimizer;
  @Option(names = "--lr", paramLabel = "ETA", description = "learning rate") Float lr;
  @Option(names = "--weight-decay", paramLabel = "LAMBDA", description = "L2 coefficient, or 'prior' for AEVB's N(0, I) prior (1/N)") String weightDecay;
  @Option(names = "--momentum", paramLabel = "MU", description = "SGD momentum (default ${DEFAULT-VALUE})") float momentum = Sgd.DEFAULT_MOMENTUM;
  @Option(names = "--adam-eps", paramLabel = "EPS", description = "Adam's epsilon (default: the preset's, 1e-8 or 1e-4 for iwae)") Float adamEps;
  @Option(names = "--objective", paramLabel = "NAME", description = "elbo (default) or iwae") String objective;
  @Option(names = "--estimator", paramLabel = "NAME", description = {
      "A or B: the SGVB estimator of the ELBO, pathwise gradient (default ${DEFAULT-VALUE});",
      "score-function, stl, dreg (with --objective iwae) or wake-sleep: the encoder's gradient"}) String estimator = "B";
  @Option(names = "--baseline", paramLabel = "NAME",
      description = "with --estimator score-function: none (default), moving-average, learned (NVIL) or leave-one-out") String baseline;
  @Option(names = {"--samples", "--k"}, paramLabel = "K", description = "samples of z per datapoint: L of the ELBO, k of IWAE (default: the preset's)") Integer samples;
  @Option(names = "--batch-size", paramLabel = "M", description = "minibatch size") Integer batchSize;
  @Option(names = "--epochs", paramLabel = "N", description = "passes over the training set") Integer epochs;
  @Option(names = "--stages", paramLabel = "I", description = "IWAE schedule: stop after stage I (0-7; iwae preset: 7, i.e. 3280 passes)") Integer stages;
  @Option(names = "--images", paramLabel = "N", description = "stop after this many training images (0: no budget)") Long images;
  @Option(names = "--seed", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})") long seed = 1;
  @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)") int threads = Runtime.getRuntime().availableProcessors();
  @Option(names = "--gemm", paramLabel = "BACKEND", description = "java (default) or openblas") String gemm = "java";
  @Option(names = "--run-dir", paramLabel = "DIR", description = "where to write the run (default runs/DATE-PRESET)") Path runDir;
  @Option(names = "--resume", paramLabel = "RUN", description = "continue RUN from its last checkpoint, with its settings") Path resume;
  @Option(names = "--checkpoint-every", paramLabel = "STEPS", description = "also checkpoint every STEPS steps (default 0: off)") long checkpointEvery = 0;
  @Option(names = "--checkpoint-minutes", paramLabel = "MIN", description = "also checkpoint every MIN minutes (default ${DEFAULT-VALUE}; 0: off)") double checkpointMinutes = CheckpointPolicy.DEFAULT_MINUTES;
  @Option(names = "--clip-norm", paramLabel = "C", description = "scale gradients down to global norm C (default 0: no clipping)") float clipNorm = 0;
  @Option(names = "--max-bad-steps", paramLabel = "N", description = "stop after N steps in a row with a NaN or infinite loss or gradient (default ${DEFAULT-VALUE})") int maxBadSteps = Safeguards.DEFAULT_MAX_BAD_STEPS;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CheckpointPolicy policy = new CheckpointPolicy(checkpointEvery, checkpointMinutes);
    if (resume != null) return Resume.run(spec, resume, dataDir, policy);
    Safeguards guards = new Safeguards(maxBadSteps, clipNorm);
    Preset p = Preset.parse(preset);
    GemmChoice.apply(gemm);
    if (!DataSources.NAMES.contains(data) && !FileData.isFile(data)) {
      throw new InputException("--data: expected one of " + DataSources.NAMES + " or a .npy or .csv file, got '" + data + "'");
    }
    files.check(data);
    // every flag is checked before any data is read, so a bad one costs one line and no wait
    training(p, 0f).bound().surrogate(new Vae(model(p, 1), new Xoshiro256(0)), new Xoshiro256(0));   // the estimator fits the objective
    if (runDir != null && java.nio.file.Files.exists(runDir.resolve(RunFolder.CONFIG))) {
      throw new InputException(runDir + ": already holds a run (choose another --run-dir)");
    }
    FileData.Loaded fileData = FileData.isFile(data) ? files.load(Path.of(data), seed, msg -> System.err.println("latent: " + msg)) : null;
    TrainTest sets = fileData != null ? fileData.sets() : DataSources.load(data, dataDir, msg -> System.err.println("latent: " + msg));
    if (validation >= sets.train().size()) {
      throw new InputException("--validation: " + validation + " held-out images leave none of the " + sets.train().size() + " to train on");
    }
    int n = sets.train().size() - validation;   // N of the MAP prior: the images trained on
    ModelConfig model = model(p, sets.train().dim());
    float lambda = weightDecay == null ? (p.priorWeightDecay ? 1f / n : 0f)
        : weightDecay.equals("prior") ? 1f / n : parseFloat("--weight-decay", weightDecay);
    TrainingConfig training = training(p, lambda);
    Path dir = runDir != null ? runDir : freshRunDir(p);
    System.err.printf("latent: training %s on %s (%,d images), %s, batch %d, run folder %s%n",
        model.describe(), data, n, training.optimizer().name().toLowerCase(), training.batchSize(), dir);
    Trainer.Result r = Trainer.train(new TrainingConfig.Run(training, model, guards), sets, dir, Progress.forStderr(), policy, false,
        fileData == null ? java.util.Map.of() : java.util.Map.of(FileData.FILE, fileData.spec().toJson()));
    finish(out, r);
    return 0;
  }

  /** The lines that end a run, fresh or resumed, and its report. */
  static void finish(PrintWriter out, Trainer.Result r) {
    out.printf("test ELBO: %.2f nats per image (%,d test images, %s, L=1)%n", r.testElbo(), r.test().size(), TestElbo.estimator(r.model()));
    out.printf("trained on %,d images in %.1f s (%,.0f images/s)%n", r.images(), r.seconds(), r.images() / r.seconds());
    out.printf("run folder: %s%n", r.folder().dir.toAbsolutePath().normalize());
    TrainingReport.write(r, r.test(), out);
  }

  private ModelConfig model(Preset p, int inputSize) {
    List<Integer> enc = hidden != null ? hidden : p.hidden;
    return new ModelConfig(inputSize, enc, decoderHidden != null ? decoderHidden : new ArrayList<>(enc).reversed(),
        latent != null ? latent : p.latent, activation != null ? Activation.parse(activation) : p.activation, DecoderType.parse(decoder),
        init != null ? Init.parse(init) : p.init, true, parseVariance(gaussianVariance), ModelConfig.LOG_VAR_MIN, ModelConfig.LOG_VAR_MAX,
        hidden2 != null ? hidden2 : List.of(), latent2);
  }

  private TrainingConfig training(Preset p, float lambda) {
    if (weightDecay != null && !weightDecay.equals("prior")) {
      float w = parseFloat("--weight-decay", weightDecay);
      if (!(w >= 0) || !Float.isFinite(w)) throw new InputException("--weight-decay: expected a number >= 0 or 'prior', got '" + weightDecay + "'");
    }
    Binarization bin = binarization != null ? Binarization.parse(binarization)
        : DecoderType.parse(decoder) == DecoderType.GAUSSIAN ? Binarization.NONE : p.binarization;
    return new TrainingConfig(p.flag(), data, dataDir == null ? null : dataDir.toAbsolutePath().normalize().toString(), bin, validation,
        optimizer != null ? OptimizerKind.parse(optimizer) : p.optimizer, lr != null ? lr : p.lr, lambda, momentum,
        adamEps != null ? adamEps : p.adamEps,
        objective != null ? Objective.parseKind(objective) : p.objective, sgvbForm(),
        samples != null ? samples : p.samples, batchSize != null ? batchSize : p.batchSize, epochs != null ? epochs : p.epochs,
        stages != null ? stages : (p == Preset.IWAE && epochs == null ? IwaeSchedule.LAST_STAGE : -1), p == Preset.IWAE,
        images != null ? images : p.maxImages, seed, 0, threads, gemm, gradient());
  }

  /** --estimator A or B names the SGVB form; STL works on the sampled form A; the rest use B. */
  private SgvbEstimator sgvbForm() {
    String e = estimator.trim().toUpperCase(java.util.Locale.ROOT);
    if (e.equals("A") || e.equals("B")) return SgvbEstimator.parse(e);
    return gradient() instanceof GradientEstimator.StickingTheLanding ? SgvbEstimator.A : SgvbEstimator.B;
  }

  private GradientEstimator gradient() {
    String e = estimator.trim().toUpperCase(java.util.Locale.ROOT);
    GradientEstimator g = e.equals("A") || e.equals("B") ? GradientEstimator.PATHWISE : GradientEstimator.parse(estimator);
    if (baseline == null) return g;
    if (!(g instanceof GradientEstimator.ScoreFunction)) throw new InputException("--baseline: only with --estimator score-function");
    return new GradientEstimator.ScoreFunction(Baseline.parse(baseline));
  }

  /** runs/DATE-TIME-PRESET, with -2, -3, ... when two runs start in the same second. */
  static Path freshRunDir(Preset p) {
    String base = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + p.flag();
    Path dir = Path.of("runs", base);
    for (int i = 2; java.nio.file.Files.exists(dir); i++) dir = Path.of("runs", base + "-" + i);
    return dir;
  }

  static ModelConfig.GaussianVariance parseVariance(String s) {
    return switch (s.trim().toLowerCase()) {
      case "head" -> ModelConfig.GaussianVariance.HEAD;
      case "pixel" -> ModelConfig.GaussianVariance.PIXEL;
      default -> throw new InputException("--gaussian-variance: expected head or pixel, got '" + s + "'");
    };
  }

  static float parseFloat(String flag, String s) {
    try {
      return Float.parseFloat(s);
    } catch (NumberFormatException e) {
      throw new InputException(flag + ": expected a number, got '" + s + "'");
    }
  }
}
