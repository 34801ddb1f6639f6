package latent.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The worker threads that kernels split their work over. The count defaults to the number of
 * cores and is set with {@link #setThreads} (the {@code --threads} flag). Task {@code 0} runs on
 * the calling thread, so a single-threaded run never touches a worker.
 *
 * <p>A training step issues a few dozen short parallel regions back to back, so workers spin
 * briefly (up to {@value #SPIN_NANOS} ns) for the next one before parking: waking a parked
 * thread costs tens of microseconds, as much as a small matrix product. One region runs at a
 * time; a region issued while another is running (from another thread, or nested inside one)
 * runs serially on its caller.
 *
 * <p>Where the process hosts other work on its cores (a Spark executor runs several tasks in one
 * JVM), {@link #limitedTo} bounds the threads of the work one caller issues.
 */
public final class Parallel {
  private static final long SPIN_NANOS = 1_000_000;
  /** How long a region's caller spins for its workers before it starts yielding the core. */
  private static final long YIELD_AFTER_NANOS = 50_000;
  public static final int MAX_THREADS = 256;
  /** The machine's cores: the default thread count. */
  public static final int CORES = Runtime.getRuntime().availableProcessors();
  private static volatile int threads = CORES;
  /** The bound {@link #limitedTo} puts on the calling thread's work, or null. */
  private static final ThreadLocal<Integer> LIMIT = new ThreadLocal<>();
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static Pool pool;   // guarded by LOCK

  private Parallel() {}

  /** Threads the calling thread's work may use: {@link #setThreads}' count, or less inside {@link #limitedTo}. */
  public static int threads() {
    Integer limit = LIMIT.get();
    return limit == null ? threads : Math.min(limit, threads);
  }

  /**
   * Runs {@code body} with the work issued on this thread using at most {@code n} threads (1:
   * all of it on this thread). Results do not depend on the thread count, only speed does.
   */
  public static void limitedTo(int n, Runnable body) {
    limitedTo(n, () -> {
      body.run();
      return 0;
    });
  }

  /** As {@link #limitedTo(int, Runnable)}, for a body that computes a number: returns it. */
  public static double limitedTo(int n, java.util.function.DoubleSupplier body) {
    Integer outer = LIMIT.get();
    LIMIT.set(requireThreads(n));
    try {
      return body.getAsDouble();
    } finally {
      LIMIT.set(outer);
    }
  }

  /**
   * Threads a product issued now may use: {@link #threads}, or 1 while a region is running,
   * since products issued then run on their caller (what a native library's own threads must
   * respect too, or every worker would start a team of its own).
   */
  public static int available() {
    return LOCK.isLocked() ? 1 : threads();
  }

  public static void setThreads(int n) {
    threads = requireThreads(n);
  }

  /** Checks a thread count: 1 to {@value #MAX_THREADS}. */
  public static int requireThreads(int n) {
    latent.InvalidSetting.require(n >= 1 && n <= MAX_THREADS, "threads", "expected 1 to " + MAX_THREADS + ", got " + n);
    return n;
  }

  /** Runs {@code body.accept(t)} for {@code t = 0 .. tasks-1}, concurrently, and waits for all. */
  public static void run(int tasks, IntConsumer body) {
    if (tasks > 1 && !LOCK.isHeldByCurrentThread() && LOCK.tryLock()) {
      try {
        if (pool == null || pool.size() < tasks - 1) {
          if (pool != null) pool.stop();   // idle: no region is running while we hold the lock
          pool = new Pool(Math.min(MAX_THREADS - 1, Math.max(tasks - 1, threads - 1)));
        }
        pool.run(tasks, body);
        return;
      } finally {
        LOCK.unlock();
      }
    }
    for (int t = 0; t < tasks; t++) body.accept(t);
  }

  /** A body over the index range {@code [from, to)}. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int from, int to);
  }

  /**
   * Elements below which an elementwise pass runs on one thread: forking would cost more. 2¹⁴
   * rather than 2¹⁶: a 128 × 400 layer's activation then splits too, and the worker finds its
   * rows of it in its own cache in the next product (pytorch-example step 1.9% faster in 40-48
   * of 60 window pairs alternating in one JVM, AEVB 1.2-2.6% in 41-42, IWAE unchanged).
   */
  private static final long PARALLEL_MIN_ELEMENTS = 1L << 14;

  /**
   * Runs {@code body} over {@code [0, n)} split into one near-equal range per available thread,
   * or as one range when the pass touches fewer than {@value #PARALLEL_MIN_ELEMENTS} elements.
   */
  public static void forRange(int n, long elements, RangeBody body) {
    int parts = elements < PARALLEL_MIN_ELEMENTS ? 1 : Math.min(available(), n);
    if (parts <= 1) {
      body.run(0, n);
      return;
    }
    run(parts, t -> body.run(chunkStart(n, parts, t), chunkStart(n, parts, t + 1)));
  }

  /** First index of chunk {@code t} when {@code n} items are split into {@code parts} near-equal chunks. */
  public static int chunkStart(int n, int parts, int t) {
    return (int) ((long) n * t / parts);
  }

  /** One parallel region, published to the workers as a whole through one volatile write. */
  private record Region(long generation, IntConsumer body, int tasks, AtomicInteger remaining, AtomicReference<Throwable> failure) {}

  /** Daemon workers; worker w runs task w of each region that has that many tasks. */
  private static final class Pool {
    private final Thread[] workers;
    private volatile Region region = new Region(0, t -> { }, 0, new AtomicInteger(), new AtomicReference<>());
    private volatile boolean stopped;
    /** Spinning pays only when every worker has a core of its own; oversubscribed, they park at once. */
    private final long spinNanos;

    Pool(int size) {
      spinNanos = size < CORES ? SPIN_NANOS : 0;
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

    void run(int tasks, IntConsumer body) {
      Region r = new Region(region.generation() + 1, body, tasks, new AtomicInteger(tasks - 1), new AtomicReference<>());
      region = r;
      for (int i = 0; i < tasks - 1; i++) LockSupport.unpark(workers[i]);
      try {
        body.accept(0);
      } catch (Throwable e) {
        r.failure().compareAndSet(null, e);
      }
      // spin while the workers are likely running; past that (a loaded machine, a descheduled
      // worker) give the core away on each check instead of burning the time slice it needs
      long yieldAfter = System.nanoTime() + YIELD_AFTER_NANOS;
      while (r.remaining().get() > 0) {
        if (System.nanoTime() < yieldAfter) Thread.onSpinWait();
        else Thread.yield();
      }
      Throwable e = r.failure().get();
      if (e instanceof RuntimeException re) throw re;
      if (e instanceof Error err) throw err;
    }

    private void loop(int task) {
      long seen = 0;
      while (!stopped) {
        Region r = region;
        if (r.generation() == seen) {
          long spinUntil = System.nanoTime() + spinNanos;
          while ((r = region).generation() == seen && !stopped) {
            if (System.nanoTime() < spinUntil) Thread.onSpinWait();
            else LockSupport.park(this);
          }
          if (stopped) return;
        }
        seen = r.generation();
        if (task < r.tasks()) {
          try {
            r.body().accept(task);
          } catch (Throwable e) {
            r.failure().compareAndSet(null, e);
          } finally {
            r.remaining().decrementAndGet();
          }
        }
      }
    }
  }
}
