package latent.train;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Whether the JIT is still compiling a run's code, judged from the time its compilers have
 * spent ({@link CompilationMXBean#getTotalCompilationTime}, summed over their threads) in each
 * stretch of at least {@value #WINDOW_MS} ms of wall time: busy while that is at least
 * {@value #BUSY_SHARE} of the stretch, and settled for good from the first stretch below it.
 * The first stretch starts after {@value #FIRST_STEPS} steps: a run's first steps, in code not
 * yet compiled for its shapes, are what sets the compilers going (a method is queued once its
 * counters pass the thresholds), so a stretch over them alone can be quiet just before the
 * compiling starts. Judged from the first step, 4 of 34 default runs here settled at step 2-12;
 * the others settled at step 113-370.
 *
 * <p>While it is busy, the training loop runs its steps on one thread fewer than it may use, so
 * that the compilers have a core (on 2 cores: one thread). On 2 cores a default run's compilers
 * were busy without a break for its first 5.5 s; with its first steps on one thread (settled
 * 1.1-2.5 s after the first step), the first epoch ran at a median 16,850 images/s against
 * 14,850 with both threads competing with the compilers (six rounds alternating, faster in
 * four), and at 14,800-22,600 against 12,500-14,000 in four earlier rounds. The results do not
 * depend on it: they do not depend on the thread count. {@code latent bench} warms each step up
 * until it has settled, so that no step is timed while the JIT still compiles.
 */
public final class JitBusy {
  static final long WINDOW_MS = 200;
  static final double BUSY_SHARE = 0.25;
  static final int FIRST_STEPS = 32;

  private final LongSupplier compiledMillis;
  private final LongSupplier nanos;
  private final int firstSteps;
  private boolean settled;
  private int asked;
  private long since, compiledBefore;

  /** The running JVM's compilers (settled at once where it cannot tell their time). */
  public JitBusy() {
    this(compilerTime(), System::nanoTime, FIRST_STEPS);
  }

  /**
   * Judged from {@code compiledMillis} (null: unknown, settled at once) against the clock
   * {@code nanos}, the first stretch starting when {@link #busy} is asked for the {@code firstSteps}-th time.
   */
  JitBusy(LongSupplier compiledMillis, LongSupplier nanos, int firstSteps) {
    this.compiledMillis = compiledMillis;
    this.nanos = nanos;
    this.firstSteps = firstSteps;
    this.settled = compiledMillis == null;
    if (!settled) startStretch();   // started again at the firstSteps-th step
  }

  private void startStretch() {
    since = nanos.getAsLong();
    compiledBefore = compiledMillis.getAsLong();
  }

  private static LongSupplier compilerTime() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : null;
  }

  /** The threads a step may use while the compilers are busy, of {@code threads}: one fewer, at least one. */
  static int threadsWhileBusy(int threads) {
    return Math.max(1, threads - 1);
  }

  /** Asked once a step: true while the compilers are busy (and over the first steps and stretch); once false, false for good. */
  public boolean busy() {
    if (settled) return false;
    if (asked < firstSteps) {
      if (++asked == firstSteps) startStretch();
      return true;
    }
    long now = nanos.getAsLong(), wall = (now - since) / 1_000_000;
    if (wall < WINDOW_MS) return true;
    long compiled = compiledMillis.getAsLong();
    settled = compiled - compiledBefore < BUSY_SHARE * wall;
    since = now;
    compiledBefore = compiled;
    return !settled;
  }
}
