package latent.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** A region whose worker never woke would spin for ever: each test fails after a minute instead. */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class ParallelTest {
  /**
   * Regions of varying size on a pool larger than most of them, back to back: every task of
   * every region must run exactly once, and only inside its own region.
   */
  @Test
  void everyTaskRunsExactlyOnceAcrossRegionsOfDifferentSizes() {
    int prev = Parallel.threads();
    try {
      Parallel.setThreads(5);
      for (int round = 0; round < 3_000; round++) {
        int tasks = 1 + round % 5;
        AtomicIntegerArray hits = new AtomicIntegerArray(tasks);
        Parallel.run(tasks, t -> hits.incrementAndGet(t));
        for (int t = 0; t < tasks; t++) assertEquals(1, hits.get(t), "round " + round + " task " + t);
      }
    } finally {
      Parallel.setThreads(prev);
    }
  }

  @Test
  void nestedRegionsRunSeriallyAndFailuresPropagate() {
    AtomicIntegerArray hits = new AtomicIntegerArray(4);
    Parallel.run(2, outer -> Parallel.run(2, inner -> hits.incrementAndGet(outer * 2 + inner)));
    for (int i = 0; i < 4; i++) assertEquals(1, hits.get(i));
    assertThrows(IllegalStateException.class, () -> Parallel.run(2, t -> {
      if (t == 1) throw new IllegalStateException("task 1");
    }));
  }

  /** Inside limitedTo(1) a product runs on its caller alone; the bound ends with the body and is the caller's only. */
  @Test
  void limitedToBoundsTheCallersThreadsOnly() throws InterruptedException {
    int prev = Parallel.threads();
    try {
      Parallel.setThreads(3);
      java.util.Set<String> threadsUsed = java.util.concurrent.ConcurrentHashMap.newKeySet();
      int[] seen = new int[2];
      Parallel.limitedTo(1, () -> {
        seen[0] = Parallel.available();
        Parallel.forRange(1 << 12, 1L << 24, (from, to) -> threadsUsed.add(Thread.currentThread().getName()));
        Thread other = new Thread(() -> seen[1] = Parallel.threads());
        other.start();
        try {
          other.join();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      });
      assertEquals(1, seen[0]);
      assertEquals(java.util.Set.of(Thread.currentThread().getName()), threadsUsed, "one range, on the caller");
      assertEquals(3, seen[1], "another thread keeps the process's count");
      assertEquals(3, Parallel.threads(), "the bound ends with the body");
      assertEquals(1.5, Parallel.limitedTo(2, () -> Parallel.threads() - 0.5), "a body's number, computed under the bound");
      assertEquals(3, Parallel.threads(), "the bound ends with a body that computes a number too");
    } finally {
      Parallel.setThreads(prev);
    }
  }

  /**
   * Workers park after a millisecond without work (at once when they outnumber the cores) and
   * the next region must wake them: here every task waits for all the others, so a region whose
   * worker slept on would never end.
   */
  @Test
  void parkedWorkersWakeForTheNextRegion() throws InterruptedException {
    int prev = Parallel.threads();
    try {
      for (int threads : new int[] {2, 3}) {
        Parallel.setThreads(threads);
        for (int round = 0; round < 100; round++) {
          if (round % 2 == 0) Thread.sleep(3);   // long enough for every worker to park
          java.util.concurrent.CyclicBarrier all = new java.util.concurrent.CyclicBarrier(threads);
          Parallel.run(threads, t -> {
            try {
              all.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new AssertionError("task " + t + " of " + threads + " waited in vain", e);
            }
          });
        }
      }
    } finally {
      Parallel.setThreads(prev);
    }
  }

  /** A split imposed by {@link Parallel#fixSpeeds} is the one the tasks get; outside a region {@code share} is the even split. */
  @Test
  void fixedSpeedsSplitTheWorkInTheirRatio() {
    int prev = Parallel.threads();
    try {
      Parallel.setThreads(2);
      Parallel.fixSpeeds(1, 3);
      int[][] ranges = new int[2][];
      Parallel.forRange(1000, 1L << 20, (from, to) -> ranges[from == 0 ? 0 : 1] = new int[] {from, to});
      assertEquals(250, ranges[0][1], "task 0's end");
      assertEquals(250, ranges[1][0], "task 1's start");
      assertEquals(1000, ranges[1][1], "task 1's end");
      assertEquals(Parallel.chunkStart(1000, 2, 1), Parallel.share(1000, 2, 1), "outside a region");
    } finally {
      Parallel.fixSpeeds();
      Parallel.setThreads(prev);
    }
  }

  /**
   * Where the worker takes twice as long per item as the caller, the caller's share moves from
   * wherever it was to about two thirds (the speeds are learned from the regions' timings):
   * after 400 regions of 0.1-0.3 ms it must lie within 0.58 to 0.76.
   */
  @Test
  void theSharesFollowTheThreadsSpeeds() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Parallel.CORES >= 2, "two threads at once need two cores");
    int prev = Parallel.threads();
    try {
      Parallel.setThreads(2);
      int items = 100;
      int[] callerItems = new int[1];
      Thread caller = Thread.currentThread();
      for (int region = 0; region < 400; region++) {
        Parallel.forRange(items, 1L << 20, (from, to) -> {
          boolean onCaller = Thread.currentThread() == caller;
          if (onCaller) callerItems[0] = to - from;
          long until = System.nanoTime() + (to - from) * (onCaller ? 2_000L : 4_000L);
          while (System.nanoTime() < until) Thread.onSpinWait();
        });
      }
      double share = callerItems[0] / (double) items;
      org.junit.jupiter.api.Assertions.assertTrue(share >= 0.58 && share <= 0.76, "the caller's share " + share + ", expected about 2/3");
    } finally {
      Parallel.setThreads(prev);
    }
  }
}
