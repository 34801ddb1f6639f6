package latent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import latent.nn.Parameter;
import org.junit.jupiter.api.Test;

class NumericalGuardTest {
  static Parameter param(String name, float... grad) {
    Parameter p = new Parameter(name, 1, grad.length);
    System.arraycopy(grad, 0, p.grad.data, 0, grad.length);
    return p;
  }

  /**
   * Lengths around the vector width (8 or 16) and the four-vector block, so the blocks and the
   * tail are exercised, and one long enough to be split over the threads (at every split's ends).
   */
  @Test
  void allFiniteFindsEveryNonFiniteValueWherever_itIs() {
    for (int n : new int[] {1, 7, 8, 9, 17, 31, 32, 33, 63, 64, 65, 129, 70_001}) {
      float[] x = new float[n];
      java.util.Arrays.fill(x, 3e38f);   // large but finite: x·0 is still 0
      for (int threads = 1; threads <= 3; threads++) {
        latent.tensor.Parallel.setThreads(threads);
        try {
          assertTrue(NumericalGuard.allFinite(x));
          for (int i = 0; i < n; i++) {
            if (n > 200 && i % 1000 > 2 && i % 23_333 > 2 && i % 35_000 > 2 && i < n - 3) continue;
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
              float[] y = x.clone();
              y[i] = bad;
              assertFalse(NumericalGuard.allFinite(y), "n=" + n + " i=" + i + " " + bad + ", " + threads + " threads");
            }
          }
        } finally {
          latent.tensor.Parallel.setThreads(latent.tensor.Parallel.CORES);
        }
      }
    }
  }

  @Test
  void badStepsAreSkippedCountedAndNamed() {
    NumericalGuard g = new NumericalGuard(new Safeguards(3, 0));
    Parameter a = param("encoder.0.weight", 1, 2), b = param("decoder.out.bias", 3, Float.NaN);
    List<Parameter> ps = List.of(a, b);
    assertFalse(g.admit(-5.0, ps));
    assertEquals("non-finite gradient in decoder.out.bias", g.lastProblem());
    b.grad.data[1] = 0;
    assertFalse(g.admit(Double.NaN, ps));
    assertEquals("non-finite loss (NaN) with finite gradients", g.lastProblem());
    assertEquals(2, g.consecutiveBadSteps());
    assertFalse(g.tripped());
    assertTrue(g.admit(-5.0, ps), "a good step resets the run of bad ones");
    assertEquals(0, g.consecutiveBadSteps());
    a.value.data[0] = Float.POSITIVE_INFINITY;
    for (int i = 0; i < 3; i++) assertFalse(g.admit(Double.NaN, ps));
    assertTrue(g.tripped());
    assertEquals("parameter encoder.0.weight holds NaN or infinite values", g.lastProblem());
    assertEquals(5, g.badSteps());
  }

  /** ‖(3, 4)‖ = 5 scaled to 1 gives (0.6, 0.8); a norm below the threshold is left alone. */
  @Test
  void clippingScalesTheGlobalNormDown() {
    Parameter a = param("a", 3), b = param("b", 4);
    assertEquals(5.0, NumericalGuard.clip(List.of(a, b), 1f), 1e-12);
    assertEquals(0.6f, a.grad.data[0], 1e-6f);
    assertEquals(0.8f, b.grad.data[0], 1e-6f);
    assertEquals(1.0, NumericalGuard.clip(List.of(a, b), 2f), 1e-6);
    assertEquals(0.6f, a.grad.data[0], 1e-6f);
  }

  /** The checkpoint writer refuses non-finite parameters: the run stops and the folder holds no checkpoint. */
  @Test
  void nonFiniteParametersNeverReachACheckpoint(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
    RunConfig run = TrainerTest.run(1);
    RunFolder folder = RunFolder.create(tmp.resolve("run"), run);
    latent.model.Vae vae = new latent.model.Vae(run.model(), new latent.random.Xoshiro256(1));
    var batches = new latent.data.Batches(TrainerTest.bars("b", 40, 1), 20, new latent.random.Xoshiro256(2), latent.data.Binarization.DYNAMIC);
    Checkpointer saver = new Checkpointer(folder, new TrainingState.Parts(vae.parameters(), new latent.optim.Adam(1e-3f),
        new latent.random.Xoshiro256(3), new latent.random.Xoshiro256(4), batches, new NumericalGuard(Safeguards.DEFAULT)), CheckpointPolicy.DEFAULT);
    vae.decoder.out.weight.value.data[3] = Float.NaN;
    TrainingStopped e = org.junit.jupiter.api.Assertions.assertThrows(TrainingStopped.class, () -> saver.save(new TrainingState()));
    assertEquals("step 0: parameter decoder.logits.weight holds NaN or infinite values; nothing was written", e.getMessage());
    assertEquals(TrainingStopped.DIVERGED, e.status());
    assertFalse(java.nio.file.Files.exists(folder.dir.resolve(CheckpointFiles.LATEST)));
  }

  @Test
  void nothingWrongIsNull() {
    assertNull(NumericalGuard.problem(-3.0, List.of(param("a", 1, 2, 3))));
  }
}
