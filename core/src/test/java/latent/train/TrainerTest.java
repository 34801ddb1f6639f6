package latent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import latent.data.Dataset;
import latent.data.TrainTest;
import latent.model.Vae;
import latent.model.Weights;
import latent.objective.TestElbo;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on small generated data: a few epochs, the run folder, and eval agreeing with training. */
class TrainerTest {
  @TempDir Path tmp;

  /** Four prototype 4×4 images (bars and crosses) with grey noise: a structure a VAE can learn fast. */
  static Dataset bars(String name, int n, long seed) {
    Xoshiro256 rng = new Xoshiro256(seed);
    Tensor x = Tensor.zeros(n, 16);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = rng.nextInt(4);
      labels[i] = c;
      for (int j = 0; j < 16; j++) {
        boolean on = switch (c) {
          case 0 -> j / 4 == 1;
          case 1 -> j % 4 == 2;
          case 2 -> j / 4 == j % 4;
          default -> j / 4 + j % 4 == 3;
        };
        x.data[i * 16 + j] = on ? 0.9f : 0.05f;
      }
    }
    return new Dataset(name, x, labels);
  }

  static RunConfig run(int epochs) {
    return run(epochs, 0);
  }

  /** A 16-32-2 tanh model of the bars: Adam 0.01, batch 20, seed 7, 2 threads; {@code validation} images held out. */
  static RunConfig run(int epochs, int validation) {
    return RunConfig.of(Preset.PYTORCH_EXAMPLE, 16, Map.ofEntries(Map.entry("model.encoderHidden", List.of(32)), Map.entry("model.latentSize", 2),
        Map.entry("model.activation", "tanh"), Map.entry("model.init", "glorot"), Map.entry("training.data.dataset", "bars"),
        Map.entry("training.data.validation", validation), Map.entry("training.optimizer.learningRate", 0.01f),
        Map.entry("training.schedule.batchSize", 20), Map.entry("training.schedule.epochs", epochs), Map.entry("training.runtime.seed", 7),
        Map.entry("training.runtime.threads", 2)));
  }

  /** The model saved in a run folder's {@code model.safetensors}. */
  static Vae vaeOf(Path dir) {
    RunFolder folder = RunFolder.open(dir);
    Vae vae = new Vae(folder.config().model(), new Xoshiro256(99));
    Weights.load(folder.model(), vae.parameters());
    return vae;
  }

  static Progress quiet() {
    return new Progress(new PrintStream(new ByteArrayOutputStream()), false, 200, 10_000, System::nanoTime);
  }

  @Test
  void trainingImprovesTheBoundAndWritesTheRunFolder() {
    TrainTest data = new TrainTest(bars("bars-train", 400, 1), bars("bars-test", 100, 2));
    Trainer.Result r = Trainer.train(run(15), data, tmp.resolve("run"), quiet());
    RunFolder folder = RunFolder.open(tmp.resolve("run"));
    List<RunFolder.Metrics> rows = folder.metrics();
    assertEquals(15, rows.size());
    assertEquals(400L * 15, rows.get(14).imagesSeen());
    // 16 pixels: the bound starts near 16·log ½ = −11.1 nats; the 4 prototypes need log 4 = 1.4 nats
    // plus pixel noise (16 · H(0.05..0.1) ≈ 4 nats), so a learned model is far above the start
    assertTrue(rows.get(14).testElbo() > rows.get(0).testElbo() + 1, "test ELBO " + rows.get(0).testElbo() + " → " + rows.get(14).testElbo());
    assertEquals(r.testElbo(), rows.get(14).testElbo(), 1e-4);   // metrics.csv keeps 4 decimals

    // the saved model and config reproduce the final test ELBO exactly
    RunConfig cfg = folder.config();
    assertEquals(run(15), cfg);
    Vae vae = new Vae(cfg.model(), new Xoshiro256(99));
    Weights.load(folder.model(), vae.parameters());
    double again = TestElbo.evaluate(vae, Trainer.testSet(cfg, data.test()), 1, cfg.training().data().testSeed());
    assertEquals(r.testElbo(), again, 0.0);

    // the collapse diagnostics: a row per epoch; the last equals the saved model's on the test set
    List<RunFolder.EpochDiagnostics> diagnostics = folder.diagnostics();
    assertEquals(15, diagnostics.size());
    assertEquals(15, diagnostics.getLast().epoch());
    var last = latent.model.CollapseDiagnostics.of(vae, Trainer.testSet(cfg, data.test()), cfg.training().data().testSeed());
    assertEquals(last.activeUnits(), diagnostics.getLast().diagnostics().activeUnits());
    assertEquals(last.mutualInformation(), diagnostics.getLast().diagnostics().mutualInformation(), 1e-4);
    assertArrayEquals(last.klPerDimension(), diagnostics.getLast().diagnostics().klPerDimension(), 1e-4);
    // the bars' four prototypes need log 4 = 1.4 nats of code: both dimensions carry it
    assertEquals(2, last.activeUnits());
    assertTrue(last.mutualInformation() > 1 && last.mutualInformation() < Math.log(100), "I_q " + last.mutualInformation());
  }

  /**
   * Early stopping: with a gain of 100 nats required, no epoch after the first counts as
   * better, so the run stops after 1 + patience epochs and keeps the first epoch's model; a
   * resumed run that has stopped trains no further.
   */
  @Test
  void earlyStoppingKeepsTheBestEpochsModel() {
    TrainTest data = new TrainTest(bars("bars-train", 400, 1), bars("bars-test", 100, 2));
    RunConfig base = run(10, 100);
    var s = base.training().schedule();
    RunConfig run = new RunConfig(base.model(), new TrainingConfig(base.training().preset(), base.training().data(), base.training().optimizer(),
        base.training().objective(), new Schedule(s.batchSize(), s.epochs(), s.iwaeStages(), s.maxImages(), s.lr(), new EarlyStopping(2, 100)),
        base.training().runtime()), base.safeguards());
    Trainer.Result r = Trainer.train(run, data, tmp.resolve("run"), quiet());
    RunFolder folder = RunFolder.open(tmp.resolve("run"));
    List<RunFolder.Metrics> rows = folder.metrics();
    assertEquals(3, rows.size(), "epoch 1, then two epochs without a gain of 100 nats");
    assertEquals(rows.getFirst().testElbo(), r.testElbo(), 0.0);
    Vae saved = vaeOf(tmp.resolve("run"));
    assertEquals(r.testElbo(), TestElbo.evaluate(saved, Trainer.testSet(run, data.test()), 1, run.training().data().testSeed()), 1e-4,
        "model.safetensors is epoch 1's");
    Trainer.Result again = Trainer.train(run, data, tmp.resolve("run"), quiet(), CheckpointPolicy.DEFAULT, true);
    assertEquals(3, folder.metrics().size(), "a stopped run stays stopped");
    assertEquals(r.testElbo(), again.testElbo(), 0.0);
    org.junit.jupiter.api.Assertions.assertArrayEquals(r.test().x().data, again.test().x().data, "the test set as scored, though no epoch ran");
    String report = readString(latent.report.RunReport.write(folder, null, null, latent.report.FigureSettings.DEFAULTS));
    assertTrue(report.contains("model.safetensors holds epoch 1;"), "the report says which epoch won");
    // without the 100 nats, every epoch improves on these bars: the run goes on
    RunConfig patient = new RunConfig(base.model(), new TrainingConfig(base.training().preset(), base.training().data(), base.training().optimizer(),
        base.training().objective(), new Schedule(s.batchSize(), 4, s.iwaeStages(), s.maxImages(), s.lr(), new EarlyStopping(2, 0)),
        base.training().runtime()), base.safeguards());
    Trainer.train(patient, data, tmp.resolve("patient"), quiet());
    assertEquals(4, RunFolder.open(tmp.resolve("patient")).metrics().size());
    var refused = org.junit.jupiter.api.Assertions.assertThrows(latent.InvalidSetting.class, () -> new TrainingConfig(base.training().preset(),
        new latent.data.DataConfig(base.training().data().dataset(), null, base.training().data().binarization(), 0, 0), base.training().optimizer(), base.training().objective(), run.training().schedule(), base.training().runtime()));
    assertEquals("patience", refused.setting());
  }

  private static String readString(java.nio.file.Path p) {
    try {
      return java.nio.file.Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void validationSplitIsHeldOutAndReported() {
    TrainTest data = new TrainTest(bars("bars-train", 300, 1), bars("bars-test", 50, 2));
    RunConfig cfg = run(2, 100);
    Vae trained = Trainer.train(cfg, data, tmp.resolve("v"), quiet()).model();
    List<RunFolder.Metrics> rows = RunFolder.open(tmp.resolve("v")).metrics();
    assertEquals(200L * 2, rows.get(1).imagesSeen(), "trains on the 200 images not held out");
    // the held-out images are scored as the test set is: binarized once with the test seed
    Dataset heldOut = Trainer.testSet(cfg, data.train().split(100, cfg.training().runtime().seed()).validation());
    assertEquals(TestElbo.evaluate(trained, heldOut, 1, cfg.training().data().testSeed()), rows.get(1).validationElbo(), 1e-4);
  }

  @Test
  void outputBiasStartsAtTheLogitOfTheMeanPixel() {
    Dataset train = bars("bars-train", 400, 1);
    Vae vae = new Vae(run(1).model(), new Xoshiro256(1));
    Training.initOutputBias(vae, train);
    for (int j : new int[] {0, 5, 15}) {
      double mean = 0;
      for (int i = 0; i < train.size(); i++) mean += train.x().get(i, j);
      mean /= train.size();
      assertEquals(Math.log(mean / (1 - mean)), vae.decoder.out.bias.value.data[j], 1e-4);
    }
  }

  @Test
  void sameSeedSameThreadsGiveBitIdenticalWeights() {
    TrainTest data = new TrainTest(bars("bars-train", 200, 1), bars("bars-test", 50, 2));
    Vae a = Trainer.train(run(2), data, tmp.resolve("a"), quiet()).model();
    Vae b = Trainer.train(run(2), data, tmp.resolve("b"), quiet()).model();
    for (int i = 0; i < a.parameters().size(); i++) {
      assertArrayEquals(a.parameters().get(i).value.data, b.parameters().get(i).value.data, a.parameters().get(i).name);
    }
  }

  /**
   * latent's runs are bit-identical for a seed whatever the thread count: a model large enough
   * that every product, activation, log-density and optimizer update splits over the threads
   * (300 pixels, 260 hidden units, batches of 256: over 2^16 elements each), trained for two
   * epochs on 1, 2 and 3 threads, ends with the same weights and the same metrics.
   */
  @Test
  void anyThreadCountGivesBitIdenticalWeights() {
    Xoshiro256 rng = new Xoshiro256(8);
    Tensor train = Tensor.zeros(768, 300), test = Tensor.zeros(256, 300);
    for (Tensor t : List.of(train, test)) for (int i = 0; i < t.size(); i++) t.data[i] = (float) Math.pow(rng.nextFloat(), 3);
    TrainTest data = new TrainTest(new Dataset("noise", train, null), new Dataset("noise-test", test, null));
    Vae first = null;
    List<RunFolder.Metrics> firstMetrics = null;
    for (int threads = 1; threads <= 3; threads++) {
      RunConfig run = RunConfig.of(Preset.PYTORCH_EXAMPLE, 300, Map.of("model.encoderHidden", List.of(260), "model.latentSize", 8,
          "model.activation", "tanh", "training.data.dataset", "noise", "training.schedule.batchSize", 256, "training.schedule.epochs", 2,
          "training.runtime.seed", 7, "training.runtime.threads", threads));
      Vae vae = Trainer.train(run, data, tmp.resolve("t" + threads), quiet()).model();
      List<RunFolder.Metrics> metrics = RunFolder.open(tmp.resolve("t" + threads)).metrics();
      if (first == null) {
        first = vae;
        firstMetrics = metrics;
        continue;
      }
      for (int i = 0; i < vae.parameters().size(); i++) {
        assertArrayEquals(first.parameters().get(i).value.data, vae.parameters().get(i).value.data, threads + " threads: " + vae.parameters().get(i).name);
      }
      for (int e = 0; e < metrics.size(); e++) {
        assertEquals(firstMetrics.get(e).trainBound(), metrics.get(e).trainBound(), 0.0, threads + " threads: train bound, epoch " + (e + 1));
        assertEquals(firstMetrics.get(e).testElbo(), metrics.get(e).testElbo(), 0.0, threads + " threads: test ELBO, epoch " + (e + 1));
      }
    }
  }
}
