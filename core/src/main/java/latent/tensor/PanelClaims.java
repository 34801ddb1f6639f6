package latent.tensor;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The panels of one parallel product, claimed by its tasks as they go: dynamic load balancing by
 * work stealing (Blumofe and Leiserson 1999), in chunks that shrink with the work left (guided
 * self-scheduling, Polychronopoulos and Kuck 1987). Task t starts on its own range, its share of
 * the panels ({@link Parallel#share}), and claims half of what is left of it at a time from the
 * front; a task whose range is done claims the back half of what another has not claimed yet.
 * Halves rather than quarters: a product split by rows reads all of B again for each chunk of
 * rows, and with quarters the three reference steps ran 0.5-3.7% slower than split statically.
 *
 * <p>Every panel is claimed exactly once, whichever task claims it, and a tile's values do not
 * depend on the thread that computes them: the results do not depend on who took what.
 */
final class PanelClaims {
  /** A range not yet looked at: its bounds come from the running region's shares when first needed. */
  private static final long UNSET = -1;
  private final int panels;
  private final int tasks;
  /** Per task: the first panel it has not claimed (high 32 bits) and the end of its range (low). */
  private final AtomicLongArray ranges;

  PanelClaims(int panels, int tasks) {
    this.panels = panels;
    this.tasks = tasks;
    ranges = new AtomicLongArray(tasks);
    for (int t = 0; t < tasks; t++) ranges.set(t, UNSET);
  }

  int tasks() {
    return tasks;
  }

  /** The next chunk of panels for task {@code t} as {@code from << 32 | to}, or -1 once every panel is claimed. */
  long next(int t) {
    long chunk = claim(t, true);
    for (int d = 1; chunk < 0 && d < tasks; d++) chunk = claim((t + d) % tasks, false);
    return chunk;
  }

  static int from(long chunk) {
    return (int) (chunk >>> 32);
  }

  static int to(long chunk) {
    return (int) chunk;
  }

  /** Half of task {@code u}'s unclaimed panels: from the front for its owner (rounded down), from the back for a thief (up). */
  private long claim(int u, boolean owner) {
    while (true) {
      long range = range(u);
      int front = from(range), back = to(range);
      if (front >= back) return -1;
      int size = owner ? Math.max(1, (back - front) / 2) : (back - front + 1) / 2;
      long left = owner ? pack(front + size, back) : pack(front, back - size);
      if (ranges.compareAndSet(u, range, left)) return owner ? pack(front, front + size) : pack(back - size, back);
    }
  }

  private long range(int u) {
    long range = ranges.get(u);
    if (range != UNSET) return range;
    ranges.compareAndSet(u, UNSET, pack(Parallel.share(panels, tasks, u), Parallel.share(panels, tasks, u + 1)));
    return ranges.get(u);
  }

  private static long pack(int from, int to) {
    return (long) from << 32 | to;
  }
}
