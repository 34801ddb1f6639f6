package latent.tensor;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * The worker threads that kernels split their work over. The count defaults to the number of
 * cores and is set once per process with {@link #setThreads} (the {@code --threads} flag).
 * Task {@code 0} runs on the calling thread, so a single-threaded run never touches the pool.
 */
public final class Parallel {
  private static volatile int threads = Runtime.getRuntime().availableProcessors();
  private static volatile ForkJoinPool pool;

  private Parallel() {}

  public static int threads() {
    return threads;
  }

  public static synchronized void setThreads(int n) {
    if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
    if (n != threads && pool != null) {
      pool.shutdown();
      pool = null;
    }
    threads = n;
  }

  private static ForkJoinPool pool() {
    ForkJoinPool p = pool;
    if (p == null) {
      synchronized (Parallel.class) {
        if (pool == null) pool = new ForkJoinPool(Math.max(1, threads - 1));
        p = pool;
      }
    }
    return p;
  }

  /** Runs {@code body.accept(t)} for {@code t = 0 .. tasks-1}, concurrently, and waits for all. */
  public static void run(int tasks, IntConsumer body) {
    if (tasks <= 1) {
      if (tasks == 1) body.accept(0);
      return;
    }
    ForkJoinPool p = pool();
    @SuppressWarnings("unchecked")
    ForkJoinTask<?>[] forked = new ForkJoinTask<?>[tasks - 1];
    for (int t = 1; t < tasks; t++) {
      final int task = t;
      forked[t - 1] = p.submit(() -> body.accept(task));
    }
    Throwable failure = null;
    try {
      body.accept(0);
    } catch (Throwable e) {
      failure = e;
    }
    for (ForkJoinTask<?> f : forked) {
      try {
        f.join();
      } catch (Throwable e) {
        if (failure == null) failure = e;
      }
    }
    if (failure instanceof RuntimeException re) throw re;
    if (failure instanceof Error err) throw err;
  }

  /** First index of chunk {@code t} when {@code n} items are split into {@code parts} near-equal chunks. */
  public static int chunkStart(int n, int parts, int t) {
    return (int) ((long) n * t / parts);
  }
}
