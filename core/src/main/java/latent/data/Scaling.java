package latent.data;

import java.util.Arrays;
import java.util.Locale;
import latent.InputException;
import latent.tensor.Tensor;

/**
 * How raw numbers from a {@code .npy} or CSV file become values in [0, 1], the range every
 * {@link Dataset} holds. The range is fitted once, on the training rows, and recorded, so that
 * data encoded or scored later is scaled the same way:
 *
 * <pre>
 *   none:     x' = x                                   (values must already lie in [0, 1])
 *   bytes:    x' = x / 255                             (8-bit images, as IDX files are read)
 *   minmax:   x' = (x − min) / (max − min)             min, max over the whole training matrix
 *   columns:  x'_j = (x_j − min_j) / (max_j − min_j)   per column; a constant column becomes 0
 * </pre>
 *
 * Values of new data outside the fitted range are clamped to [0, 1] (and counted).
 *
 * @param kind the rule
 * @param min  the fitted minimum per column (one value for minmax; empty for none and bytes)
 * @param max  the fitted maximum, likewise
 */
public record Scaling(Kind kind, float[] min, float[] max) {
  /** The scaling rules; {@link #parse} reads their lowercase names. */
  public enum Kind { NONE, BYTES, MINMAX, COLUMNS }

  public Scaling {
    if (min.length != max.length) throw new IllegalArgumentException("min and max differ in length");
    int expected = switch (kind) {
      case NONE, BYTES -> 0;
      case MINMAX -> 1;
      case COLUMNS -> Math.max(1, min.length);
    };
    if (min.length != expected) throw new IllegalArgumentException(kind.name().toLowerCase(Locale.ROOT) + " needs " + expected + " range values, got " + min.length);
    for (int i = 0; i < min.length; i++) {
      if (!Float.isFinite(min[i]) || !Float.isFinite(max[i])) throw new IllegalArgumentException("range " + i + " is not finite");
    }
  }

  public static Kind parse(String s) {
    String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "none" -> Kind.NONE;
      case "bytes", "255" -> Kind.BYTES;
      case "minmax" -> Kind.MINMAX;
      case "columns" -> Kind.COLUMNS;
      default -> throw new latent.InvalidSetting("scale", "expected none, bytes, minmax or columns, got '" + s + "'");
    };
  }

  /** The rule {@code kind} with its range fitted on {@code x} (the training rows). */
  public static Scaling fit(Kind kind, Tensor x) {
    return switch (kind) {
      case NONE, BYTES -> new Scaling(kind, new float[0], new float[0]);
      case MINMAX -> {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : x.data) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        yield new Scaling(kind, new float[] {lo}, new float[] {hi});
      }
      case COLUMNS -> {
        float[] lo = new float[x.cols], hi = new float[x.cols];
        Arrays.fill(lo, Float.POSITIVE_INFINITY);
        Arrays.fill(hi, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < x.rows; i++) {
          for (int j = 0; j < x.cols; j++) {
            float v = x.data[i * x.cols + j];
            lo[j] = Math.min(lo[j], v);
            hi[j] = Math.max(hi[j], v);
          }
        }
        yield new Scaling(kind, lo, hi);
      }
    };
  }

  /** The lowercase name {@link #parse} accepts. */
  public String label() {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether the range was fitted on the training rows (minmax, columns), so other rows may fall
   * outside it; a fixed scale (none, bytes) holds every row of the data to [0, 1].
   */
  public boolean fitted() {
    return kind == Kind.MINMAX || kind == Kind.COLUMNS;
  }

  /** New data scaled as the training rows were, clamped into [0, 1]; a count of clamped values goes to {@code log}. */
  public Dataset scaleNew(String name, Tensor raw, java.util.function.Consumer<String> log) {
    Scaled s = apply(raw, name, true);
    if (s.clamped() > 0) log.accept(String.format("%s: %,d values outside the training range were clamped into [0, 1]", name, s.clamped()));
    return new Dataset(name, s.x(), null);
  }

  /** What {@link #apply} returns: the scaled values and how many were clamped into [0, 1]. */
  public record Scaled(Tensor x, long clamped) {}

  /**
   * Scales a copy of {@code x} into [0, 1]. With {@code clamp} false (training data) a value
   * outside [0, 1] after scaling is an {@link InputException} naming {@code source}, the row and
   * the column; with {@code clamp} true (data scored later) it is clamped and counted.
   */
  public Scaled apply(Tensor x, String source, boolean clamp) {
    if (kind == Kind.COLUMNS && min.length != x.cols) {
      throw new InputException(source + ": " + x.cols + " columns, but the scaling was fitted on " + min.length);
    }
    float[] out = new float[x.data.length];
    long clamped = 0;
    for (int k = 0; k < out.length; k++) {
      float v = x.data[k];
      if (!Float.isFinite(v)) {
        throw new InputException(source + ": value " + v + " at row " + k / x.cols + ", column " + k % x.cols + "; expected finite numbers");
      }
      double s = switch (kind) {
        case NONE -> v;
        case BYTES -> v / 255.0;
        case MINMAX -> unit(v, min[0], max[0]);
        case COLUMNS -> unit(v, min[k % x.cols], max[k % x.cols]);
      };
      if (!(s >= 0 && s <= 1)) {
        if (!clamp) {
          throw new InputException(source + ": value " + v + " at row " + k / x.cols + ", column " + k % x.cols
              + " is outside [0, 1] after {scale} " + label() + "; expected values in [0, 1] (or choose {scale} bytes, minmax or columns)");
        }
        clamped++;
        s = Math.min(Math.max(s, 0), 1);
      }
      out[k] = (float) s;
    }
    return new Scaled(new Tensor(x.rows, x.cols, out), clamped);
  }

  /**
   * The inverse of the rule on values in [0, 1]: raw units again (a model's reconstruction of
   * scaled data, for instance); a constant column maps back to its one value. In place.
   *
   * <pre>
   *   none: x = x'    bytes: x = 255 x'    minmax, columns: x = lo + x' (hi − lo)
   * </pre>
   */
  public void invert(Tensor x) {
    if (kind == Kind.COLUMNS && min.length != x.cols) throw new IllegalArgumentException(x.cols + " columns, the scaling has " + min.length);
    for (int k = 0; k < x.data.length; k++) {
      double v = x.data[k];
      x.data[k] = (float) switch (kind) {
        case NONE -> v;
        case BYTES -> v * 255.0;
        case MINMAX -> min[0] + v * ((double) max[0] - min[0]);
        case COLUMNS -> min[k % x.cols] + v * ((double) max[k % x.cols] - min[k % x.cols]);
      };
    }
  }

  /** (v − lo) / (hi − lo), 0 for a constant range; in double so the fitted range maps into [0, 1] exactly. */
  private static double unit(float v, float lo, float hi) {
    return hi > lo ? ((double) v - lo) / ((double) hi - lo) : 0.0;
  }
}
