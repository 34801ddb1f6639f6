package latent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import latent.train.Preset;
import latent.train.RunConfig;
import org.junit.jupiter.api.Test;

class StepBenchTest {
  /** A small model's step, alone and in the loop: two medians, each within its own p10-p90, its rate the batch over its median. */
  @Test
  void theStepAloneAndInTheLoopAreBothTimed() {
    RunConfig run = RunConfig.of(Preset.PYTORCH_EXAMPLE, 16, Map.of("model.encoderHidden", List.of(8), "model.decoderHidden", List.of(8), "model.latentSize", 2, "training.schedule.batchSize", 4));
    StepBench bench = new StepBench("tiny", run);
    List<StepBench.Result> both = bench.run(0.2, latent.data.Dataset.greyImages(50, 16, 2));
    assertEquals(2, both.size());
    for (StepBench.Result r : both) {
      assertTrue(r.p10() <= r.msPerStep() && r.msPerStep() <= r.p90() && r.p10() > 0, r.toString());
      assertEquals(4 / (r.msPerStep() / 1e3), r.imagesPerSecond(), 1e-6 * r.imagesPerSecond());
      assertEquals(bench.flopsPerStep(new latent.model.Vae(run.model(), new latent.random.Xoshiro256(1))) / (r.msPerStep() / 1e3) / 1e9,
          r.gflops(), 1e-6 * r.gflops());
    }
    assertEquals(1, new StepBench("tiny", run).run(0.1, null).size(), "without images, the step alone");
    assertThrows(IllegalArgumentException.class, () -> bench.run(0.1, latent.data.Dataset.greyImages(50, 17, 2)), "the loop draws its batches from the images");
  }

  /** The warm-up lasts its minimum, then on while the JIT compiles, up to its maximum (steps of 100 ms on a fake clock). */
  @Test
  void theWarmUpWaitsForTheCompilersWithinItsBounds() {
    long ms = 1_000_000;
    for (int[] c : new int[][] {{0, 20}, {35, 36}, {1000, 100}}) {   // compiling for the first c[0] steps: c[1] steps run
      long[] now = {0};
      int[] steps = {0}, asked = {0};
      double sum = StepBench.warmUp(() -> {
        now[0] += 100 * ms;
        return ++steps[0];
      }, 2000 * ms, 10_000 * ms, () -> ++asked[0] <= c[0], () -> now[0]);
      assertEquals(c[1], steps[0], "compiling for " + c[0] + " steps");
      assertEquals(steps[0], asked[0], "the compilers asked after every step, so that each stretch they judge is short");
      assertEquals(steps[0] * (steps[0] + 1) / 2.0, sum, "the steps' results summed");
    }
  }
}
