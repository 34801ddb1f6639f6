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
 * <p>A region's work is split in proportion to the threads' speeds ({@link #share}), learned from
 * the regions' own timings, since the cores of a shared machine are not always alike: while they
 * differed, the pytorch-example and AEVB steps ran 6-10% faster than split evenly (medians of 40
 * pairs of 50-step windows alternating in one JVM, faster in 31-36 of the 40), the IWAE step 1%;
 * at other times from 1% slower to 2% faster (faster in 14-25 of 40). Results do not depend on
 * where the work is split.
 *
 * <p>Where the process hosts other work on its cores (a Spark executor runs several tasks in one
 * JVM), {@link #limitedTo} bounds the threads of the work one caller issues.
 */
public final class Parallel {
  private static final long SPIN_NANOS = 1_000_000;
  /** How long a region's caller spins for its workers before it starts yielding the core. */
  private static final long YIELD_AFTER_NANOS = 50_000;
  /** Regions shorter than this do not change the threads' measured speeds. */
  private static final long LEARN_MIN_NANOS = 20_000;
  /** How far one region moves a thread's speed toward its measurement (in logarithm), and at most how far (±). */
  private static final double LEARNING_RATE = 0.03, MAX_LOG_STEP = 0.5;
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
   * Runs {@code body} over {@code [0, n)} split into one range per available thread ({@link #share}),
   * or as one range when the pass touches fewer than {@value #PARALLEL_MIN_ELEMENTS} elements.
   */
  public static void forRange(int n, long elements, RangeBody body) {
    int parts = elements < PARALLEL_MIN_ELEMENTS ? 1 : Math.min(available(), n);
    if (parts <= 1) {
      body.run(0, n);
      return;
    }
    run(parts, t -> body.run(share(n, parts, t), share(n, parts, t + 1)));
  }

  /** Speeds that {@link #fixSpeeds} imposes, or null: the learned ones. */
  private static volatile double[] fixedSpeeds;

  /**
   * Splits the coming regions' work in the ratio {@code speeds} (task 0's first; tasks beyond
   * them count 1) whatever the timings say, or as learned again when given none: for tests that
   * results do not depend on where the work is split.
   */
  public static void fixSpeeds(double... speeds) {
    fixedSpeeds = speeds.length == 0 ? null : speeds.clone();
  }

  /** First index of chunk {@code t} when {@code n} items are split into {@code parts} near-equal chunks. */
  public static int chunkStart(int n, int parts, int t) {
    return (int) ((long) n * t / parts);
  }

  /**
   * First of task {@code t}'s items when {@code n} items are split over the {@code parts} tasks
   * of the region running on this thread, in proportion to the threads' measured speeds
   * ({@link Pool#speed}); near-equal ({@link #chunkStart}) outside such a region. Only the split
   * depends on it, never a result: every split point is a valid one.
   */
  public static int share(int n, int parts, int t) {
    double[] cuts = CUTS.get();
    if (cuts == null || cuts.length != parts + 1) return chunkStart(n, parts, t);
    return t == parts ? n : (int) (n * cuts[t]);
  }

  /** The running region's cumulative shares (0, each task's end, 1) on the threads running its tasks, else null. */
  private static final ThreadLocal<double[]> CUTS = new ThreadLocal<>();

  /** One parallel region, published to the workers as a whole through one volatile write. */
  private record Region(long generation, IntConsumer body, int tasks, double[] cuts, long[] nanos, AtomicInteger remaining,
                        AtomicReference<Throwable> failure) {
    /** Runs task {@code t} with the region's shares in view, timing it. */
    void runTask(int t) {
      CUTS.set(cuts);
      long start = System.nanoTime();
      try {
        body.accept(t);
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      } finally {
        nanos[t] = System.nanoTime() - start;
        CUTS.set(null);   // not remove(): the next set would allocate a new entry
      }
    }
  }

  /** Daemon workers; worker w runs task w of each region that has that many tasks. */
  private static final class Pool {
    private final Thread[] workers;
    private volatile Region region = new Region(0, t -> { }, 0, null, null, new AtomicInteger(), new AtomicReference<>());
    private volatile boolean stopped;
    /** Spinning pays only when every worker has a core of its own; oversubscribed, they park at once. */
    private final long spinNanos;

    /**
     * Each thread's speed relative to the others', learned from the regions' timings
     * ({@link #learn}). The cores of a shared machine are not alike, nor steady: in the
     * pytorch-example step, split evenly, the worker took 2,065 µs a step for what the caller did
     * in 1,829 (2,000 steps), and the caller waited 408 µs a step at the regions' ends.
     */
    private final double[] speed = new double[MAX_THREADS];

    Pool(int size) {
      java.util.Arrays.fill(speed, 1);
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
      Region r = new Region(region.generation() + 1, body, tasks, cuts(tasks), new long[tasks], new AtomicInteger(tasks - 1),
          new AtomicReference<>());
      region = r;
      for (int i = 0; i < tasks - 1; i++) LockSupport.unpark(workers[i]);
      r.runTask(0);
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
      learn(r);
    }

    /** The cumulative shares of a region of {@code tasks} tasks: 0, then each task's end, the last 1. */
    private double[] cuts(int tasks) {
      double[] s = fixedSpeeds != null ? fixedSpeeds : speed;
      double[] c = new double[tasks + 1];
      double total = 0;
      for (int t = 0; t < tasks; t++) total += speedOf(s, t);
      for (int t = 0; t < tasks; t++) c[t + 1] = c[t] + speedOf(s, t) / total;
      c[tasks] = 1;
      return c;
    }

    private static double speedOf(double[] speeds, int t) {
      return t < speeds.length ? speeds[t] : 1;
    }

    /**
     * Moves each thread's speed a step {@value #LEARNING_RATE} of the way (in logarithm) toward
     * what the region measured: its share was in proportion to its speed, so its measured speed
     * relative to the learned one is the tasks' mean time over its own (in logarithm, the mean of
     * the logarithms); regions under {@value #LEARN_MIN_NANOS} ns are mostly fixed costs and
     * teach nothing.
     */
    private void learn(Region r) {
      long[] nanos = r.nanos();
      long longest = 0;
      for (long n : nanos) longest = Math.max(longest, n);
      if (longest < LEARN_MIN_NANOS || fixedSpeeds != null) return;
      double meanLog = 0;
      for (long n : nanos) {
        if (n <= 0) return;   // a task that took no measurable time
        meanLog += Math.log(n) / nanos.length;
      }
      for (int t = 0; t < nanos.length; t++) {
        speed[t] *= Math.exp(LEARNING_RATE * Math.clamp(meanLog - Math.log(nanos[t]), -MAX_LOG_STEP, MAX_LOG_STEP));
      }
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
            r.runTask(task);
          } finally {
            r.remaining().decrementAndGet();
          }
        }
      }
    }
  }
}
