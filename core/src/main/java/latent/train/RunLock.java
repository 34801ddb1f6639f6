package latent.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import latent.InputException;

/**
 * One writer per run folder: training and resuming hold an exclusive lock on {@code RUN/.lock}
 * (an operating-system file lock, which the system releases when the process ends, however it
 * ends: a killed run can be resumed at once, and no stale lock is ever left to remove). The file
 * holds the holder's process id, so a second writer is refused in one line naming it. Readers
 * ({@code latent eval}, {@code report}, figures) never take the lock.
 */
public final class RunLock implements AutoCloseable {
  public static final String FILE = ".lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock of the run folder {@code dir}, or refuses in one line when another writer holds it. */
  public static RunLock acquire(Path dir) {
    Path file = dir.resolve(FILE);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new InputException(dir + ": cannot open its lock file " + FILE + " (" + e.getMessage() + ")");
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {   // this process holds it already
        throw new InputException(dir + ": this process (pid " + ProcessHandle.current().pid() + ") is already writing this run folder; one writer at a time");
      }
      if (lock == null) {
        String holder = holder(channel);
        throw new InputException(dir + ": another process" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
            + " is writing this run folder; wait for it to finish or stop it (a stopped process releases the folder at once)");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      return new RunLock(channel, lock);
    } catch (IOException e) {
      close(channel);
      throw new InputException(dir + ": cannot lock " + FILE + " (" + e.getMessage() + ")");
    } catch (RuntimeException e) {
      close(channel);
      throw e;
    }
  }

  /** The process id the holder wrote, or empty when it cannot be read. */
  private static String holder(FileChannel channel) {
    try {
      ByteBuffer b = ByteBuffer.allocate(32);
      channel.read(b, 0);
      String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
      return pid.matches("\\d{1,19}") ? pid : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing a channel we are abandoning: nothing to do
    }
  }

  /** Releases the lock; the file stays (its content is only read while the lock is held by another). */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel closes next, which releases it too
    }
    close(channel);
  }
}
