package latent.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import latent.InputException;
import latent.tensor.Tensor;

/**
 * Reads and writes NumPy {@code .npy} files (the format of {@code numpy.save}, NEP 1):
 *
 * <pre>
 * offset   bytes   field
 * 0        6       magic "\x93NUMPY"
 * 6        2       format version major, minor (1.0, 2.0 or 3.0)
 * 8        2 | 4   header length H, little-endian: uint16 in version 1, uint32 in 2 and 3
 * 10 | 12  H       a Python dict literal, e.g. {'descr': '&lt;f4', 'fortran_order': False, 'shape': (100, 64), }
 *                  padded with spaces and ending in '\n'
 * then     Π shape · itemsize bytes of data
 * </pre>
 *
 * <p>Read: {@code descr} float32 ({@code <f4}), float64 ({@code <f8}) or uint8 ({@code |u1}),
 * C order only. An array of shape {@code (n, d1, …, dr)} becomes a tensor {@code [n, d1·…·dr]}:
 * one row per example (a stack of 8×8 images becomes 64 values a row); a 1-D array of n values
 * becomes {@code [n, 1]}. float64 values are rounded to float32. The header, the shape and the
 * file length are checked before anything is allocated; every error is one
 * {@link InputException} that starts with the path.
 *
 * <p>Write: float32, version 1.0, the header padded so the data starts at a multiple of 64 bytes.
 */
public final class Npy {
  /** Largest number of values read into memory: the largest float array the JVM reliably allocates. */
  public static final long MAX_VALUES = Integer.MAX_VALUE - 8;
  /** Largest number of values of a file read through a mapping ({@link MappedNpy}): 2^46, 256 TiB of float32. */
  static final long MAX_MAPPED_VALUES = 1L << 46;
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int MAX_HEADER = 1 << 16;

  private Npy() {}

  /** The parsed header: element type, shape and where the data starts. */
  record Header(String descr, long[] shape, long dataOffset) {
    int itemSize() {
      return descr.endsWith("8") ? 8 : descr.endsWith("4") ? 4 : 1;
    }

    long count() {
      long n = 1;
      for (long s : shape) n *= s;
      return n;
    }
  }

  /** Reads a whole {@code .npy} file as {@code [n, values per example]}. */
  public static Tensor read(Path file) {
    requireFile(file);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      long fileLength = Files.size(file);
      Header h = readHeader(in, file);
      requireLength(file, h, fileLength);
      if (h.count() > MAX_VALUES) {
        throw new InputException(file + ": holds " + h.count() + " values, more than the " + MAX_VALUES
            + " an array in memory takes; read it mapped from the file ({storage} mapped)");
      }
      int rows = (int) h.shape()[0];
      int cols = (int) (h.count() / rows);
      float[] x = new float[(int) h.count()];
      readValues(in, file, h, x);
      return new Tensor(rows, cols, x);
    } catch (IOException e) {
      throw readFailure(file, e);
    }
  }

  /** Refuses a path that is missing or a folder, before it is opened as a {@code .npy} file. */
  static void requireFile(Path file) {
    if (!Files.exists(file)) throw new InputException(file + ": no such file (expected a NumPy .npy file)");
    if (Files.isDirectory(file)) throw new InputException(file + ": is a folder, expected a NumPy .npy file");
  }

  /** A failure to read {@code file} as one line: missing, not permitted, or the system's reason. */
  static InputException readFailure(Path file, IOException e) {
    if (e instanceof NoSuchFileException) return new InputException(file + ": no such file (expected a NumPy .npy file)", e);
    if (e instanceof AccessDeniedException) return new InputException(file + ": permission denied", e);
    return new InputException(file + ": cannot read: " + e.getMessage(), e);
  }

  /** Writes {@code x} as a float32 array of shape {@code (rows, cols)}, C order. */
  public static void write(OutputStream out, Tensor x) throws IOException {
    writeHeader(out, x.rows, x.cols);
    writeValues(out, x);
  }

  /** The header of a float32 array of shape {@code (rows, cols)}: write {@code rows} rows of values after it ({@link #writeValues}). */
  public static void writeHeader(OutputStream out, long rows, int cols) throws IOException {
    out.write(header(rows, cols, 0));
  }

  /** The values of {@code x}, float32 little-endian, row after row. */
  public static void writeValues(OutputStream out, Tensor x) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : x.data) {
      if (!buf.hasRemaining()) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      buf.putFloat(v);
    }
    out.write(buf.array(), 0, buf.position());
  }

  /**
   * The bytes before the data of a float32 {@code (rows, cols)} array: magic, version 1.0, and the
   * header dict padded with spaces to a multiple of 64 bytes in all, and to at least
   * {@code minLength} (so that a header written before the row count is known can be replaced
   * in place by the final one).
   */
  static byte[] header(long rows, int cols, int minLength) {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
    int total = Math.max((10 + dict.length() + 1 + 63) / 64 * 64, minLength);
    StringBuilder h = new StringBuilder(dict);
    while (10 + h.length() + 1 < total) h.append(' ');
    h.append('\n');
    byte[] text = h.toString().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(10 + text.length);
    b.put(MAGIC).put(new byte[] {1, 0, (byte) (text.length & 0xFF), (byte) (text.length >>> 8)}).put(text);
    return b.array();
  }

  static Header readHeader(InputStream in, Path file) throws IOException {
    byte[] start = in.readNBytes(8);
    for (int i = 0; i < MAGIC.length; i++) {
      if (i >= start.length || start[i] != MAGIC[i]) {
        throw new InputException(file + ": not a NumPy .npy file (expected the magic bytes \\x93NUMPY at the start)");
      }
    }
    if (start.length < 8) throw new InputException(file + ": truncated .npy header (" + start.length + " bytes)");
    int major = start[6] & 0xFF;
    if (major < 1 || major > 3) throw new InputException(file + ": .npy format version " + major + "." + (start[7] & 0xFF) + ", expected 1.0, 2.0 or 3.0");
    byte[] lenBytes = in.readNBytes(major == 1 ? 2 : 4);
    if (lenBytes.length < (major == 1 ? 2 : 4)) throw new InputException(file + ": truncated .npy header (no header length)");
    ByteBuffer lb = ByteBuffer.wrap(lenBytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = major == 1 ? lb.getShort() & 0xFFFF : lb.getInt() & 0xFFFF_FFFFL;
    if (headerLength > MAX_HEADER) throw new InputException(file + ": .npy header length " + headerLength + " is implausible (corrupt file?)");
    byte[] text = in.readNBytes((int) headerLength);
    if (text.length < headerLength) throw new InputException(file + ": truncated .npy header (" + text.length + " of " + headerLength + " bytes)");
    String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    var fields = NpyHeader.parse(file, dict);
    String descr = fields.descr();
    if (!descr.equals("<f4") && !descr.equals("<f8") && !descr.equals("|u1") && !descr.equals("<u1") && !descr.equals(">u1")) {
      throw new InputException(file + ": .npy dtype '" + InputException.excerpt(descr) + "' is not supported; expected float32 ('<f4'), float64 ('<f8') or uint8 ('|u1')");
    }
    if (fields.fortranOrder()) {
      throw new InputException(file + ": .npy array is in Fortran order; expected C order (save np.ascontiguousarray(a))");
    }
    long[] shape = fields.shape();
    if (shape.length == 0) throw new InputException(file + ": .npy array is a scalar (shape ()); expected one row per example, shape (n, d)");
    for (long s : shape) {
      if (s == 0) throw new InputException(file + ": .npy array of shape " + shapeText(shape) + " holds no values; expected at least one example");
    }
    long count = 1;
    for (long s : shape) {
      count = s > MAX_MAPPED_VALUES / count ? MAX_MAPPED_VALUES + 1 : count * s;
      if (count > MAX_MAPPED_VALUES || shape[0] > Integer.MAX_VALUE || count / shape[0] > Integer.MAX_VALUE) {
        throw new InputException(file + ": .npy header claims shape " + shapeText(shape) + ", more than the " + Integer.MAX_VALUE
            + " rows of at most " + Integer.MAX_VALUE + " values, " + MAX_MAPPED_VALUES + " values in all, that can be read (corrupt header?)");
      }
    }
    Header h = new Header(descr.equals("<u1") || descr.equals(">u1") ? "|u1" : descr, shape, (major == 1 ? 10 : 12) + headerLength);
    return h;
  }

  private static void readValues(InputStream in, Path file, Header h, float[] x) throws IOException {
    int item = h.itemSize();
    byte[] chunk = new byte[(1 << 16) / 8 * 8];
    int done = 0;
    while (done < x.length) {
      int n = Math.min(chunk.length / item, x.length - done);
      int got = in.readNBytes(chunk, 0, n * item);
      if (got < n * item) throw new InputException(file + ": truncated .npy data (the file shrank while reading)");
      ByteBuffer b = ByteBuffer.wrap(chunk, 0, n * item).order(ByteOrder.LITTLE_ENDIAN);
      switch (item) {
        case 4 -> b.asFloatBuffer().get(x, done, n);
        case 8 -> {
          for (int i = 0; i < n; i++) x[done + i] = (float) b.getDouble();
        }
        default -> {
          for (int i = 0; i < n; i++) x[done + i] = chunk[i] & 0xFF;
        }
      }
      done += n;
    }
  }

  /** Refuses a file whose length is not the header's shape times the item size (truncated, or with trailing bytes). */
  static void requireLength(Path file, Header h, long fileLength) {
    long need = h.count() * h.itemSize();
    long held = fileLength - h.dataOffset();
    if (held != need) {
      throw new InputException(file + ": .npy header claims shape " + shapeText(h.shape()) + " of " + h.descr() + " = " + need
          + " bytes of data, file holds " + held + (held < need ? " (truncated file)" : " (trailing bytes)"));
    }
  }

  static String shapeText(long[] shape) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) s.append(i > 0 ? ", " : "").append(shape[i]);
    return s.append(shape.length == 1 ? ",)" : ")").toString();
  }
}
