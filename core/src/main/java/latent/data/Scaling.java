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
    return new Fit(kind, x.cols).add(x.data, 0, x.rows).scaling();
  }

  /**
   * The range of a rule fitted over rows given a block at a time (a file larger than memory is
   * fitted in one pass): the minimum and maximum, over everything for minmax, per column for
   * columns. A value that is not finite is refused by {@link #apply} and by the mapped reader,
   * so it never reaches the fit unnoticed.
   */
  public static final class Fit {
    private final Kind kind;
    private final int cols;
    private final float[] lo, hi;

    public Fit(Kind kind, int cols) {
      this.kind = kind;
      this.cols = cols;
      int n = kind == Kind.COLUMNS ? cols : 1;
      lo = new float[n];
      hi = new float[n];
      Arrays.fill(lo, Float.POSITIVE_INFINITY);
      Arrays.fill(hi, Float.NEGATIVE_INFINITY);
    }

    /** Takes {@code rows} rows of {@code cols} values starting at {@code values[from]}. */
    public Fit add(float[] values, int from, int rows) {
      if (kind == Kind.NONE || kind == Kind.BYTES) return this;
      for (int k = from; k < from + rows * cols; k++) {
        int j = kind == Kind.COLUMNS ? (k - from) % cols : 0;
        lo[j] = Math.min(lo[j], values[k]);
        hi[j] = Math.max(hi[j], values[k]);
      }
      return this;
    }

    public Scaling scaling() {
      return kind == Kind.NONE || kind == Kind.BYTES ? new Scaling(kind, new float[0], new float[0])
          : new Scaling(kind, lo.clone(), hi.clone());
    }
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
    return apply(x, source, clamp, 0);
  }

  /** As {@link #apply(Tensor, String, boolean)} for rows of a larger file, the first of them its row {@code firstRow}. */
  public Scaled apply(Tensor x, String source, boolean clamp, long firstRow) {
    if (kind == Kind.COLUMNS && min.length != x.cols) {
      throw new InputException(source + ": " + x.cols + " columns, but the scaling was fitted on " + min.length);
    }
    requireFinite(x, source, firstRow);
    float[] out = new float[x.data.length];
    long clamped = 0;
    for (int k = 0; k < out.length; k++) {
      float v = x.data[k];
      double s = unit(v, k % x.cols);
      if (!(s >= 0 && s <= 1)) {
        if (!clamp) {
          throw new InputException(source + ": value " + v + " at row " + (firstRow + k / x.cols) + ", column " + k % x.cols
              + " is outside [0, 1] after {scale} " + label() + "; expected values in [0, 1] (or choose {scale} bytes, minmax or columns)");
        }
        clamped++;
        s = Math.min(Math.max(s, 0), 1);
      }
      out[k] = (float) s;
    }
    return new Scaled(new Tensor(x.rows, x.cols, out), clamped);
  }

  /** Refuses a NaN or infinite value of {@code x}, naming its row (counted from {@code firstRow}) and column. */
  static void requireFinite(Tensor x, String source, long firstRow) {
    for (int k = 0; k < x.data.length; k++) {
      if (!Float.isFinite(x.data[k])) {
        throw new InputException(source + ": value " + x.data[k] + " at row " + (firstRow + k / x.cols) + ", column " + k % x.cols + "; expected finite numbers");
      }
    }
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

  /** The rule applied to value {@code v} of column {@code col}, unclamped. */
  public double unit(float v, int col) {
    return switch (kind) {
      case NONE -> v;
      case BYTES -> v / 255.0;
      case MINMAX -> unit(v, min[0], max[0]);
      case COLUMNS -> unit(v, min[col], max[col]);
    };
  }

  /** (v − lo) / (hi − lo), 0 for a constant range; in double so the fitted range maps into [0, 1] exactly. */
  private static double unit(float v, float lo, float hi) {
    return hi > lo ? ((double) v - lo) / ((double) hi - lo) : 0.0;
  }
}
