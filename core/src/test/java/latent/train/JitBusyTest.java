package latent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import latent.data.Dataset;
import latent.random.Xoshiro256;
import latent.tensor.Parallel;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class JitBusyTest {
  private static final long MS = 1_000_000;

  @Test
  void busyWhileTheCompilersWorkAQuarterOfTheTimeThenSettledForGood() {
    AtomicLong clock = new AtomicLong(), compiled = new AtomicLong(1_000);
    JitBusy jit = new JitBusy(compiled::get, clock::get, 0);
    clock.set(199 * MS);
    assertTrue(jit.busy(), "within the first stretch");
    clock.set(200 * MS);
    compiled.addAndGet(50);   // a quarter of 200 ms
    assertTrue(jit.busy(), "compilers busy a quarter of the stretch");
    clock.set(300 * MS);
    compiled.addAndGet(1);
    assertTrue(jit.busy(), "a stretch under 200 ms is not judged");
    clock.set(400 * MS);
    compiled.addAndGet(48);   // 49 ms of 200
    assertFalse(jit.busy(), "compilers busy less than a quarter");
    clock.set(600 * MS);
    compiled.addAndGet(200);
    assertFalse(jit.busy(), "settled for good");
  }

  /**
   * A run's first steps are not judged (they are what sets the compilers going, so a stretch over
   * them alone can be quiet), and the first stretch starts at the last of them.
   */
  @Test
  void theFirstStretchStartsAfterTheFirstSteps() {
    AtomicLong clock = new AtomicLong(), compiled = new AtomicLong(1_000);
    JitBusy quietFirst = new JitBusy(compiled::get, clock::get, 3);
    for (int step = 1; step <= 3; step++) {
      clock.addAndGet(300 * MS);   // slow first steps, the compilers idle
      assertTrue(quietFirst.busy(), "step " + step + " is one of the first");
    }
    clock.addAndGet(200 * MS);
    compiled.addAndGet(60);   // 60 ms of the 200 since the third step
    assertTrue(quietFirst.busy(), "busy in the first stretch");

    JitBusy busyFirst = new JitBusy(compiled::get, clock::get, 3);
    for (int step = 1; step <= 3; step++) {
      clock.addAndGet(300 * MS);
      compiled.addAndGet(300);   // the compilers at work over the first steps
      assertTrue(busyFirst.busy(), "step " + step + " is one of the first");
    }
    clock.addAndGet(200 * MS);
    compiled.addAndGet(10);
    assertFalse(busyFirst.busy(), "the first stretch, from the third step on, is quiet: settled");
  }

  @Test
  void whileBusyAStepLeavesTheCompilersACore() {
    assertEquals(1, JitBusy.threadsWhileBusy(1));
    assertEquals(1, JitBusy.threadsWhileBusy(2));
    assertEquals(15, JitBusy.threadsWhileBusy(16));
  }

  @Test
  void aJvmThatCannotTellItsCompilersTimeIsSettled() {
    assertFalse(new JitBusy(null, System::nanoTime, JitBusy.FIRST_STEPS).busy());
  }

  /**
   * Steps taken on one thread while the compilers are busy, then on two: the same weights as
   * every step on two, bit for bit (300 pixels, 260 hidden units, batches of 256: every product
   * and kernel splits over the threads).
   */
  @Test
  void stepsOnOneThreadWhileBusyChangeNoBit() {
    Xoshiro256 rng = new Xoshiro256(8);
    Tensor x = Tensor.zeros(768, 300);
    for (int i = 0; i < x.size(); i++) x.data[i] = (float) Math.pow(rng.nextFloat(), 3);
    Dataset data = new Dataset("noise", x, null);
    RunConfig run = RunConfig.of(Preset.PYTORCH_EXAMPLE, 300, Map.of("model.encoderHidden", List.of(260), "model.latentSize", 8,
        "model.activation", "tanh", "training.schedule.batchSize", 256, "training.runtime.seed", 7, "training.runtime.threads", 2));
    Parallel.setThreads(2);
    try {
      Training settled = Training.of(run);
      settled.jit = new JitBusy(null, System::nanoTime, 0);
      AtomicLong clock = new AtomicLong();
      AtomicInteger judged = new AtomicInteger();
      Training busyFirst = Training.of(run);   // each step a stretch of 200 ms, the compilers busy in the first two
      busyFirst.jit = new JitBusy(() -> judged.getAndIncrement() < 3 ? judged.get() * 100L : 300L, () -> clock.getAndAdd(200 * MS), 0);
      for (Training t : List.of(settled, busyFirst)) {
        t.use(data);
        for (int epoch = 0; epoch < 2; epoch++) {
          t.epoch(Long.MAX_VALUE, new Training.Listener() {});
          t.state().endEpoch(Double.NaN);
        }
      }
      assertTrue(judged.get() >= 4, "the busy stretches were judged, then settled");
      for (int i = 0; i < settled.model().parameters().size(); i++) {
        assertArrayEquals(settled.model().parameters().get(i).value.data, busyFirst.model().parameters().get(i).value.data,
            settled.model().parameters().get(i).name);
      }
    } finally {
      Parallel.setThreads(Parallel.CORES);
    }
  }
}
