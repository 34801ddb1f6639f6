package latent.data;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import latent.InputException;
import latent.io.AtomicFiles;

/**
 * A CSV file of numbers ({@link CsvMatrix}'s rules: an optional header line, blank lines
 * skipped, plain decimal numbers) converted to a float32 {@code .npy} file in one streaming pass
 * with bounded memory: one line and a 1 MiB output buffer at a time, whatever the file's size.
 * The header is written first with room for any row count and replaced in place at the end;
 * the output is written through {@link AtomicFiles#writeChannel}, so it appears only when
 * complete and a failed or stopped conversion leaves no partial file.
 */
public final class CsvToNpy {
  private CsvToNpy() {}

  /** What was converted: rows and columns, and the CSV's size in bytes. */
  public record Summary(long rows, int cols, long bytes) {}

  /** Converts {@code csv} to {@code npy}, reporting the CSV bytes read so far, and the CSV's size, to {@code progress}. */
  public static Summary convert(Path csv, Path npy, Progress progress) {
    if (Files.isDirectory(csv)) throw new InputException(csv + ": is a folder, expected a CSV file of numbers");
    Summary[] done = new Summary[1];
    AtomicFiles.writeChannel(npy, out -> {
      try (InputStream raw = Files.newInputStream(csv); Counting counted = new Counting(raw);
           BufferedReader in = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8.newDecoder()), 1 << 16)) {
        done[0] = stream(csv, in, counted, out, Files.size(csv), progress);
      } catch (NoSuchFileException | java.nio.charset.CharacterCodingException e) {   // the input's fault; others are the output's
        throw CsvMatrix.readFailure(csv, e);
      }
    });
    return done[0];
  }

  /** Where a conversion stands: bytes of the CSV read, of its size. */
  @FunctionalInterface
  public interface Progress {
    void read(long bytes, long size);
  }

  private static Summary stream(Path csv, BufferedReader in, Counting counted, FileChannel out, long size, Progress progress)
      throws IOException {
    int[] shape = {-1, -1};   // columns, the placeholder header's length
    long[] seen = {0};
    ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    long rows = CsvMatrix.rows(csv, in, cols -> {
      shape[0] = cols;
      shape[1] = Npy.header(Long.MAX_VALUE, cols, 0).length;   // room for any row count
      out.write(ByteBuffer.wrap(new byte[shape[1]]));
    }, (lineNo, f) -> {
      if (buf.remaining() < 4 * f.length) drain(buf, out);
      for (int c = 0; c < f.length; c++) buf.putFloat(CsvMatrix.number(csv, lineNo, c, f[c]));
      if ((++seen[0] & 0xFFF) == 0) progress.read(counted.count, size);
    });
    drain(buf, out);
    out.write(ByteBuffer.wrap(Npy.header(rows, shape[0], shape[1])), 0);
    progress.read(size, size);
    return new Summary(rows, shape[0], size);
  }

  private static void drain(ByteBuffer buf, FileChannel out) throws IOException {
    buf.flip();
    while (buf.hasRemaining()) out.write(buf);
    buf.clear();
  }

  /** Counts the bytes read through it, for the progress line. */
  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) count++;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) count += n;
      return n;
    }
  }
}
