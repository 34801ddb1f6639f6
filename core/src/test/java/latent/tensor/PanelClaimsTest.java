package latent.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class PanelClaimsTest {
  private static List<String> drain(PanelClaims claims, int t) {
    List<String> chunks = new ArrayList<>();
    for (long c; (c = claims.next(t)) >= 0; ) chunks.add(PanelClaims.from(c) + "-" + PanelClaims.to(c));
    return chunks;
  }

  /**
   * Outside a region the ranges are near-equal ({@link Parallel#chunkStart}): task 0 owns
   * [0, 5) of 10 and task 1 [5, 10). Task 0 claims halves of its own range from the front, then
   * halves of task 1's from the back; nothing is left for task 1.
   */
  @Test
  void anOwnerTakesHalvesFromTheFrontAThiefFromTheBack() {
    PanelClaims claims = new PanelClaims(10, 2);
    assertEquals(List.of("0-2", "2-3", "3-4", "4-5", "7-10", "6-7", "5-6"), drain(claims, 0));
    assertEquals(List.of(), drain(claims, 1));
  }

  /** A task that starts after another has stolen from it claims what is left of its range, from the front. */
  @Test
  void aLateOwnerFindsWhatIsLeftOfItsRange() {
    PanelClaims claims = new PanelClaims(12, 3);   // ranges [0, 4), [4, 8), [8, 12)
    assertEquals(0, PanelClaims.from(claims.next(0)));
    claims.next(0);
    claims.next(0);   // task 0's range done: [0, 2), [2, 3), [3, 4)
    long stolen = claims.next(0);
    assertEquals(List.of(6, 8), List.of(PanelClaims.from(stolen), PanelClaims.to(stolen)));
    assertEquals(List.of("4-5", "5-6", "10-12", "9-10", "8-9"), drain(claims, 1));
    assertEquals(List.of(), drain(claims, 2));
  }

  /** Threads claiming at once: every panel is claimed by exactly one of them. */
  @Test
  void concurrentClaimsTakeEveryPanelOnce() throws Exception {
    int panels = 1 << 16, tasks = 3;
    for (int round = 0; round < 20; round++) {
      PanelClaims claims = new PanelClaims(panels, tasks);
      AtomicIntegerArray claimed = new AtomicIntegerArray(panels);
      CyclicBarrier start = new CyclicBarrier(tasks);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < tasks; t++) {
        int task = t;
        threads.add(Thread.ofPlatform().start(() -> {
          try {
            start.await();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          for (long c; (c = claims.next(task)) >= 0; ) {
            for (int p = PanelClaims.from(c); p < PanelClaims.to(c); p++) claimed.incrementAndGet(p);
          }
        }));
      }
      for (Thread t : threads) t.join();
      for (int p = 0; p < panels; p++) assertEquals(1, claimed.get(p), "panel " + p + ", round " + round);
    }
  }
}
