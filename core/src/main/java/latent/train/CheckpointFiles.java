package latent.train;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import latent.InputException;
import latent.io.SafeTensors;

/**
 * The two generations of a run's training checkpoint, {@value #LATEST} and {@value #PREVIOUS},
 * replaced so that a crash at any instant leaves at least one complete, verified file:
 *
 * <pre>
 *   1. write checkpoint.safetensors.*.tmp, flush it to disk (fsync)
 *   2. hard-link the current checkpoint.safetensors as checkpoint.prev.safetensors (atomic rename)
 *   3. rename the temporary file over checkpoint.safetensors (atomic), fsync the folder
 * </pre>
 *
 * A failure in step 1 (full disk, unwritable folder) deletes the temporary file and leaves both
 * generations as they were. {@link #latest} reads the newest file that passes its checksum and
 * falls back to the previous generation when the newest is missing or damaged.
 */
public final class CheckpointFiles {
  public static final String LATEST = "checkpoint.safetensors";
  public static final String PREVIOUS = "checkpoint.prev.safetensors";

  private CheckpointFiles() {}

  /** Writes {@code c} as the newest generation in {@code dir}. */
  public static void write(Path dir, SafeTensors.Contents c) {
    write(dir, c, UnaryOperator.identity());
  }

  /** As {@link #write(Path, SafeTensors.Contents)}, the output passing through {@code wrap} (tests inject write failures). */
  static void write(Path dir, SafeTensors.Contents c, UnaryOperator<OutputStream> wrap) {
    Path latest = dir.resolve(LATEST), previous = dir.resolve(PREVIOUS);
    Path tmp = null;
    try {
      tmp = latent.io.AtomicFiles.temporaryFor(latest);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
           OutputStream out = wrap.apply(new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16))) {
        SafeTensors.write(out, c, true);
        out.flush();
        ch.force(true);
      }
      if (Files.exists(latest)) {
        Path link = latent.io.AtomicFiles.temporaryFor(previous);
        Files.delete(link);
        try {
          Files.createLink(link, latest);
        } catch (UnsupportedOperationException | IOException e) {
          Files.copy(latest, link);   // file systems without hard links
        }
        move(link, previous);
      }
      move(tmp, latest);
      tmp = null;
      forceFolder(dir);
    } catch (IOException e) {
      try {
        if (tmp != null) Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the write failure is the one to report
      }
      String why = e instanceof NoSuchFileException ? "no such folder " + e.getMessage() : e.getMessage();
      throw new InputException(latest + ": cannot write the checkpoint (" + why + "); the previous checkpoint is kept");
    }
  }

  /** A verified checkpoint and the file it came from. */
  public record Loaded(Path file, SafeTensors.Contents contents) {}

  /**
   * The newest checkpoint in {@code dir} that passes its checksum, or null when there is none
   * at all. A damaged newest file is reported through {@code log} and the previous one used;
   * when every file present is damaged the newest one's error is thrown.
   */
  public static Loaded latest(Path dir, Consumer<String> log) {
    InputException first = null;
    for (String name : new String[] {LATEST, PREVIOUS}) {
      Path f = dir.resolve(name);
      if (!Files.exists(f)) continue;
      try {
        Loaded l = new Loaded(f, read(f));
        if (first != null) log.accept(first.getMessage() + "; using the previous checkpoint " + f);
        return l;
      } catch (InputException e) {
        if (first == null) first = e;
      }
    }
    if (first != null) throw first;
    return null;
  }

  /** Reads and verifies one checkpoint file. */
  public static SafeTensors.Contents read(Path f) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(f);
    } catch (NoSuchFileException e) {
      throw new InputException(f + ": no such checkpoint");
    } catch (IOException | OutOfMemoryError e) {
      throw new InputException(f + ": cannot read (" + e.getMessage() + ")");
    }
    return SafeTensors.parse(bytes, f.toString(), SafeTensors.Kind.CHECKPOINT);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes the renames durable: fsync of the folder (not supported on every system; then skipped). */
  private static void forceFolder(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a folder as a channel; the renames are still atomic
    }
  }
}
