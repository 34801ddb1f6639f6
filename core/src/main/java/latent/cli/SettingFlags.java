package latent.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import latent.InputException;
import latent.objective.Baseline;
import latent.objective.GradientEstimator;
import latent.objective.SgvbEstimator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * The one table between the command line and the settings: each flag of {@code latent train}
 * that sets a setting, with the setting's path in {@link latent.train.RunConfig}. The train
 * command gets these flags from here ({@link #transform}, a picocli model transformer), and a
 * message that names a setting is printed with its flag instead ({@link #flag}, through
 * {@link latent.InputException#message}): the core says {@code learningRate: expected a
 * positive number}, the command line {@code --lr: …}.
 *
 * <p>Adding a setting: its field in the record that owns it (with its default in the presets),
 * a row here, and a line in the README.
 */
public final class SettingFlags implements CommandLine.IModelTransformer {
  /**
   * A flag: its names, the setting's path, the setting's name in messages (the path's last part
   * unless said), the type picocli parses, and how a parsed value becomes the setting's value.
   */
  record Flag(List<String> names, String path, String setting, Class<?> type, String label, String description, UnaryOperator<Object> value) {
    static Flag of(String names, String path, Class<?> type, String label, String description) {
      return new Flag(List.of(names.split("/")), path, path.substring(path.lastIndexOf('.') + 1), type, label, description, v -> v);
    }
  }

  static final List<Flag> TRAIN = List.of(
      Flag.of("--data", "training.data.dataset", String.class, "NAME",
          "mnist (default), fashion-mnist, or a file FILE.npy or FILE.csv (one row per example; see --test, --scale)"),
      new Flag(List.of("--data-dir"), "training.data.dataDir", "dataDir", Path.class, "DIR", "folder with the four IDX files (raw or .gz)",
          p -> ((Path) p).toAbsolutePath().normalize().toString()),
      Flag.of("--binarization", "training.data.binarization", String.class, "MODE",
          "dynamic, fixed (one seeded draw) or none (values in [0, 1]; default for gaussian); default: the preset's"),
      Flag.of("--validation", "training.data.validation", Integer.class, "N", "hold out N training images for a validation ELBO (default 0)"),
      Flag.of("--hidden", "model.encoderHidden", List.class, "W", "encoder hidden widths, e.g. 400 or 200,200"),
      Flag.of("--decoder-hidden", "model.decoderHidden", List.class, "W", "decoder hidden widths (default: the encoder's, reversed)"),
      Flag.of("--latent", "model.latentSize", Integer.class, "NZ", "latent size (1 to 1000)"),
      Flag.of("--latent2", "model.latentSize2", Integer.class, "NZ2",
          "size of a second stochastic layer h2 (default 0: one layer); the IWAE paper's: --hidden 200,200 --latent 100 --hidden2 100,100 --latent2 50"),
      Flag.of("--hidden2", "model.hidden2", List.class, "W", "hidden widths of q(h2|h1) and, mirrored, p(h1|h2)"),
      Flag.of("--activation", "model.activation", String.class, "F", "tanh, relu or softplus"),
      Flag.of("--decoder", "model.decoder", String.class, "TYPE", "bernoulli (default) or gaussian"),
      Flag.of("--gaussian-variance", "model.gaussianVariance", String.class, "KIND", "gaussian decoder's log-variance: head (default) or pixel"),
      Flag.of("--init", "model.init", String.class, "INIT", "normal:STD, glorot or fan-in"),
      new Flag(List.of("--optimizer"), "training.optimizer.kind", "optimizer", String.class, "NAME", "adam, adagrad or sgd", v -> v),
      Flag.of("--lr", "training.optimizer.learningRate", Float.class, "ETA", "learning rate"),
      Flag.of("--weight-decay", "training.optimizer.weightDecay", String.class, "LAMBDA", "L2 coefficient, or 'prior' for AEVB's N(0, I) prior (1/N)"),
      Flag.of("--momentum", "training.optimizer.momentum", Float.class, "MU", "SGD momentum (default 0)"),
      Flag.of("--adam-eps", "training.optimizer.adamEps", Float.class, "EPS", "Adam's epsilon (default: the preset's, 1e-8 or 1e-4 for iwae)"),
      new Flag(List.of("--objective"), "training.objective.kind", "objective", String.class, "NAME", "elbo (default) or iwae", v -> v),
      Flag.of("--samples/--k", "training.objective.samples", Integer.class, "K",
          "samples of z per datapoint: L of the ELBO, k of IWAE (default: the preset's)"),
      new Flag(List.of("--kl-weight"), "training.objective.kl.weight", "klWeight", Double.class, "BETA",
          "weight β of the KL term in the objective trained (default 1; the bound reported is always the true one)", v -> v),
      new Flag(List.of("--kl-warmup"), "training.objective.kl.warmupImages", "klWarmup", Long.class, "N",
          "raise the KL weight linearly from 0 to β over the first N training images (default 0: no warm-up)", v -> v),
      new Flag(List.of("--free-bits"), "training.objective.kl.freeBits", "freeBits", Double.class, "LAMBDA",
          "free bits: a floor of LAMBDA nats on each latent dimension's minibatch KL (default 0: none)", v -> v),
      new Flag(List.of("--lr-schedule"), "training.schedule.lr.kind", "lrSchedule", String.class, "KIND",
          "constant (default), cosine, step or exponential decay of the learning rate over the epochs", v -> v),
      new Flag(List.of("--lr-warmup"), "training.schedule.lr.warmupImages", "lrWarmup", Long.class, "N",
          "raise the learning rate linearly from 0 over the first N training images (default 0)", v -> v),
      new Flag(List.of("--lr-gamma"), "training.schedule.lr.gamma", "lrGamma", Double.class, "G",
          "factor of step and exponential decay (default 0.5)", v -> v),
      new Flag(List.of("--lr-step-epochs"), "training.schedule.lr.stepEpochs", "lrStepEpochs", Integer.class, "E",
          "epochs between step decays (default 5)", v -> v),
      new Flag(List.of("--lr-min"), "training.schedule.lr.minFactor", "lrMin", Double.class, "F",
          "the cosine's floor, a share of --lr (default 0)", v -> v),
      new Flag(List.of("--patience"), "training.schedule.earlyStopping.patience", "patience", Integer.class, "N",
          "stop after N epochs without a better validation ELBO, keeping the best epoch's model (needs --validation; default 0: never)", v -> v),
      new Flag(List.of("--min-delta"), "training.schedule.earlyStopping.minDelta", "minDelta", Double.class, "NATS",
          "what counts as better for --patience: a gain of more than NATS (default 0)", v -> v),
      Flag.of("--batch-size", "training.schedule.batchSize", Integer.class, "M", "minibatch size"),
      Flag.of("--epochs", "training.schedule.epochs", Integer.class, "N", "passes over the training set"),
      Flag.of("--stages", "training.schedule.iwaeStages", Integer.class, "I", "IWAE schedule: stop after stage I (0-7; iwae preset: 7, i.e. 3280 passes)"),
      Flag.of("--images", "training.schedule.maxImages", Long.class, "N", "stop after this many training images (0: no budget)"),
      Flag.of("--seed", "training.runtime.seed", Long.class, "S", "random seed (default 1)"),
      Flag.of("--threads", "training.runtime.threads", Integer.class, "T", "worker threads (default: all cores; the results are the same bits on any number)"),
      Flag.of("--gemm", "training.runtime.gemm", String.class, "BACKEND", "java (default) or openblas"),
      Flag.of("--clip-norm", "safeguards.clipNorm", Float.class, "C", "scale gradients down to global norm C (default 0: no clipping)"),
      Flag.of("--max-bad-steps", "safeguards.maxBadSteps", Integer.class, "N",
          "stop after N steps in a row with a NaN or infinite loss or gradient (default 20)"));

  /** Settings the commands set through flags of their own, by the names messages give them. */
  private static final Map<String, String> OTHERS = Map.ofEntries(Map.entry("estimator", "--estimator"), Map.entry("gradient", "--estimator"),
      Map.entry("baseline", "--baseline"), Map.entry("everySteps", "--checkpoint-every"), Map.entry("everyMinutes", "--checkpoint-minutes"),
      Map.entry("runDir", "--run-dir"), Map.entry("output", "--output"), Map.entry("preset", "--preset"), Map.entry("scale", "--scale"),
      Map.entry("testFraction", "--test-fraction"), Map.entry("test", "--test"), Map.entry("storage", "--storage"), Map.entry("resume", "--resume"));

  /** A setting's name in messages → its flags, as a message shows them ({@code --samples/--k}). */
  private static final Map<String, String> FLAGS = Stream.concat(
      TRAIN.stream().map(f -> Map.entry(f.setting(), String.join("/", f.names()))), OTHERS.entrySet().stream())
      .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

  /** Adds the table's flags to the command. */
  @Override
  public CommandSpec transform(CommandSpec spec) {
    for (Flag f : TRAIN) {
      OptionSpec.Builder o = OptionSpec.builder(f.names().toArray(String[]::new)).paramLabel(f.label()).description(f.description()).type(f.type());
      if (f.type() == List.class) o.auxiliaryTypes(Integer.class).splitRegex(",");
      spec.addOption(o.build());
    }
    return spec;
  }

  /** The settings the flags given on {@code cl}'s command line set: path → value. */
  static Map<String, Object> given(CommandLine cl) {
    Map<String, Object> settings = new LinkedHashMap<>();
    CommandLine.ParseResult parsed = cl.getParseResult();
    for (Flag f : TRAIN) {
      if (parsed.hasMatchedOption(f.names().getFirst())) settings.put(f.path(), f.value().apply(parsed.matchedOptionValue(f.names().getFirst(), null)));
    }
    return settings;
  }

  /** The flag that sets {@code setting} (by its name in messages), or the name itself when none does. */
  static String flag(String setting) {
    return FLAGS.getOrDefault(setting, setting);
  }
  /**
   * The objective's settings that {@code --estimator} and {@code --baseline} give: A or B names
   * the SGVB form; any other name the encoder's gradient, which works on form B, but STL on the
   * sampled form A.
   */
  static Map<String, Object> estimator(String estimator, String baseline) {
    if (estimator == null && baseline == null) return Map.of();
    String e = estimator == null ? "B" : estimator.trim().toUpperCase(Locale.ROOT);
    if (e.equals("A") || e.equals("B")) {
      if (baseline != null) throw new InputException("--baseline: only with --estimator score-function");
      return Map.of("training.objective.estimator", e);
    }
    GradientEstimator g = GradientEstimator.parse(estimator);
    if (baseline != null) {
      if (!(g instanceof GradientEstimator.ScoreFunction)) throw new InputException("--baseline: only with --estimator score-function");
      g = new GradientEstimator.ScoreFunction(Baseline.parse(baseline));
    }
    SgvbEstimator form = g instanceof GradientEstimator.StickingTheLanding ? SgvbEstimator.A : SgvbEstimator.B;
    return Map.of("training.objective.estimator", form.name(), "training.objective.gradient", g.flag());
  }

}
