package latent.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
final class IdxFiles {
  private IdxFiles() {}

  /** Header {@code 00 00 type rank, sizes big-endian} followed by {@code data}. */
  static byte[] idx(int type, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
    for (int d : dims) b.putInt(d);
    b.put(data);
    return b.array();
  }

  static byte[] idx(int[] dims, byte[] data) {
    return idx(0x08, dims, data);
  }

  static byte[] gzip(byte[] raw) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(raw);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path file, byte[] bytes) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code n} images of {@code rows×cols} with pixel {@code k} of image {@code i} = {@code (i * 7 + k) mod 256}. */
  static byte[] imagePixels(int n, int rows, int cols) {
    byte[] d = new byte[n * rows * cols];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < rows * cols; k++) d[i * rows * cols + k] = (byte) (i * 7 + k);
    }
    return d;
  }

  /** Labels {@code i mod 10}. */
  static byte[] labelBytes(int n) {
    byte[] d = new byte[n];
    for (int i = 0; i < n; i++) d[i] = (byte) (i % 10);
    return d;
  }

  /** Writes a labelled image/label pair with the given base names into {@code dir}. */
  static void writePair(Path dir, String images, String labels, int n, int rows, int cols, boolean gzip) {
    byte[] im = idx(new int[] {n, rows, cols}, imagePixels(n, rows, cols));
    byte[] lb = idx(new int[] {n}, labelBytes(n));
    write(dir.resolve(images), gzip ? gzip(im) : im);
    write(dir.resolve(labels), gzip ? gzip(lb) : lb);
  }
}
