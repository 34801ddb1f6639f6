package latent.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import latent.InputException;
import latent.tensor.Tensor;

/**
 * A {@code .npy} file read in place: its data mapped into memory through the Foreign Function
 * and Memory API ({@link MemorySegment}, so no 2^31 limit on its size), rows read from the
 * mapping as float32 the way {@link Npy#read} converts them (float64 rounded, uint8 as 0..255).
 * The header and the file's length are checked when it is opened, before anything is read.
 *
 * <p>Memory: the operating system brings pages of the file in as rows are read. So that the
 * process's resident memory stays bounded whatever the file's size, the pages read are released
 * ({@link MemorySegment#unload}, which advises the kernel they are not needed) after every
 * {@value #RESIDENT_BYTES} bytes read; they stay in the page cache, so reading them again costs
 * a page fault, not a disk read. One reader at a time: the class is not thread-safe.
 */
public final class MappedNpy {
  /** Bytes read between releases of the mapped pages: the bound on the mapping's resident memory. */
  static final long RESIDENT_BYTES = 256L << 20;
  private static final ValueLayout.OfFloat F4 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfDouble F8 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final Path file;
  private final MemorySegment data;
  private final int rows, cols, itemSize;
  private long readSinceRelease;

  private MappedNpy(Path file, MemorySegment data, int rows, int cols, int itemSize) {
    this.file = file;
    this.data = data;
    this.rows = rows;
    this.cols = cols;
    this.itemSize = itemSize;
  }

  /** Maps {@code file}'s data, after checking its header and that its length matches the shape. */
  public static MappedNpy open(Path file) {
    Npy.requireFile(file);
    try {
      Npy.Header h;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 12)) {
        h = Npy.readHeader(in, file);
      }
      Npy.requireLength(file, h, Files.size(file));
      long n = h.shape()[0];
      int cols = (int) (h.count() / n);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        // An automatic arena: the mapping lives while the reader is reachable, and a
        // closed channel leaves it valid.
        MemorySegment data = ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset(), h.count() * h.itemSize(), Arena.ofAuto());
        return new MappedNpy(file, data, (int) n, cols, h.itemSize());
      }
    } catch (IOException e) {
      throw Npy.readFailure(file, e);
    }
  }

  public Path file() {
    return file;
  }

  /** Number of rows: the shape's first dimension. */
  public int rows() {
    return rows;
  }

  /** Values per row: the product of the shape's other dimensions. */
  public int cols() {
    return cols;
  }

  /** Bytes of the file's data: rows · cols · the item size. */
  public long bytes() {
    return data.byteSize();
  }

  /** Copies row {@code row}'s {@link #cols} values, as float32, into {@code dst} from {@code off}. */
  public void read(int row, float[] dst, int off) {
    long at = (long) row * cols * itemSize;
    switch (itemSize) {
      case 4 -> MemorySegment.copy(data, F4, at, dst, off, cols);
      case 8 -> {
        for (int j = 0; j < cols; j++) dst[off + j] = (float) data.get(F8, at + 8L * j);
      }
      default -> {
        for (int j = 0; j < cols; j++) dst[off + j] = data.get(ValueLayout.JAVA_BYTE, at + j) & 0xFF;
      }
    }
    readSinceRelease += (long) cols * itemSize;
    if (readSinceRelease >= RESIDENT_BYTES) {
      data.unload();
      readSinceRelease = 0;
    }
  }

  /** Rows {@code from} to {@code from + count − 1} as a {@code [count, cols]} tensor. */
  public Tensor read(int from, int count) {
    Tensor t = new Tensor(count, cols, new float[Math.multiplyExact(count, cols)]);
    for (int r = 0; r < count; r++) read(from + r, t.data, r * cols);
    return t;
  }
}
