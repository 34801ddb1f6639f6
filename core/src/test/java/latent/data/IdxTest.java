package latent.data;

import static latent.data.IdxFiles.gzip;
import static latent.data.IdxFiles.idx;
import static latent.data.IdxFiles.imagePixels;
import static latent.data.IdxFiles.labelBytes;
import static latent.data.IdxFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import latent.InputException;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  private static void assertMessage(InputException e, Path file, String... parts) {
    String m = e.getMessage();
    assertTrue(m.startsWith(file.toString()), "message should start with the path: " + m);
    for (String p : parts) assertTrue(m.contains(p), "message should contain '" + p + "': " + m);
    assertTrue(!m.contains("\n"), "message should be one line: " + m);
  }

  private static void checkImages(Tensor x, int n, int dim) {
    assertEquals(n, x.rows);
    assertEquals(dim, x.cols);
    byte[] expected = imagePixels(n, 1, dim);
    for (int k = 0; k < expected.length; k++) assertEquals((expected[k] & 0xFF) / 255f, x.data[k], 0f, "pixel " + k);
  }

  @Test
  void rawRoundTrip() {
    Path images = write(dir.resolve("images"), idx(new int[] {5, 3, 4}, imagePixels(5, 3, 4)));
    Path labels = write(dir.resolve("labels"), idx(new int[] {5}, labelBytes(5)));
    assertArrayEquals(new int[] {5, 3, 4}, Idx.dims(images));
    IdxArray a = Idx.read(images);
    assertArrayEquals(new int[] {5, 3, 4}, a.dims());
    assertArrayEquals(imagePixels(5, 3, 4), a.data());
    checkImages(Idx.readImages(images), 5, 12);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Idx.readLabels(labels));
  }

  @Test
  void unsignedBytesScaleToUnitInterval() {
    Path f = write(dir.resolve("img"), idx(new int[] {1, 1, 3}, new byte[] {0, (byte) 128, (byte) 255}));
    assertArrayEquals(new float[] {0f, 128 / 255f, 1f}, Idx.readImages(f).data);
  }

  @Test
  void gzipRoundTripDetectedByMagicNotName() {
    // No .gz in the names: gzip must be recognised from the bytes.
    Path images = write(dir.resolve("images.idx"), gzip(idx(new int[] {6, 2, 5}, imagePixels(6, 2, 5))));
    Path labels = write(dir.resolve("labels.idx"), gzip(idx(new int[] {6}, labelBytes(6))));
    assertArrayEquals(new int[] {6, 2, 5}, Idx.dims(images));
    checkImages(Idx.readImages(images), 6, 10);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, Idx.readLabels(labels));
  }

  @Test
  void readPairChecksCounts() {
    Path images = write(dir.resolve("images"), idx(new int[] {4, 2, 2}, imagePixels(4, 2, 2)));
    Path good = write(dir.resolve("labels"), idx(new int[] {4}, labelBytes(4)));
    Path bad = write(dir.resolve("labels-3"), idx(new int[] {3}, labelBytes(3)));
    Dataset d = Idx.readPair("toy", images, good);
    assertEquals(4, d.size());
    assertEquals(4, d.dim());
    assertArrayEquals(new int[] {0, 1, 2, 3}, d.labels());
    InputException e = assertThrows(InputException.class, () -> Idx.readPair("toy", images, bad));
    assertMessage(e, bad, "3 labels", "4 images");
  }

  @Test
  void truncatedRawFile() {
    byte[] full = idx(new int[] {5, 3, 4}, imagePixels(5, 3, 4));
    Path f = write(dir.resolve("short"), Arrays.copyOf(full, full.length - 10));
    InputException e = assertThrows(InputException.class, () -> Idx.read(f));
    assertMessage(e, f, "truncated IDX file", "5×3×4", "file holds 50");
    assertThrows(InputException.class, () -> Idx.dims(f));
  }

  @Test
  void trailingBytesInRawFile() {
    byte[] full = idx(new int[] {2}, labelBytes(2));
    Path f = write(dir.resolve("long"), Arrays.copyOf(full, full.length + 3));
    InputException e = assertThrows(InputException.class, () -> Idx.read(f));
    assertMessage(e, f, "trailing");
  }

  @Test
  void wrongMagic() {
    byte[] b = idx(new int[] {2}, labelBytes(2));
    b[0] = 0x01;
    Path f = write(dir.resolve("magic"), b);
    InputException e = assertThrows(InputException.class, () -> Idx.read(f));
    assertMessage(e, f, "not an IDX file", "0x01 0x00", "expected 0x00 0x00");
  }

  @Test
  void wrongTypeByte() {
    Path f = write(dir.resolve("floats"), idx(0x0D, new int[] {1}, new byte[4]));
    InputException e = assertThrows(InputException.class, () -> Idx.read(f));
    assertMessage(e, f, "0x0D", "float32", "expected 0x08 (unsigned byte)");
  }

  @Test
  void rankOutOfRange() {
    Path zero = write(dir.resolve("rank0"), idx(new int[] {}, new byte[] {1}));
    Path five = write(dir.resolve("rank5"), idx(new int[] {1, 1, 1, 1, 1}, new byte[] {1}));
    assertMessage(assertThrows(InputException.class, () -> Idx.read(zero)), zero, "0 dimensions", "1 to 4");
    assertMessage(assertThrows(InputException.class, () -> Idx.read(five)), five, "5 dimensions", "1 to 4");
  }

  @Test
  void negativeSize() {
    Path f = write(dir.resolve("neg"), idx(new int[] {2, -3}, new byte[0]));
    assertMessage(assertThrows(InputException.class, () -> Idx.read(f)), f, "negative size -3");
  }

  @Test
  void tooShortAndEmptyFiles() {
    Path empty = write(dir.resolve("empty"), new byte[0]);
    Path header = write(dir.resolve("header"), new byte[] {0, 0, 8, 3, 0, 0});
    assertMessage(assertThrows(InputException.class, () -> Idx.read(empty)), empty, "not an IDX file");
    assertMessage(assertThrows(InputException.class, () -> Idx.read(header)), header, "truncated IDX header");
  }

  @Test
  void missingFileAndFolder() {
    Path f = dir.resolve("nope");
    assertMessage(assertThrows(InputException.class, () -> Idx.read(f)), f, "no such file");
    assertMessage(assertThrows(InputException.class, () -> Idx.read(dir)), dir, "is a folder");
  }

  @Test
  void wrongRankForImagesOrLabels() {
    Path labels = write(dir.resolve("labels"), idx(new int[] {3}, labelBytes(3)));
    Path images = write(dir.resolve("images"), idx(new int[] {1, 2, 2}, new byte[4]));
    assertMessage(assertThrows(InputException.class, () -> Idx.readImages(labels)), labels, "3 dimensions", "found 1");
    assertMessage(assertThrows(InputException.class, () -> Idx.readLabels(images)), images, "1 dimension", "found 3");
  }

  /** Bytes allocated by this thread so far (HotSpot's per-thread allocation counter). */
  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  /**
   * A header claiming billions of values in a tiny file must be rejected from the header alone.
   * Had the reader allocated the claimed payload, this thread's allocation counter would rise
   * by gigabytes (or the JVM would run out of memory); the limit of 16 MB leaves room for
   * buffers and exception objects only.
   */
  @Test
  void hugeClaimsFailFastWithoutAllocating() {
    Path images = write(dir.resolve("huge-images"), idx(new int[] {2_000_000_000, 28, 28}, new byte[16]));
    Path labels = write(dir.resolve("huge-labels"), idx(new int[] {2_000_000_000}, new byte[16]));
    byte[] gz = gzip(idx(new int[] {2_000_000_000}, new byte[16]));
    // Make ISIZE agree with the claim (2e9 + 8 < 2^32) so only the ratio check can catch it.
    ByteBuffer.wrap(gz, gz.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) (2_000_000_000L + 8));
    Path gzLabels = write(dir.resolve("huge-labels-gz"), gz);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      long before = allocated();
      InputException a = assertThrows(InputException.class, () -> Idx.read(images));
      InputException b = assertThrows(InputException.class, () -> Idx.read(labels));
      InputException c = assertThrows(InputException.class, () -> Idx.read(gzLabels));
      long used = allocated() - before;
      assertMessage(a, images, "2000000000×28×28");
      assertMessage(b, labels, "truncated IDX file", "2000000000");
      assertMessage(c, gzLabels, "1032:1");
      assertTrue(used < 16 << 20, "allocated " + used + " bytes");
    });
  }

  @Test
  void gzipWithWrongIsize() {
    byte[] gz = gzip(idx(new int[] {5, 3, 4}, imagePixels(5, 3, 4)));
    ByteBuffer.wrap(gz, gz.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(12345);
    Path f = write(dir.resolve("isize.gz"), gz);
    InputException e = assertThrows(InputException.class, () -> Idx.read(f));
    assertMessage(e, f, "gzip trailer says 12345", "needs 76");
    assertThrows(InputException.class, () -> Idx.dims(f));
  }

  @Test
  void gzipCutShort() {
    byte[] gz = gzip(idx(new int[] {50, 8, 8}, imagePixels(50, 8, 8)));
    Path f = write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
    assertMessage(assertThrows(InputException.class, () -> Idx.read(f)), f);
  }

  /**
   * A stream cut in the middle but keeping a valid-looking trailer passes the ISIZE check; the
   * decompression itself must then fail with an InputException, not an IOException.
   */
  @Test
  void gzipStreamEndsEarlyDespiteValidTrailer() {
    byte[] gz = gzip(idx(new int[] {50, 8, 8}, imagePixels(50, 8, 8)));
    byte[] spliced = new byte[gz.length / 2 + 8];
    System.arraycopy(gz, 0, spliced, 0, gz.length / 2);
    System.arraycopy(gz, gz.length - 8, spliced, gz.length / 2, 8); // CRC32 and ISIZE of the full data
    Path f = write(dir.resolve("spliced.gz"), spliced);
    InputException e = assertThrows(InputException.class, () -> Idx.read(f));
    assertMessage(e, f, "truncated");
  }

  @Test
  void gzipTrailingData() {
    byte[] raw = idx(new int[] {4}, labelBytes(4));
    byte[] longer = Arrays.copyOf(raw, raw.length + 2);
    byte[] gz = gzip(longer);
    // ISIZE says the header-implied size, so only the end-of-stream check can notice the 2 extra bytes.
    ByteBuffer.wrap(gz, gz.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(raw.length);
    Path f = write(dir.resolve("trailing.gz"), gz);
    InputException e = assertThrows(InputException.class, () -> Idx.read(f));
    assertMessage(e, f, "trailing");
  }
}
