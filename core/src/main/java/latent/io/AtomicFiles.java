package latent.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import latent.InputException;

/**
 * Writes a file so that readers see either the old content or the complete new one: write
 * a uniquely named {@code NAME.*.tmp} beside it, force it to disk, rename it over {@code NAME}.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();

  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /** A writer given the file's channel, for content that must seek (a header completed at the end). */
  @FunctionalInterface
  public interface ChannelWriter {
    void write(FileChannel channel) throws IOException;
  }

  public static void write(Path target, Writer writer) {
    writeChannel(target, ch -> {
      OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16);
      writer.write(out);
      out.flush();
    });
  }

  /** As {@link #write(Path, Writer)}, the content written through the temporary file's channel. */
  public static void writeChannel(Path target, ChannelWriter writer) {
    Path tmp = null;
    try {
      tmp = temporaryFor(target);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        writer.write(ch);
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new InputException(target + ": cannot write (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) {   // the writer's own complaint (bad input): no partial file is left either
      deleteQuietly(tmp);
      throw e;
    }
  }

  /**
   * A new empty file beside {@code target} to write before renaming it into place: named
   * uniquely (process id and a counter), so concurrent writers never share one, and made with
   * createFile, so it gets the umask's mode (a {@code Files.createTempFile} would be 600).
   */
  public static Path temporaryFor(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    return Files.createFile(dir.resolve(target.getFileName() + "." + ProcessHandle.current().pid() + "." + COUNTER.incrementAndGet() + ".tmp"));
  }

  private static void deleteQuietly(Path tmp) {
    try {
      if (tmp != null) Files.deleteIfExists(tmp);
    } catch (IOException ignored) {
      // the original failure is the one to report
    }
  }

  public static void writeString(Path target, String content) {
    write(target, out -> out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** Deletes a folder and everything in it, as far as it can: what is left of a temporary folder is harmless. */
  public static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(f -> {
        try {
          Files.deleteIfExists(f);
        } catch (IOException ignored) {
          // a leftover temporary file is harmless
        }
      });
    } catch (IOException ignored) {
      // same
    }
  }
}
