package latent.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets SIGINT and SIGTERM stop training cleanly. The JVM answers those signals by running its
 * shutdown hooks and then exiting with status 128 + the signal's number (130, 143). While
 * training, a hook is installed that
 *
 * <pre>
 *   hook (signal thread):   stop requested ← true;  wait until released (at most {@value #WAIT_SECONDS} s)
 *   training loop:          after each step, if stop requested: write a checkpoint, print how to
 *                           resume, release (close), then throw {@link TrainingStopped}
 * </pre>
 *
 * so the step under way finishes and its checkpoint is on disk before the JVM exits. SIGKILL
 * cannot be caught; the periodic checkpoints cover it.
 */
final class Signals implements AutoCloseable {
  static final long WAIT_SECONDS = 120;

  private final Thread hook = new Thread(this::onShutdown, "latent-checkpoint-on-signal");
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile boolean stopRequested;
  private volatile boolean closed;

  private Signals() {}

  static Signals install() {
    Signals s = new Signals();
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  boolean stopRequested() {
    return stopRequested;
  }

  private void onShutdown() {
    if (closed) return;
    stopRequested = true;
    try {
      released.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Training is over (finished, stopped or failed): lets a pending shutdown proceed. */
  @Override
  public void close() {
    closed = true;
    released.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down and the hook is running: it returns now that it is released
    }
  }
}
