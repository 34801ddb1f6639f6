package latent.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import latent.InputException;
import latent.tensor.Tensor;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST (LeCun et al.), raw or gzip-compressed.
 * Gzip is recognised by its magic bytes {@code 0x1f 0x8b}, not by the file name.
 *
 * <pre>
 * offset   bytes     field
 * 0        2         0x00 0x00
 * 2        1         data type; only 0x08 (unsigned byte) is read here
 * 3        1         number of dimensions d, accepted 1..4
 * 4        4·d       sizes n_1 … n_d, big-endian int32, each ≥ 0
 * 4 + 4·d  Π n_i     the values, row-major (last index fastest)
 * </pre>
 *
 * <p>Everything that can be checked is checked <em>before</em> the payload is allocated, so a
 * corrupt header claiming billions of images fails at once with an {@link InputException}:
 *
 * <ul>
 *   <li>the magic bytes, the type byte and the number of dimensions;
 *   <li>every size non-negative, and {@code Π n_i} (computed in {@code long}) at most
 *       {@link #MAX_PAYLOAD};
 *   <li>raw file: {@code 4 + 4·d + Π n_i} equals the file length exactly (shorter is
 *       "truncated", longer is "trailing bytes");
 *   <li>gzip file: the header is read from the decompressed stream; the uncompressed size
 *       {@code 4 + 4·d + Π n_i} must be at most {@link #MAX_GZIP_RATIO} times the compressed file
 *       size (deflate cannot expand more than about 1032:1) and must equal, modulo 2³², the
 *       trailer's ISIZE field (the last 4 bytes, little-endian). The payload is then
 *       decompressed and a stream that ends early is reported as truncated. A gzip file of
 *       several concatenated members is rejected by the ISIZE check, since ISIZE then covers
 *       only the last member; {@code gzip} itself writes one member.
 * </ul>
 *
 * Every error message starts with the file path and says what was expected.
 */
public final class Idx {
  /** Largest payload read, in bytes: the largest Java array the JVM reliably allocates. */
  public static final long MAX_PAYLOAD = Integer.MAX_VALUE - 8;

  /**
   * Largest ratio of uncompressed to compressed size believed for a gzip file. Deflate's limit
   * is about 1032:1; the margin covers the gzip header and trailer of tiny files.
   */
  public static final long MAX_GZIP_RATIO = 1100;

  /** The only data type read: unsigned byte. */
  static final int TYPE_UNSIGNED_BYTE = 0x08;

  private Idx() {}

  /** Whether {@code file} starts as an IDX file of unsigned bytes does (0x00 0x00 0x08), or as gzip (0x1f 0x8b). */
  public static boolean looksLike(Path file) {
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      byte[] b = in.readNBytes(3);
      return b.length == 3 && ((b[0] == 0 && b[1] == 0 && b[2] == TYPE_UNSIGNED_BYTE) || ((b[0] & 0xFF) == 0x1f && (b[1] & 0xFF) == 0x8b));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InputException(file + ": no such file", e);
    } catch (java.io.IOException e) {
      throw new InputException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /** Reads and validates a whole IDX file of unsigned bytes. */
  public static IdxArray read(Path file) {
    return readFile(file, true);
  }

  /**
   * Validates the header and the payload length of an IDX file without reading the payload:
   * exact for raw files; for gzip files the ISIZE and ratio checks (a gzip stream cut in the
   * middle is only caught by {@link #read}). Returns the sizes {@code [n_1, …, n_d]}.
   */
  public static int[] dims(Path file) {
    return readFile(file, false).dims();
  }

  /**
   * Reads an image file {@code [n, rows, cols]} as a tensor {@code [n, rows·cols]} with values
   * {@code byte / 255} in [0, 1].
   */
  public static Tensor readImages(Path file) {
    IdxArray a = read(file);
    if (a.dims().length != 3) {
      throw new InputException(file + ": expected an IDX image file with 3 dimensions (count×rows×cols), found "
          + a.dims().length + " (" + formatDims(a.dims()) + ")");
    }
    int n = a.count();
    int dim = a.itemSize();
    byte[] bytes = a.data();
    float[] x = new float[bytes.length];
    for (int i = 0; i < bytes.length; i++) x[i] = (bytes[i] & 0xFF) / 255f;
    return new Tensor(n, dim, x);
  }

  /** Reads a label file {@code [n]} as {@code n} integers in 0..255. */
  public static int[] readLabels(Path file) {
    IdxArray a = read(file);
    if (a.dims().length != 1) {
      throw new InputException(file + ": expected an IDX label file with 1 dimension (count), found "
          + a.dims().length + " (" + formatDims(a.dims()) + ")");
    }
    byte[] bytes = a.data();
    int[] labels = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) labels[i] = bytes[i] & 0xFF;
    return labels;
  }

  /**
   * Reads an image file and its label file as one {@link Dataset}. The two headers are checked
   * to agree on the count before either payload is read.
   */
  public static Dataset readPair(String name, Path images, Path labels) {
    int[] imageDims = dims(images);
    int[] labelDims = dims(labels);
    if (imageDims[0] != labelDims[0]) {
      throw new InputException(labels + ": holds " + labelDims[0] + " labels but " + images + " holds "
          + imageDims[0] + " images; expected the same count");
    }
    return new Dataset(name, readImages(images), readLabels(labels));
  }

  /** {@code "60000×28×28"}. */
  static String formatDims(int[] dims) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < dims.length; i++) {
      if (i > 0) s.append('×');
      s.append(dims[i]);
    }
    return s.toString();
  }

  // ---- reading ---------------------------------------------------------------------------

  /** A validated header: the sizes, the header length in bytes and the payload length. */
  private record Header(int[] dims, int headerBytes, long payloadBytes) {}

  private static IdxArray readFile(Path file, boolean withPayload) {
    if (!Files.exists(file)) throw new InputException(file + ": no such file (expected an IDX file)");
    if (Files.isDirectory(file)) throw new InputException(file + ": is a folder, expected an IDX file");
    try {
      long fileLength = Files.size(file);
      return isGzip(file) ? readGzip(file, fileLength, withPayload) : readRaw(file, fileLength, withPayload);
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file (expected an IDX file)", e);
    } catch (AccessDeniedException e) {
      throw new InputException(file + ": permission denied", e);
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private static IdxArray readRaw(Path file, long fileLength, boolean withPayload) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      Header h = readHeader(in, file);
      long held = fileLength - h.headerBytes();
      if (held < h.payloadBytes()) throw truncated(file, h, held);
      if (held > h.payloadBytes()) {
        throw new InputException(file + ": IDX header claims " + formatDims(h.dims()) + " = " + h.payloadBytes()
            + " bytes of data, file holds " + held + " (" + (held - h.payloadBytes()) + " trailing bytes)");
      }
      if (!withPayload) return new IdxArray(h.dims(), null);
      byte[] data = new byte[(int) h.payloadBytes()];   // read whole past the buffer, not in 8 KiB chunks copied twice
      int read = in.readNBytes(data, 0, data.length);
      if (read < data.length) throw truncated(file, h, read); // shrank while reading
      return new IdxArray(h.dims(), data);
    }
  }

  private static IdxArray readGzip(Path file, long fileLength, boolean withPayload) throws IOException {
    if (fileLength < 18) throw new InputException(file + ": truncated gzip file (" + fileLength + " bytes, a gzip file has at least 18)");
    long isize = readIsize(file, fileLength);
    try (InputStream in = openGzip(file)) {
      Header h;
      try {
        h = readHeader(in, file);
      } catch (EOFException | ZipException e) {
        throw corruptGzip(file, e);
      }
      long uncompressed = h.headerBytes() + h.payloadBytes();
      if (uncompressed > MAX_GZIP_RATIO * fileLength) {
        throw new InputException(file + ": IDX header claims " + formatDims(h.dims()) + " = " + h.payloadBytes()
            + " bytes of data, but the gzip file is only " + fileLength
            + " bytes and deflate cannot expand more than about 1032:1 (truncated file or corrupt header)");
      }
      if ((uncompressed & 0xFFFF_FFFFL) != isize) {
        throw new InputException(file + ": gzip trailer says " + isize + " bytes uncompressed (mod 2^32), but the IDX header "
            + formatDims(h.dims()) + " needs " + uncompressed + " (truncated or corrupt file)");
      }
      if (!withPayload) return new IdxArray(h.dims(), null);
      byte[] data;
      try {
        data = in.readNBytes((int) h.payloadBytes());
        if (data.length < h.payloadBytes()) throw truncated(file, h, data.length);
        if (in.read() != -1) {
          throw new InputException(file + ": IDX header claims " + formatDims(h.dims()) + " = " + h.payloadBytes()
              + " bytes of data, the gzip stream holds more (trailing bytes)");
        }
      } catch (EOFException e) {
        throw new InputException(file + ": truncated gzip stream: IDX header claims " + formatDims(h.dims()) + " = "
            + h.payloadBytes() + " bytes of data, the stream ended early", e);
      } catch (ZipException e) {
        throw corruptGzip(file, e);
      }
      return new IdxArray(h.dims(), data);
    }
  }

  private static InputStream openGzip(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file));
    try {
      return new GZIPInputStream(raw, 1 << 16);
    } catch (EOFException | ZipException e) {
      raw.close();
      throw corruptGzip(file, e);
    }
  }

  /** ISIZE: the last 4 bytes of a gzip file, little-endian, the uncompressed size mod 2³². */
  private static long readIsize(Path file, long fileLength) throws IOException {
    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
      ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      ch.position(fileLength - 4);
      while (b.hasRemaining()) {
        if (ch.read(b) < 0) throw new EOFException("file shrank while reading");
      }
      return b.getInt(0) & 0xFFFF_FFFFL;
    }
  }

  private static Header readHeader(InputStream in, Path file) throws IOException {
    byte[] magic = in.readNBytes(4);
    if (magic.length < 4) {
      throw new InputException(file + ": not an IDX file: " + magic.length + " bytes, too short for the 4-byte header start");
    }
    if (magic[0] != 0 || magic[1] != 0) {
      throw new InputException(file + ": not an IDX file: first two bytes are " + hex(magic[0]) + " " + hex(magic[1])
          + ", expected 0x00 0x00");
    }
    int type = magic[2] & 0xFF;
    if (type != TYPE_UNSIGNED_BYTE) {
      throw new InputException(file + ": IDX data type " + hex(magic[2]) + " (" + typeName(type)
          + ") is not supported, expected 0x08 (unsigned byte)");
    }
    int rank = magic[3] & 0xFF;
    if (rank < 1 || rank > 4) {
      throw new InputException(file + ": IDX header has " + rank + " dimensions, expected 1 to 4");
    }
    byte[] sizeBytes = in.readNBytes(4 * rank);
    if (sizeBytes.length < 4 * rank) {
      throw new InputException(file + ": truncated IDX header: " + rank + " dimensions need " + 4 * rank
          + " bytes of sizes, file holds " + sizeBytes.length);
    }
    ByteBuffer sizes = ByteBuffer.wrap(sizeBytes).order(ByteOrder.BIG_ENDIAN);
    int[] dims = new int[rank];
    long total = 1;
    long perItem = 1;
    for (int i = 0; i < rank; i++) {
      dims[i] = sizes.getInt();
      if (dims[i] < 0) {
        throw new InputException(file + ": IDX dimension " + (i + 1) + " has negative size " + dims[i]);
      }
    }
    // Both products stay below 2^62 because each factor is below 2^31 and we stop past 2^31.
    for (int i = 0; i < rank; i++) {
      total *= dims[i];
      if (i > 0) perItem *= dims[i];
      if (total > MAX_PAYLOAD || perItem > MAX_PAYLOAD) {
        throw new InputException(file + ": IDX header claims " + formatDims(dims) + " values, more than the "
            + MAX_PAYLOAD + " bytes that can be read (corrupt header?)");
      }
    }
    return new Header(dims, 4 + 4 * rank, total);
  }

  private static InputException truncated(Path file, Header h, long held) {
    return new InputException(file + ": truncated IDX file: header claims " + formatDims(h.dims()) + " bytes of data, file holds " + held);
  }

  private static InputException corruptGzip(Path file, IOException e) {
    return new InputException(file + ": corrupt or truncated gzip data (" + e.getMessage() + "), expected a gzip-compressed IDX file", e);
  }

  private static String hex(byte b) {
    return String.format("0x%02X", b & 0xFF);
  }

  private static String typeName(int type) {
    return switch (type) {
      case 0x09 -> "signed byte";
      case 0x0B -> "int16";
      case 0x0C -> "int32";
      case 0x0D -> "float32";
      case 0x0E -> "float64";
      default -> "unknown type";
    };
  }
}
