package latent.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import latent.InputException;
import latent.tensor.Tensor;

/**
 * A numeric matrix as comma-separated text: one row per example, one number per column,
 * the same number of columns on every line. An optional first line of column names (every
 * field not a number) is skipped; blank lines are ignored. Fields are plain decimal numbers
 * ({@code 0.5}, {@code -3}, {@code 1e-4}); quotes, NaN and infinities are rejected.
 *
 * <p>The file is read twice: first to count the rows and check that every line has the
 * first line's number of fields, so the matrix is allocated once at its exact size (and a
 * file too large to hold is refused before anything is allocated), then to parse the values.
 */
public final class CsvMatrix {
  private CsvMatrix() {}

  /** Reads {@code file} as {@code [rows, columns]}. */
  public static Tensor read(Path file) {
    if (!Files.exists(file)) throw new InputException(file + ": no such file (expected a CSV file of numbers)");
    if (Files.isDirectory(file)) throw new InputException(file + ": is a folder, expected a CSV file of numbers");
    try {
      Shape shape = scan(file);
      float[] x = new float[Math.toIntExact((long) shape.rows * shape.cols)];
      int[] row = {0};
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        rows(file, r, cols -> { }, (lineNo, f) -> {
          if (row[0] >= shape.rows || f.length != shape.cols) throw new InputException(file + ": changed while it was read");
          for (int c = 0; c < shape.cols; c++) x[row[0] * shape.cols + c] = number(file, lineNo, c, f[c]);
          row[0]++;
        });
      }
      if (row[0] != shape.rows) throw new InputException(file + ": changed while it was read");
      return new Tensor(shape.rows, shape.cols, x);
    } catch (IOException e) {
      throw readFailure(file, e);
    }
  }

  /** A failure to read {@code file} as one line: missing, not permitted, not UTF-8, or the system's reason. */
  static InputException readFailure(Path file, IOException e) {
    if (e instanceof NoSuchFileException) return new InputException(file + ": no such file (expected a CSV file of numbers)", e);
    if (e instanceof AccessDeniedException) return new InputException(file + ": permission denied", e);
    if (e instanceof java.nio.charset.CharacterCodingException) return new InputException(file + ": not UTF-8 text; expected a CSV file of numbers", e);
    return new InputException(file + ": cannot read: " + e.getMessage(), e);
  }

  /** Writes {@code x} with a first line of column names. */
  public static void write(OutputStream out, List<String> columns, Tensor x) throws IOException {
    if (columns.size() != x.cols) throw new IllegalArgumentException(columns.size() + " column names for " + x.cols + " columns");
    out.write((String.join(",", columns) + "\n").getBytes(StandardCharsets.UTF_8));
    writeRows(out, x);
  }

  /** The rows of {@code x}, one line each, after a header written before ({@link #write} writes both). */
  public static void writeRows(OutputStream out, Tensor x) throws IOException {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < x.rows; i++) {
      for (int j = 0; j < x.cols; j++) s.append(j > 0 ? "," : "").append(x.data[i * x.cols + j]);
      s.append('\n');
      if (s.length() > 1 << 16) {
        out.write(s.toString().getBytes(StandardCharsets.UTF_8));
        s.setLength(0);
      }
    }
    out.write(s.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Rows and columns. */
  private record Shape(int rows, int cols) {}

  private static Shape scan(Path file) throws IOException {
    int[] shape = {0, -1};   // rows, columns
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      rows(file, r, cols -> shape[1] = cols, (lineNo, f) -> {
        if ((long) ++shape[0] * shape[1] > Npy.MAX_VALUES) {
          throw new InputException(file + ": more than " + Npy.MAX_VALUES + " values, more than can be held");
        }
      });
    }
    return new Shape(shape[0], shape[1]);
  }

  /** What {@link #rows} hands over: the fields of one row of numbers and its line number. */
  @FunctionalInterface
  interface Row {
    void accept(int lineNo, String[] fields) throws IOException;
  }

  /** Told the number of columns, from the first line that is not blank, before any row. */
  @FunctionalInterface
  interface Columns {
    void accept(int cols) throws IOException;
  }

  /**
   * The one loop over a CSV file's lines: a byte-order mark dropped, blank lines skipped, the
   * first line's field count taken as the columns (that line skipped when it is a header), and
   * every later line held to it; each row's fields go to {@code row}, not yet parsed. Returns the
   * number of rows; a file without any is refused.
   */
  static long rows(Path file, BufferedReader r, Columns columns, Row row) throws IOException {
    int cols = -1, lineNo = 0, firstLine = 0;
    long rows = 0;
    String line;
    while ((line = r.readLine()) != null) {
      lineNo++;
      line = withoutBom(line, lineNo);
      if (line.isBlank()) continue;
      String[] f = line.split(",", -1);
      if (cols < 0) {
        cols = f.length;
        firstLine = lineNo;
        columns.accept(cols);
        if (isHeader(f)) continue;
      } else if (f.length != cols) {
        throw new InputException(file + ": line " + lineNo + " has " + f.length + " fields, expected " + cols + " (as line " + firstLine + ")");
      }
      row.accept(lineNo, f);
      rows++;
    }
    if (rows == 0) throw new InputException(file + ": no rows of numbers; expected one row per example, values separated by commas");
    return rows;
  }

  /** A decimal number as a spreadsheet writes one: no hex, no NaN or Infinity, no Java suffixes such as {@code 1f}. */
  private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /** A first line is a header when none of its fields is a number. */
  static boolean isHeader(String[] fields) {
    for (String f : fields) if (DECIMAL.matcher(f.strip()).matches()) return false;
    return true;
  }

  static float number(Path file, int line, int col, String field) {
    String s = field.strip();
    if (DECIMAL.matcher(s).matches()) {
      float v = Float.parseFloat(s);
      if (Float.isFinite(v)) return v;
    }
    throw new InputException(file + ": line " + line + ", column " + (col + 1) + ": '" + s + "' is not a finite number");
  }

  /** The line without the byte-order mark that some programs put at the start of a UTF-8 file. */
  static String withoutBom(String line, int lineNo) {
    return lineNo == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
  }
}
