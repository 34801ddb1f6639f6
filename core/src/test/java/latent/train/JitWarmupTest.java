package latent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import latent.data.TrainTest;
import latent.model.Vae;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JitWarmupTest {
  @TempDir Path tmp;

  /** The IWAE preset's run with a second stochastic layer and an estimator: every setting a miniature must keep or narrow. */
  private static final Map<String, Object> SETTINGS = Map.of("model.encoderHidden", List.of(200, 200), "model.latentSize", 100,
      "model.hidden2", List.of(100, 100), "model.latentSize2", 50, "model.activation", "softplus", "training.objective.samples", 50,
      "training.schedule.batchSize", 20, "training.data.validation", 1000, "training.runtime.threads", 2);

  @Test
  void theMiniatureIsTheRunsSettingsAtSmallWidths() {
    RunConfig probe = RunConfig.of(Preset.IWAE, 1, SETTINGS);
    RunConfig mini = JitWarmup.miniature(probe);
    var m = mini.model();
    assertEquals(List.of(64, 64), m.encoderHidden());
    assertEquals(List.of(64, 64), m.decoderHidden());
    assertEquals(8, m.latentSize());
    assertEquals(List.of(64, 64), m.hidden2());
    assertEquals(4, m.latentSize2());
    assertEquals(JitWarmup.WIDTH, m.inputSize());
    assertEquals(JitWarmup.BATCH, mini.training().schedule().batchSize());
    assertEquals(4, mini.training().objective().samples());
    assertEquals(0, mini.training().data().validation());
    // what selects the code that runs is the run's own
    assertEquals(probe.model().activation(), m.activation());
    assertEquals(probe.model().decoder(), m.decoder());
    assertEquals(probe.training().objective().kind(), mini.training().objective().kind());
    assertEquals(probe.training().objective().estimator(), mini.training().objective().estimator());
    assertEquals(probe.training().objective().gradient(), mini.training().objective().gradient());
    assertEquals(probe.training().objective().kl(), mini.training().objective().kl());
    assertEquals(probe.training().optimizer().kind(), mini.training().optimizer().kind());
    assertEquals(probe.training().data().binarization(), mini.training().data().binarization());
  }

  /** Each preset's miniature trains (a miniature that fails ends the warm-up at once, silently). */
  @Test
  void everyPresetsMiniatureTrains() throws InterruptedException {
    for (Preset preset : Preset.values()) {
      Map<String, Object> settings = Map.of("training.runtime.threads", 2);
      try (JitWarmup warmup = JitWarmup.start(RunConfig.of(preset, 1, settings))) {
        Thread.sleep(300);
        assertTrue(warmup.running(), preset.flag());
      }
    }
  }

  @Test
  void aRunOnOneThreadIsNotWarmedUp() {
    Map<String, Object> one = new HashMap<>(SETTINGS);
    one.put("training.runtime.threads", 1);
    assertNull(JitWarmup.start(RunConfig.of(Preset.IWAE, 1, one)));
  }

  /**
   * A run trained while a warm-up runs beside it ends on the same weights as one trained alone
   * (the warm-up shares nothing with it), and closing the warm-up stops its thread.
   */
  @Test
  void aRunBesideTheWarmupIsBitForBitTheRunAlone() throws InterruptedException {
    TrainTest data = new TrainTest(TrainerTest.bars("bars-train", 200, 1), TrainerTest.bars("bars-test", 50, 2));
    Vae alone = Trainer.train(TrainerTest.run(2), data, tmp.resolve("alone"), TrainerTest.quiet()).model();
    Map<String, Object> settings = Map.of("model.activation", "tanh", "training.runtime.threads", 2);
    JitWarmup warmup = JitWarmup.start(RunConfig.of(Preset.PYTORCH_EXAMPLE, 1, settings));
    assertNotNull(warmup);
    Vae beside;
    try (warmup) {
      Thread.sleep(200);   // the warm-up is training when the run starts
      assertTrue(warmup.running());
      beside = Trainer.train(TrainerTest.run(2), data, tmp.resolve("beside"), TrainerTest.quiet()).model();
    }
    assertFalse(warmup.running());
    for (int i = 0; i < alone.parameters().size(); i++) {
      assertArrayEquals(alone.parameters().get(i).value.data, beside.parameters().get(i).value.data, alone.parameters().get(i).name);
    }
  }
}
