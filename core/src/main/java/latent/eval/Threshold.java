package latent.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import latent.InputException;
import latent.io.AtomicFiles;
import latent.objective.Objective;

/**
 * An anomaly threshold fitted to data taken as normal: the q-quantile of their anomaly scores
 * ({@link ScoreKind#anomaly}: −L_k, −ELBO, −log p(x|μ) or the squared error), so that about a
 * fraction 1 − q of such data is flagged. An example is flagged when its anomaly score is above
 * the threshold. The quantile interpolates linearly between order statistics (numpy's default):
 *
 * <pre>
 *   s_(1) ≤ … ≤ s_(n) sorted,  h = (n − 1) q,  t = s_(⌊h⌋+1) + (h − ⌊h⌋) (s_(⌊h⌋+2) − s_(⌊h⌋+1))
 * </pre>
 *
 * Recorded beside the model as {@value #FILE}, with the kind, k (for the bounds), q, and the data
 * it was fitted to; {@code latent export} and {@code import} carry it.
 *
 * @param kind      the score thresholded
 * @param k         importance samples of that score (L_k and the ELBO depend on it)
 * @param quantile  q in [0, 1]
 * @param value     the threshold on the anomaly score (for L_k: −L_k, in nats)
 * @param data      what the threshold was fitted to, as the user named it
 * @param examples  how many examples that was
 */
public record Threshold(ScoreKind kind, int k, double quantile, double value, String data, int examples) implements java.io.Serializable {
  public static final String FILE = latent.train.RunFolder.THRESHOLD;
  static final String FORMAT = "latent-threshold/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Fits the {@code quantile} of {@code scores}' {@code kind} ({@code data} names them). */
  public static Threshold fit(AnomalyScores scores, ScoreKind kind, double quantile, String data) {
    if (!(quantile >= 0 && quantile <= 1)) throw new InputException("threshold quantile: expected a number in [0, 1], got " + quantile);
    double[] s = scores.anomaly(kind);
    return new Threshold(kind, scores.k(), quantile, quantile(s, quantile), data, s.length);
  }

  /** The linearly interpolated q-quantile of {@code values}. */
  static double quantile(double[] values, double q) {
    if (values.length == 0) throw new InputException("threshold: expected at least one example to fit it to");
    double[] s = values.clone();
    Arrays.sort(s);
    double h = (s.length - 1) * q;
    int lo = (int) Math.floor(h);
    return lo + 1 >= s.length ? s[s.length - 1] : s[lo] + (h - lo) * (s[lo + 1] - s[lo]);
  }

  /** Whether each example of {@code scores} is flagged: its anomaly score above {@link #value}. */
  public boolean[] flags(AnomalyScores scores) {
    if (scores.k() != k && kind.dependsOnK()) {
      throw new InputException("threshold: fitted to " + kind.column(k) + " scores, given " + kind.column(scores.k()) + "; score with k = " + k);
    }
    double[] s = scores.of(kind);
    boolean[] f = new boolean[s.length];
    for (int i = 0; i < s.length; i++) f[i] = flags(s[i]);
    return f;
  }

  /** Whether an example whose score of this threshold's kind is {@code score} is flagged. */
  public boolean flags(double score) {
    return kind.anomaly(score) > value;
  }

  /** One line: what is flagged, and from where the threshold came. */
  public String describe() {
    return String.format("%s > %.4f (the %.4g quantile of %,d examples of %s)", kind.anomalyColumn(k), value, quantile, examples, data);
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode().put("format", FORMAT).put("score", kind.label()).put("k", k)
        .put("quantile", quantile).put("value", value).put("data", data).put("examples", examples);
    return root.toPrettyString() + "\n";
  }

  /** Writes {@code dir/threshold.json}, replacing any earlier one atomically. */
  public void write(Path dir) {
    AtomicFiles.writeString(dir.resolve(FILE), toJson());
  }

  /** {@code dir/threshold.json}, when there is one. */
  public static Optional<Threshold> read(Path dir) {
    Path p = dir.resolve(FILE);
    if (!Files.isRegularFile(p)) return Optional.empty();
    try {
      return Optional.of(parse(Files.readString(p), p.toString()));
    } catch (IOException e) {   // unreadable or not UTF-8
      throw new InputException(p + ": not a valid threshold (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }

  /** A threshold's text, {@code file} naming it in messages. */
  public static Threshold parse(String text, String file) {
    JsonNode r;
    try {
      r = JSON.readTree(text);
    } catch (IOException e) {   // not JSON
      throw new InputException(file + ": not a valid threshold (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    if (r == null || !r.isObject() || !FORMAT.equals(r.path("format").asText(null))) {
      throw new InputException(file + ": expected a JSON object with \"format\": \"" + FORMAT + "\"");
    }
    ScoreKind kind;
    try {
      kind = ScoreKind.parse(r.path("score").asText(""));
    } catch (InputException e) {
      throw new InputException(file + ": score: " + e.getMessage());
    }
    JsonNode k = r.path("k"), q = r.path("quantile"), v = r.path("value"), n = r.path("examples");
    if (!k.isInt() || k.asInt() < 1 || k.asInt() > Objective.MAX_SAMPLES) throw new InputException(file + ": k: expected 1 to " + Objective.MAX_SAMPLES + ", got " + k);
    if (!q.isNumber() || !(q.asDouble() >= 0 && q.asDouble() <= 1)) throw new InputException(file + ": quantile: expected a number in [0, 1], got " + q);
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) throw new InputException(file + ": value: expected a finite number, got " + v);
    if (!n.isInt() || n.asInt() < 1) throw new InputException(file + ": examples: expected a count >= 1, got " + n);
    if (!r.path("data").isTextual()) throw new InputException(file + ": data: expected the name of the data the threshold was fitted to");
    return new Threshold(kind, k.asInt(), q.asDouble(), v.asDouble(), r.path("data").asText(), n.asInt());
  }
}
