package latent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The hostile-input suite's tools: seeded mutations of valid files, and the one rule every
 * reader must keep on any input, which {@link #check} asserts:
 *
 * <ul>
 *   <li>it returns normally, or throws {@link InputException} with a one-line message that
 *       names the file; any other exception or error fails the test;</li>
 *   <li>it allocates at most {@code slack + factor × file length} bytes (measured per thread,
 *       {@code com.sun.management.ThreadMXBean}), so a header claiming gigabytes cannot make it
 *       allocate them.</li>
 * </ul>
 */
public final class Hostile {
  private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  /** Bytes a reader may allocate besides its file-proportional share: buffers, exceptions, messages, JSON trees. */
  public static final long SLACK = 4L << 20;

  private Hostile() {}

  /** An in-memory file system: the readers take paths, and real files would make the system calls cost more than the reading. */
  private static final java.nio.file.FileSystem MEMORY = com.google.common.jimfs.Jimfs.newFileSystem(com.google.common.jimfs.Configuration.unix());

  /** A scratch file for the inputs, in memory. */
  public static Path scratchFile(String name) {
    return scratchFolder().resolve(name);
  }

  /** A fresh scratch folder, in memory. */
  public static Path scratchFolder() {
    try {
      return Files.createTempDirectory(Files.createDirectories(MEMORY.getPath("/tmp")), "hostile-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A reader of one file. */
  @FunctionalInterface
  public interface Reader {
    void read(Path file) throws Exception;
  }

  /** A reader of one file that returns what it decoded. */
  @FunctionalInterface
  public interface Decoder<T> {
    T read(Path file) throws Exception;
  }

  /** Writes {@code bytes} to {@code file}, runs {@code reader} on it and checks the rule; returns true when it was accepted. */
  public static boolean check(Path file, byte[] bytes, long factor, Reader reader) {
    return decode(file, bytes, factor, f -> {
      reader.read(f);
      return Boolean.TRUE;
    }).isPresent();
  }

  /**
   * Writes {@code bytes} to {@code file}, runs {@code decoder} on it and checks the rule; returns
   * what it decoded when the file was accepted, empty when it was rejected. The caller checks
   * the decoded value (the oracle), so a reader that accepts a file cannot return nonsense.
   */
  public static <T> java.util.Optional<T> decode(Path file, byte[] bytes, long factor, Decoder<T> decoder) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long before = THREADS.getCurrentThreadAllocatedBytes();
    T decoded = null;
    try {
      decoded = java.util.Objects.requireNonNull(decoder.read(file), "the reader returned null");
    } catch (InputException e) {
      String m = e.getMessage();
      assertTrue(m != null && !m.isBlank() && !m.contains("\n"), "not one line: " + m);
      assertTrue(m.contains(file.getFileName().toString()), "does not name the file: " + m);
    } catch (Throwable t) {
      fail("unexpected " + t + " on " + bytes.length + " bytes: " + hexStart(bytes), t);
    }
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    assertFalse(allocated > SLACK + factor * bytes.length,
        "allocated " + allocated + " bytes for a file of " + bytes.length + ": " + hexStart(bytes));
    net.jqwik.api.statistics.Statistics.label("accepted").collect(decoded != null);
    return java.util.Optional.ofNullable(decoded);
  }

  /** {@link #decode} for a file that must be accepted: what it decoded. */
  public static <T> T accepted(Path file, byte[] bytes, long factor, Decoder<T> decoder) {
    return decode(file, bytes, factor, decoder).orElseThrow(() -> new AssertionError(file + ": a valid file was rejected"));
  }

  /**
   * One to three seeded mutations of {@code good}: bit flips, bytes and 4- or 8-byte words set
   * to boundary values (both byte orders), truncation, appended, deleted or duplicated ranges,
   * and, for text, a digit replaced by a huge number.
   */
  public static byte[] mutate(byte[] good, Random r) {
    byte[] b = good.clone();
    int n = 1 + r.nextInt(3);
    for (int k = 0; k < n; k++) b = mutateOnce(b, r);
    return b;
  }

  private static final int[] INTS = {0, 1, -1, 2, 255, 256, 60000, 0x7FFF_FFFF, 0x8000_0000, 0x7FFF_FFF7, 0x0000_0803, 0x0000_0801, 65536};
  private static final long[] LONGS = {0, 1, 7, 8, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 31, 1L << 40, 100L << 20};
  private static final String[] NUMBERS = {"99999999999999999999", "-1", "1e308", "NaN", "0", "2147483648", "-9223372036854775809", "\"x\""};

  private static byte[] mutateOnce(byte[] b, Random r) {
    int len = b.length;
    switch (len == 0 ? 7 : r.nextInt(9)) {
      case 0 -> b[r.nextInt(len)] ^= (byte) (1 << r.nextInt(8));
      case 1 -> b[r.nextInt(len)] = (byte) new int[] {0, 0xFF, 0x7F, 0x80, 1, '"', '{', '}', ',', ':'}[r.nextInt(10)];
      case 2 -> {
        if (len >= 4) {
          int at = r.nextInt(len - 3), v = INTS[r.nextInt(INTS.length)];
          boolean big = r.nextBoolean();
          for (int i = 0; i < 4; i++) b[at + i] = (byte) (big ? v >>> (24 - 8 * i) : v >>> (8 * i));
        }
      }
      case 3 -> {
        if (len >= 8) {
          int at = r.nextInt(4) == 0 ? 0 : r.nextInt(len - 7);
          long v = r.nextBoolean() ? LONGS[r.nextInt(LONGS.length)] : len - 8 + r.nextInt(5) - 2;
          for (int i = 0; i < 8; i++) b[at + i] = (byte) (v >>> (8 * i));
        }
      }
      case 4 -> b = java.util.Arrays.copyOf(b, r.nextInt(len + 1));
      case 5 -> {
        int from = r.nextInt(len), to = from + r.nextInt(Math.min(64, len - from) + 1);
        byte[] c = new byte[len - (to - from)];
        System.arraycopy(b, 0, c, 0, from);
        System.arraycopy(b, to, c, from, len - to);
        b = c;
      }
      case 6 -> {
        int from = r.nextInt(len), count = r.nextInt(Math.min(64, len - from) + 1);
        byte[] c = new byte[len + count];
        System.arraycopy(b, 0, c, 0, from + count);
        System.arraycopy(b, from, c, from + count, len - from);
        b = c;
      }
      case 7 -> {
        byte[] extra = new byte[1 + r.nextInt(32)];
        r.nextBytes(extra);
        byte[] c = java.util.Arrays.copyOf(b, len + extra.length);
        System.arraycopy(extra, 0, c, len, extra.length);
        b = c;
      }
      default -> {
        int digit = -1;
        for (int tries = 0; tries < 16 && digit < 0; tries++) {
          int at = r.nextInt(len);
          if (b[at] >= '0' && b[at] <= '9') digit = at;
        }
        if (digit >= 0) {
          byte[] num = NUMBERS[r.nextInt(NUMBERS.length)].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
          byte[] c = new byte[len - 1 + num.length];
          System.arraycopy(b, 0, c, 0, digit);
          System.arraycopy(num, 0, c, digit, num.length);
          System.arraycopy(b, digit + 1, c, digit + num.length, len - digit - 1);
          b = c;
        } else {
          b[r.nextInt(len)] ^= 1;
        }
      }
    }
    return b;
  }

  private static String hexStart(byte[] b) {
    return java.util.HexFormat.ofDelimiter(" ").formatHex(b, 0, Math.min(b.length, 48)) + (b.length > 48 ? " …" : "");
  }
}
