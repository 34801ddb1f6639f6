package latent.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import latent.InputException;
import latent.InvalidSetting;
import latent.io.AtomicFiles;

/**
 * A run's folder:
 * <ul>
 *   <li>{@code config.json}: every setting, the seed included ({@link RunConfig});</li>
 *   <li>{@code metrics.csv}: one row per epoch (images seen, train bound, validation ELBO (empty
 *       without a validation split), test ELBO, seconds since the start, images/s of the epoch);</li>
 *   <li>{@code model.safetensors}: the latest weights ({@link latent.model.Weights}).</li>
 * </ul>
 */
public final class RunFolder {
  public static final String CONFIG = "config.json";
  public static final String METRICS = "metrics.csv";
  public static final String MODEL = "model.safetensors";
  /** Per epoch: active units, I_q(x; z) and the KL of each latent dimension on the test set ({@link latent.model.CollapseDiagnostics}). */
  public static final String DIAGNOSTICS = "diagnostics.csv";
  /** The anomaly threshold fitted to the model's scores, when there is one ({@code latent.eval.Threshold}). */
  public static final String THRESHOLD = "threshold.json";
  /** metrics.csv's columns; runs before KL recipes had all but the last ({@link #LEGACY_METRICS_HEADER}). */
  static final String METRICS_HEADER = "epoch,images_seen,train_bound,validation_elbo,test_elbo,seconds,images_per_second,trained_objective";
  static final String LEGACY_METRICS_HEADER = METRICS_HEADER.substring(0, METRICS_HEADER.lastIndexOf(','));
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public final Path dir;

  private RunFolder(Path dir) {
    this.dir = dir;
  }

  /**
   * Creates {@code dir} and writes the config. The folder is created atomically, so two runs
   * started at once can never share it; an existing folder is used only when it is empty.
   */
  public static RunFolder create(Path dir, RunConfig run) {
    return create(dir, run, "runDir");
  }

  /** {@link #create(Path, RunConfig)}, naming {@code setting} (what chose {@code dir}) when it is taken. */
  public static RunFolder create(Path dir, RunConfig run, String setting) {
    createEmpty(dir, setting);
    RunFolder f = new RunFolder(dir);
    AtomicFiles.writeString(dir.resolve(CONFIG), run.toJson());
    AtomicFiles.writeString(dir.resolve(METRICS), METRICS_HEADER + "\n");
    return f;
  }

  /** Creates {@code dir} and its parents, or takes it if it exists and is empty; {@code setting} names what chose it. */
  public static void createEmpty(Path dir, String setting) {
    try {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.createDirectory(dir);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      if (!isEmptyDirectory(dir)) throw new InvalidSetting(setting, dir + " already exists and is not empty; choose another folder");
    } catch (IOException e) {
      throw new InputException(dir + ": cannot create the folder (" + e.getMessage() + ")");
    }
  }

  private static boolean isEmptyDirectory(Path dir) {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** An existing run folder, checked to have its config. */
  public static RunFolder open(Path dir) {
    if (!Files.isDirectory(dir)) throw new InputException(dir + ": no such run folder");
    if (!Files.isRegularFile(dir.resolve(CONFIG))) throw new InputException(dir + ": not a run folder (no " + CONFIG + ")");
    return new RunFolder(dir);
  }

  /** Whether config.json has a {@code safeguards} section, which runs written before training checkpoints existed lack. */
  public boolean hasSafeguards() {
    Path p = dir.resolve(CONFIG);
    try {
      return JSON.readTree(Files.readString(p)).has("safeguards");
    } catch (IOException e) {
      throw new InputException(p + ": cannot read (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }

  public Path model() {
    return dir.resolve(MODEL);
  }

  public RunConfig config() {
    Path p = dir.resolve(CONFIG);
    try {
      return RunConfig.fromJson(Files.readString(p));
    } catch (IOException e) {   // unreadable or not UTF-8
      throw new InputException(p + ": not a valid run config (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
    } catch (InputException e) {   // not a config, or a value a setting's own check refused
      throw e.in(p.toString());
    }
  }

  /**
   * Appends one epoch's row and rewrites the file atomically. A file begun before KL recipes
   * (seven columns: a run resumed from then) gets the eighth column first, empty in its rows,
   * so every row has as many fields as the header.
   */
  public void appendMetrics(Metrics m) {
    Path p = dir.resolve(METRICS);
    try {
      String old = Files.readString(p);
      if (old.startsWith(LEGACY_METRICS_HEADER + "\n")) {
        StringBuilder upgraded = new StringBuilder(METRICS_HEADER).append('\n');
        old.lines().skip(1).forEach(row -> upgraded.append(row).append(",\n"));
        old = upgraded.toString();
      }
      AtomicFiles.writeString(p, old + m.csv() + "\n");
    } catch (IOException e) {
      throw new InputException(p + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /** Appends one epoch's row to {@code diagnostics.csv} (started with its header), rewriting it atomically. */
  public void appendDiagnostics(int epoch, latent.model.CollapseDiagnostics d) {
    Path p = dir.resolve(DIAGNOSTICS);
    try {
      String old = Files.exists(p) ? Files.readString(p) : latent.model.CollapseDiagnostics.csvHeader(d.klPerDimension().length) + "\n";
      AtomicFiles.writeString(p, old + d.csvRow(epoch) + "\n");
    } catch (IOException e) {
      throw new InputException(p + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /** One row of {@code diagnostics.csv}. */
  public record EpochDiagnostics(int epoch, latent.model.CollapseDiagnostics diagnostics) {}

  /** The rows of {@code diagnostics.csv}; none when the run has none yet (or was trained before they were written). */
  public List<EpochDiagnostics> diagnostics() {
    Path p = dir.resolve(DIAGNOSTICS);
    List<EpochDiagnostics> rows = new ArrayList<>();
    if (!Files.exists(p)) return rows;
    try {
      List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
      int columns = lines.isEmpty() ? 0 : lines.getFirst().split(",", -1).length;
      if (columns < 4 || !lines.getFirst().startsWith("epoch,active_units,mutual_information,kl_1")) {
        throw new InputException(p + ": not a diagnostics file (expected the first line epoch,active_units,mutual_information,kl_1,...)");
      }
      for (int i = 1; i < lines.size(); i++) {
        String[] f = lines.get(i).split(",", -1);
        if (f.length != columns) throw new InputException(p + ": line " + (i + 1) + ": " + f.length + " fields, expected " + columns);
        double[] kl = new double[columns - 3];
        for (int u = 0; u < kl.length; u++) kl[u] = Metrics.finite(f[3 + u]);
        int active = Integer.parseInt(f[1]);
        if (active < 0 || active > kl.length) throw new InputException(p + ": line " + (i + 1) + ": " + active + " active units of " + kl.length);
        rows.add(new EpochDiagnostics(Integer.parseInt(f[0]), new latent.model.CollapseDiagnostics(active, Metrics.finite(f[2]), kl)));
      }
      return rows;
    } catch (IOException | NumberFormatException e) {
      throw new InputException(p + ": not a valid diagnostics file (" + e.getMessage() + ")");
    }
  }

  /** Drops the diagnostics of epochs from {@code epoch} on (a resumed run writes them again); none at all for epoch 1. */
  void keepDiagnosticsBefore(int epoch) {
    Path p = dir.resolve(DIAGNOSTICS);
    try {
      if (!Files.exists(p)) return;
      if (epoch <= 1) {
        Files.delete(p);
        return;
      }
      List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
      StringBuilder kept = new StringBuilder(lines.getFirst()).append('\n');
      for (String l : lines.subList(1, lines.size())) {
        int comma = l.indexOf(',');
        if (comma > 0 && l.substring(0, comma).matches("\\d{1,9}") && Integer.parseInt(l.substring(0, comma)) < epoch) kept.append(l).append('\n');
      }
      AtomicFiles.writeString(p, kept.toString());
    } catch (IOException e) {
      throw new InputException(p + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /** The whole of {@code metrics.csv}, header included, as a checkpoint keeps it. */
  String metricsText() {
    Path p = dir.resolve(METRICS);
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new InputException(p + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /** Puts back the metrics a checkpoint kept ({@code null}: none yet), dropping rows written after it. */
  void restoreMetrics(String text) {
    AtomicFiles.writeString(dir.resolve(METRICS), text == null ? METRICS_HEADER + "\n" : text);
  }

  public List<Metrics> metrics() {
    Path p = dir.resolve(METRICS);
    List<Metrics> rows = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(p, StandardCharsets.UTF_8);
    } catch (IOException e) {   // unreadable, or not UTF-8
      throw new InputException(p + ": not a valid metrics file (" + e.getMessage() + ")");
    }
    if (lines.isEmpty() || !(lines.getFirst().equals(METRICS_HEADER) || lines.getFirst().equals(LEGACY_METRICS_HEADER))) {
      throw new InputException(p + ": not a metrics file (expected the first line " + METRICS_HEADER + ")");
    }
    for (int i = 1; i < lines.size(); i++) if (!lines.get(i).isBlank()) rows.add(Metrics.parse(lines.get(i), p + ": line " + (i + 1)));
    return rows;
  }

  /**
   * One epoch's row of {@code metrics.csv}. {@code trainBound} is the true bound of the epoch's
   * minibatches; {@code trainedObjective} the mean of what the gradient ascended, which a KL
   * recipe makes differ from it (without one, the two are equal).
   */
  public record Metrics(int epoch, long imagesSeen, double trainBound, double validationElbo, double testElbo, double seconds,
                        double imagesPerSecond, double trainedObjective) {
    /** Non-finite values (no validation split, an epoch whose steps were all skipped) are left empty: no NaN is written. */
    String csv() {
      return String.format(java.util.Locale.ROOT, "%d,%d,%s,%s,%s,%.2f,%.1f,%s", epoch, imagesSeen, num(trainBound), num(validationElbo),
          num(testElbo), seconds, imagesPerSecond, num(trainedObjective));
    }

    private static String num(double x) {
      return Double.isFinite(x) ? String.format(java.util.Locale.ROOT, "%.4f", x) : "";
    }

    /** One row; {@code where} (file and line) starts the message when it is not one. */
    static Metrics parse(String line, String where) {
      String[] f = line.split(",", -1);
      if (f.length != 7 && f.length != 8) throw new InputException(where + ": " + f.length + " fields, expected 8 (" + METRICS_HEADER + ")");
      try {
        return new Metrics(Integer.parseInt(f[0]), Long.parseLong(f[1]), optional(f[2]), optional(f[3]), optional(f[4]), finite(f[5]),
            finite(f[6]), f.length == 8 ? optional(f[7]) : Double.NaN);
      } catch (NumberFormatException e) {
        throw new InputException(where + ": expected numbers (" + METRICS_HEADER + "), got '" + InputException.excerpt(line) + "'");
      }
    }

    /** A finite number or, for a value not known, an empty field (NaN); "NaN" itself is never written. */
    private static double optional(String s) {
      return s.isEmpty() ? Double.NaN : finite(s);
    }

    static double finite(String s) {
      double x = Double.parseDouble(s);
      if (!Double.isFinite(x)) throw new NumberFormatException(s);
      return x;
    }
  }
}
