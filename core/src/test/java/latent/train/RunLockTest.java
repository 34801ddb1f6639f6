package latent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import latent.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per run folder: a second writer, in this process or another, is refused in one line
 * naming the folder and the holder's pid; a holder killed with SIGKILL leaves no stale lock.
 */
class RunLockTest {
  @TempDir Path tmp;

  /** A child process: takes the lock of args[0], says so, and waits to be killed. */
  public static void main(String[] args) throws Exception {
    RunLock lock = RunLock.acquire(Path.of(args[0]));
    System.out.println("locked");
    System.out.flush();
    Thread.sleep(120_000);
    lock.close();
  }

  @Test
  void aSecondWriterInThisProcessIsRefusedUntilTheFirstCloses() {
    try (RunLock first = RunLock.acquire(tmp)) {
      InputException e = assertThrows(InputException.class, () -> RunLock.acquire(tmp));
      assertTrue(e.getMessage().startsWith(tmp + ": this process (pid " + ProcessHandle.current().pid() + ")"), e.getMessage());
    }
    RunLock.acquire(tmp).close();
  }

  @Test
  void anotherProcessIsNamedAndAKilledHolderLeavesNoStaleLock() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), RunLockTest.class.getName(), tmp.toString()))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", out.readLine());
      InputException e = assertThrows(InputException.class, () -> RunLock.acquire(tmp));
      assertEquals(tmp + ": another process (pid " + child.pid() + ") is writing this run folder; wait for it to finish or stop it"
          + " (a stopped process releases the folder at once)", e.getMessage());
    } finally {
      child.destroyForcibly();   // SIGKILL: no shutdown hook, no release by the child
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    RunLock.acquire(tmp).close();   // at once: the system released the dead process's lock
  }
}
