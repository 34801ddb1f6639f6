package latent.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import latent.InputException;
import latent.data.Dataset;
import latent.data.DigitFiles;
import latent.data.TrainTest;
import latent.model.DecoderType;
import latent.objective.Objective;
import latent.tensor.Tensor;
import latent.train.Progress;
import latent.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatentModelTest {
  @TempDir Path tmp;

  static Dataset digits(String name, int n, long seed) {
    Tensor x = DigitFiles.digits(n, seed);
    for (int i = 0; i < x.size(); i++) x.data[i] /= 255f;
    return new Dataset(name, x, null);
  }

  static LatentModelBuilder small() {
    return LatentModel.builder(64).hidden(32).latent(3).batchSize(25).epochs(4).threads(1).seed(3);
  }

  /** The façade trains exactly as {@code latent train} does: same seed, same weights, same test ELBO. */
  @Test
  void fitAndElboAgreeWithTheTrainer() {
    Dataset train = digits("train", 200, 1), test = digits("test", 50, 2);
    LatentModel model = small().objective(Objective.iwae(3)).build();
    model.fit(train);
    var viaTrainer = Trainer.train(model.config(), new TrainTest(train, test),
        tmp.resolve("run"), new Progress(new PrintStream(new ByteArrayOutputStream()), false, 200, 10_000, System::nanoTime));
    assertEquals(viaTrainer.testElbo(), model.elbo(test), 0.0);
    for (int i = 0; i < model.vae().parameters().size(); i++) {
      assertArrayEquals(viaTrainer.model().parameters().get(i).value.data, model.vae().parameters().get(i).value.data);
    }
  }

  /** A mapped training file fits to the in-memory fit's weights; scoring and encoding it is refused in one line (they take data in memory). */
  @Test
  void aMappedFileFitsLikeOneInMemoryAndIsNotScored() throws Exception {
    Path file = latent.data.DigitFiles.npy(tmp.resolve("d.npy"), DigitFiles.digits(200, 1), 255f);
    Dataset memory = latent.data.FileData.load(file, null, 0.2, 1, latent.data.Scaling.Kind.NONE, latent.data.Storage.MEMORY, m -> {}).sets().train();
    Dataset mapped = latent.data.FileData.load(file, null, 0.2, 1, latent.data.Scaling.Kind.NONE, latent.data.Storage.MAPPED, m -> {}).sets().train();
    LatentModel a = small().build(), b = small().build();
    a.fit(memory);
    b.fit(mapped);
    for (int i = 0; i < a.vae().parameters().size(); i++) {
      assertArrayEquals(a.vae().parameters().get(i).value.data, b.vae().parameters().get(i).value.data);
    }
    var e = org.junit.jupiter.api.Assertions.assertThrows(latent.InputException.class, () -> b.encode(mapped));
    assertTrue(e.getMessage().contains("mapped from its file"), e.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(latent.InputException.class, () -> b.scores(mapped, 2));
  }

  /**
   * Fitting into a run folder is {@code latent train}'s loop and folder: checkpoints, metrics,
   * model file, the same weights as the in-memory fit, and a folder {@code latent train --resume}
   * takes (here: a run that has finished its epochs, so resuming changes nothing).
   */
  @Test
  void fitIntoARunFolderWritesCheckpointsAndEqualsTheInMemoryFit() {
    Dataset train = digits("train", 200, 1), test = digits("test", 50, 2);
    LatentModel inMemory = small().build(), inFolder = small().build();
    inMemory.fit(train);
    var r = inFolder.fit(new TrainTest(train, test), tmp.resolve("api-run"));
    assertEquals(4, latent.train.RunFolder.open(tmp.resolve("api-run")).metrics().size());
    org.junit.jupiter.api.Assertions.assertTrue(java.nio.file.Files.isRegularFile(tmp.resolve("api-run").resolve(latent.train.CheckpointFiles.LATEST)));
    assertEquals(r.testElbo(), inFolder.elbo(test), 0.0);
    for (int i = 0; i < inMemory.vae().parameters().size(); i++) {
      assertArrayEquals(inMemory.vae().parameters().get(i).value.data, inFolder.vae().parameters().get(i).value.data);
    }
  }

  /** Two fits of two epochs are one fit of four: the second goes on with the first's optimiser state. */
  @Test
  void aSecondFitContinuesTheFirst() {
    Dataset train = digits("train", 200, 1);
    LatentModel once = small().epochs(4).build(), twice = small().epochs(2).build();
    once.fit(train);
    twice.fit(train);
    twice.fit(train);
    for (int i = 0; i < once.vae().parameters().size(); i++) {
      assertArrayEquals(once.vae().parameters().get(i).value.data, twice.vae().parameters().get(i).value.data);
    }
  }

  /** A fit that diverges stops with the reason instead of training on through non-finite weights. */
  @Test
  void aDivergingFitStops() {
    LatentModel model = small().optimizer(latent.optim.OptimizerKind.ADAM, 1e30f).build();
    var e = assertThrows(IllegalStateException.class, () -> model.fit(digits("train", 200, 1)));
    assertTrue(e.getMessage().startsWith("training diverged: "), e.getMessage());
  }

  /** The gradient estimator asked of the builder is the one the model trains with and records. */
  @Test
  void theBuilderKeepsTheGradientEstimator() {
    var dreg = new latent.objective.GradientEstimator.Dreg();
    assertEquals(dreg, small().objective(Objective.iwae(3).withGradient(dreg)).build().config().training().objective().gradient());
  }

  /** The recipes and schedules asked of the builder are the ones the model records; a bad one names its setting. */
  @Test
  void theBuilderKeepsTheRecipesAndSchedules() {
    var lr = new latent.optim.LrSchedule(latent.optim.LrSchedule.Kind.COSINE, 1000, 0.5, 5, 0.1);
    var t = small().kl(0.5, 2000, 0.1).lrSchedule(lr).earlyStopping(20, 3, 0.01).build().config().training();
    assertEquals(new latent.objective.KlRecipe(0.5, 2000, 0.1), t.objective().kl());
    assertEquals(lr, t.schedule().lr());
    assertEquals(new latent.train.EarlyStopping(3, 0.01), t.schedule().earlyStopping());
    assertEquals(20, t.data().validation());
    var e = assertThrows(latent.InvalidSetting.class, () -> small().kl(-1, 0, 0).build());
    assertEquals("klWeight", e.setting());
    var inMemory = assertThrows(latent.InvalidSetting.class, () -> small().earlyStopping(20, 3, 0).build().fit(digits("train", 50, 1)));
    assertEquals("patience", inMemory.setting());
  }

  @Test
  void everyCallOnOneModel() {
    Dataset train = digits("train", 200, 1), test = digits("test", 30, 2);
    LatentModel model = small().decoder(DecoderType.GAUSSIAN).build();
    double before = model.elbo(test);
    model.fit(train);
    double elbo = model.elbo(test), l20 = model.logLikelihood(test, 20);
    assertTrue(elbo > before, before + " → " + elbo);
    assertTrue(l20 >= elbo - 0.5, "L_20 " + l20 + " vs ELBO " + elbo);   // L_k ≥ ELBO in expectation; both are noisy estimates
    LatentModel.Posterior q = model.encode(test);
    assertEquals(30, q.loc().length);
    assertEquals(3, q.logVar()[0].length);
    float[][] recon = model.decode(q.loc());
    assertEquals(64, recon[0].length);
    float[][] samples = model.sample(5);
    assertEquals(5, samples.length);
    for (float v : samples[4]) assertTrue(v >= 0 && v <= 1, "sigmoid mean in [0, 1]");
    double[] scores = model.score(test, 10);
    assertEquals(30, scores.length);

    Path saved = model.save(tmp.resolve("saved"));
    LatentModel back = LatentModel.load(saved);
    assertEquals(elbo, back.elbo(test), 0.0);
    assertArrayEquals(q.loc()[7], back.encode(test).loc()[7]);
  }

  /** A threshold fitted through the API flags about 1 − q of the normal data, and survives save and load. */
  @Test
  void aFittedThresholdFlagsAnomaliesAndIsSavedWithTheModel() {
    LatentModel model = small().build();
    model.fit(digits("train", 200, 1));
    assertThrows(IllegalStateException.class, () -> model.anomalies(digits("x", 5, 3)));
    latent.eval.Threshold t = model.fitThreshold(digits("normal", 50, 2), latent.eval.ScoreKind.LK, 0.9, 20);
    int flagged = 0;
    for (boolean f : model.anomalies(digits("normal", 50, 2))) if (f) flagged++;
    assertEquals(5, flagged, "the 0.9 quantile of 50 distinct scores leaves 5 above it");
    Tensor noise = DigitFiles.noise(4, 9);
    for (int i = 0; i < noise.size(); i++) noise.data[i] /= 255f;
    LatentModel back = LatentModel.load(model.save(tmp.resolve("saved")));
    assertEquals(t, back.threshold().orElseThrow());
    boolean[] flags = back.anomalies(new Dataset("noise", noise, null));
    assertArrayEquals(model.anomalies(new Dataset("noise", noise, null)), flags);
    for (boolean f : flags) assertTrue(f, "random noise is far from the digits");
  }

  @Test
  void badUseIsOneClearError() {
    LatentModel model = small().build();
    var e = assertThrows(InputException.class, () -> model.elbo(new Dataset("wide", Tensor.zeros(2, 65), null)));
    assertTrue(e.getMessage().contains("65 values per example, the model expects 64"), e.getMessage());
    assertThrows(InputException.class, () -> small().latent(0).build());
    assertThrows(InputException.class, () -> Datasets.of("rows", new float[][] {{0.5f}, {2f}}));
    assertThrows(InputException.class, () -> model.decode(new float[][] {{1f, 2f}}));
  }
}
