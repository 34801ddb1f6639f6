package latent.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The worker threads that kernels split their work over. The count defaults to the number of
 * cores and is set once per process with {@link #setThreads} (the {@code --threads} flag).
 * Task {@code 0} runs on the calling thread, so a single-threaded run never touches a worker.
 *
 * <p>A training step issues a few dozen short parallel regions back to back, so workers spin
 * briefly (about {@value #SPIN_NANOS} ns) for the next one before parking: waking a parked
 * thread costs tens of microseconds, as much as a small matrix product. One region runs at a
 * time; a region issued while another is running (from another thread, or nested) runs serially.
 */
public final class Parallel {
  private static final long SPIN_NANOS = 1_000_000;
  private static volatile int threads = Runtime.getRuntime().availableProcessors();
  private static Pool pool;

  private Parallel() {}

  public static int threads() {
    return threads;
  }

  public static synchronized void setThreads(int n) {
    if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
    threads = n;
  }

  /** Runs {@code body.accept(t)} for {@code t = 0 .. tasks-1}, concurrently, and waits for all. */
  public static void run(int tasks, IntConsumer body) {
    if (tasks <= 1) {
      if (tasks == 1) body.accept(0);
      return;
    }
    Pool p;
    synchronized (Parallel.class) {
      if (pool == null || pool.size() < tasks - 1) pool = new Pool(Math.max(tasks - 1, threads - 1), pool);
      p = pool;
    }
    if (p.lock.isHeldByCurrentThread() || !p.lock.tryLock()) {
      // another thread's region, or a region nested in one: run this one serially
      for (int t = 0; t < tasks; t++) body.accept(t);
      return;
    }
    try {
      p.run(tasks, body);
    } finally {
      p.lock.unlock();
    }
  }

  /** First index of chunk {@code t} when {@code n} items are split into {@code parts} near-equal chunks. */
  public static int chunkStart(int n, int parts, int t) {
    return (int) ((long) n * t / parts);
  }

  /** Daemon workers that pick up task t = 1..size of each region. */
  private static final class Pool {
    private final Thread[] workers;
    private volatile long generation;
    private volatile IntConsumer body;
    private volatile int tasks;
    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopped;
    final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();

    Pool(int size, Pool previous) {
      if (previous != null) previous.stop();
      workers = new Thread[size];
      for (int i = 0; i < size; i++) {
        final int task = i + 1;
        workers[i] = Thread.ofPlatform().daemon().name("latent-worker-" + task).start(() -> loop(task));
      }
    }

    int size() {
      return workers.length;
    }

    void stop() {
      stopped = true;
      for (Thread t : workers) LockSupport.unpark(t);
    }

    void run(int n, IntConsumer job) {
      failure.set(null);
      body = job;
      tasks = n;
      remaining.set(n - 1);
      generation++;                      // publishes body and tasks to the workers
      for (int i = 0; i < n - 1; i++) LockSupport.unpark(workers[i]);
      try {
        job.accept(0);
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
      while (remaining.get() > 0) Thread.onSpinWait();
      Throwable e = failure.get();
      if (e instanceof RuntimeException re) throw re;
      if (e instanceof Error err) throw err;
    }

    private void loop(int task) {
      long seen = 0;
      while (!stopped) {
        long g = generation;
        if (g == seen) {
          long spinUntil = System.nanoTime() + SPIN_NANOS;
          while ((g = generation) == seen && !stopped) {
            if (System.nanoTime() < spinUntil) Thread.onSpinWait();
            else LockSupport.park(this);
          }
          if (stopped) return;
        }
        seen = g;
        if (task < tasks) {
          try {
            body.accept(task);
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          } finally {
            remaining.decrementAndGet();
          }
        }
      }
    }
  }
}
