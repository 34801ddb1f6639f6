package latent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import latent.Hostile;
import latent.data.Batches;
import latent.data.Binarization;
import latent.data.Dataset;
import latent.data.TrainTest;
import latent.model.Vae;
import latent.model.Weights;
import latent.nn.Parameter;
import latent.optim.Optimizer;
import latent.random.Xoshiro256;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile inputs for the readers of a run folder's files: 100,000 seeded mutated files (1 to 3
 * mutations of a valid file, {@link Hostile#mutate}) and 10,000 files of random bytes each for
 * {@code model.safetensors} ({@link latent.model.Weights#load}), the training checkpoint
 * ({@link CheckpointFiles#read} and then {@link TrainingState#restore}), {@code config.json}
 * ({@link RunFolder#config}) and {@code metrics.csv} ({@link RunFolder#metrics}). Half of the
 * mutated training checkpoints are re-sealed with a recomputed SHA-256 (computed here from the
 * format's description, not by the writer's code), so the checks behind the checksum are
 * reached too. Each input must be accepted or rejected with one {@link latent.InputException}
 * line naming the file, allocating at most {@link Hostile#SLACK} plus 8 bytes per byte of the
 * file.
 *
 * <p>The oracle: the files of a real run are accepted and decode to that run's weights, counters,
 * settings and metrics; an accepted file decodes to finite weights (and, when its header is
 * untouched, to exactly the floats its data section holds), a config that survives a round trip
 * through JSON unchanged, and metrics rows that do too.
 */
class RunFilesFuzzTest {
  static final Path DIR = Hostile.scratchFolder();
  static final Path RUN = DIR.resolve("run");
  static final byte[] MODEL, TRAINING, CONFIG, METRICS, DIAGNOSTICS;
  static final RunConfig SETTINGS;
  static final Trainer.Result TRAINED;
  static final TrainingState.Parts PARTS;
  static final String CONFIG_SHA;

  static {
    Dataset train = TrainerTest.bars("bars-train", 40, 1);
    RunConfig small = TrainerTest.run(1);   // a 16-4-2 model keeps the files small and the 300,000 reads fast
    SETTINGS = new RunConfig(latent.model.ModelConfig.of(16, List.of(4), 2, latent.tensor.Activation.TANH, latent.model.DecoderType.BERNOULLI,
        new latent.nn.Init.GlorotUniform()), small.training(), Safeguards.DEFAULT);
    TRAINED = Trainer.train(SETTINGS, new TrainTest(train, TrainerTest.bars("bars-test", 10, 2)), RUN, TrainerTest.quiet(),
        CheckpointPolicy.DEFAULT, false);
    try {
      MODEL = Files.readAllBytes(RUN.resolve(RunFolder.MODEL));
      TRAINING = Files.readAllBytes(RUN.resolve(CheckpointFiles.LATEST));
      CONFIG = Files.readAllBytes(RUN.resolve(RunFolder.CONFIG));
      METRICS = Files.readAllBytes(RUN.resolve(RunFolder.METRICS));
      DIAGNOSTICS = Files.readAllBytes(RUN.resolve(RunFolder.DIAGNOSTICS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CONFIG_SHA = Checkpointer.sha256(RUN.resolve(RunFolder.CONFIG));
    Vae vae = new Vae(SETTINGS.model(), new Xoshiro256(1));
    Optimizer adam = SETTINGS.training().optimizer().create(40);
    PARTS = new TrainingState.Parts(vae.parameters(), adam, new Xoshiro256(2), new Xoshiro256(3),
        new Batches(train, 20, new Xoshiro256(4), Binarization.DYNAMIC), new NumericalGuard(Safeguards.DEFAULT));
  }

  static final Path MODEL_FILE = DIR.resolve("model.safetensors"), TRAINING_FILE = DIR.resolve("checkpoint.safetensors");
  static final Path CONFIG_FILE = RUN.resolve(RunFolder.CONFIG), METRICS_FILE = RUN.resolve(RunFolder.METRICS);
  static final Path DIAGNOSTICS_FILE = RUN.resolve(RunFolder.DIAGNOSTICS);

  static Arbitrary<byte[]> mutationsOf(byte[] good, boolean reseal) {
    return Arbitraries.randomValue((Random r) -> {
      byte[] b = Hostile.mutate(good, r);
      return reseal && r.nextBoolean() ? reseal(b) : b;
    });
  }

  @Provide Arbitrary<byte[]> randomBytes() { return Arbitraries.bytes().array(byte[].class).ofMaxSize(256); }

  @Provide Arbitrary<byte[]> models() { return mutationsOf(MODEL, false); }
  @Provide Arbitrary<byte[]> trainingCheckpoints() { return mutationsOf(TRAINING, true); }
  @Provide Arbitrary<byte[]> configs() { return mutationsOf(CONFIG, false); }
  @Provide Arbitrary<byte[]> metrics() { return mutationsOf(METRICS, false); }
  @Provide Arbitrary<byte[]> diagnostics() { return mutationsOf(DIAGNOSTICS, false); }

  // ---- the four readers, each returning what it decoded ----

  /** The weights loaded, one array per parameter. */
  static float[][] weights(Path f) {
    Weights.load(f, PARTS.params());
    return PARTS.params().stream().map(p -> p.value.data.clone()).toArray(float[][]::new);
  }

  static TrainingState training(Path f) {
    return TrainingState.restore(CheckpointFiles.read(f), f.toString(), PARTS, CONFIG_SHA);
  }

  static RunConfig config(Path f) {
    return RunFolder.open(f.getParent()).config();
  }

  static List<RunFolder.Metrics> metricsOf(Path f) {
    return RunFolder.open(f.getParent()).metrics();
  }

  static List<RunFolder.EpochDiagnostics> diagnosticsOf(Path f) {
    return RunFolder.open(f.getParent()).diagnostics();
  }

  // ---- the valid files: accepted, and decoded to the run's own values ----

  @Example
  void theRunsOwnFilesAreAcceptedAndDecodedToItsValues() {
    List<Parameter> trained = TRAINED.model().parameters();
    float[][] w = Hostile.accepted(MODEL_FILE, MODEL, 8, RunFilesFuzzTest::weights);
    for (int i = 0; i < trained.size(); i++) assertArrayEquals(trained.get(i).value.data, w[i], trained.get(i).name);

    TrainingState s = Hostile.accepted(TRAINING_FILE, reseal(TRAINING), 8, RunFilesFuzzTest::training);
    assertEquals(2, s.epoch);      // one epoch finished
    assertEquals(40, s.images);    // of 40 images
    assertEquals(2, s.steps);      // in batches of 20
    assertEquals(2, PARTS.optimizer().steps());
    assertEquals(TRAINED.testElbo(), s.testElbo);
    for (int i = 0; i < trained.size(); i++) assertArrayEquals(trained.get(i).value.data, PARTS.params().get(i).value.data, trained.get(i).name);

    assertEquals(SETTINGS, Hostile.accepted(CONFIG_FILE, CONFIG, 8, RunFilesFuzzTest::config));

    List<RunFolder.Metrics> rows = Hostile.accepted(METRICS_FILE, METRICS, 8, RunFilesFuzzTest::metricsOf);
    assertEquals(1, rows.size());
    assertEquals(1, rows.getFirst().epoch());
    assertEquals(40, rows.getFirst().imagesSeen());
    assertEquals(TRAINED.testElbo(), rows.getFirst().testElbo(), 5e-5);   // written with 4 decimals
    assertTrue(Double.isNaN(rows.getFirst().validationElbo()), "no validation split: an empty field");

    List<RunFolder.EpochDiagnostics> diagnostics = Hostile.accepted(DIAGNOSTICS_FILE, DIAGNOSTICS, 8, RunFilesFuzzTest::diagnosticsOf);
    assertEquals(1, diagnostics.size());
    var d = latent.model.CollapseDiagnostics.of(TRAINED.model(), TRAINED.test(), SETTINGS.training().data().testSeed());
    assertEquals(d.csvRow(1), diagnostics.getFirst().diagnostics().csvRow(diagnostics.getFirst().epoch()));
  }

  // ---- mutants: rejected in one line, or accepted and decoded to something consistent ----

  @Property(tries = 100_000, seed = "6101")
  void modelWeights(@ForAll("models") byte[] input) {
    Hostile.decode(MODEL_FILE, input, 8, RunFilesFuzzTest::weights).ifPresent(w -> {
      for (float[] p : w) for (float v : p) assertTrue(Float.isFinite(v), "a non-finite weight was accepted");
      int dataStart = 8 + (int) ByteBuffer.wrap(MODEL, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (input.length == MODEL.length && Arrays.equals(input, 0, dataStart, MODEL, 0, dataStart)) {
        // the header is the run's own, so the weights are the floats at its offsets (in parameter order)
        ByteBuffer data = ByteBuffer.wrap(input, dataStart, input.length - dataStart).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] p : w) for (float v : p) assertEquals(data.getFloat(), v);
      }
    });
  }

  @Property(tries = 100_000, seed = "6102")
  void trainingCheckpoints(@ForAll("trainingCheckpoints") byte[] input) {
    Hostile.decode(TRAINING_FILE, input, 8, RunFilesFuzzTest::training).ifPresent(s -> {
      assertTrue(s.epoch >= 1 && s.steps >= 0 && s.images >= 0 && s.epochImages >= 0 && s.boundRows >= 0, "counters out of range");
      assertTrue(Double.isFinite(s.boundSum) && Double.isFinite(s.secondsBefore), "a non-finite sum was accepted");
      for (Parameter p : PARTS.params()) for (float v : p.value.data) assertTrue(Float.isFinite(v), "a non-finite weight was accepted");
      for (float[] slot : PARTS.optimizer().state()) for (float v : slot) assertTrue(Float.isFinite(v), "a non-finite moment was accepted");
    });
  }

  @Property(tries = 100_000, seed = "6103")
  void runConfigs(@ForAll("configs") byte[] input) {
    Hostile.decode(CONFIG_FILE, input, 8, RunFilesFuzzTest::config).ifPresent(RunFilesFuzzTest::assertRoundTrips);
  }

  /** An accepted config is the same when written as config.json and read again. */
  static void assertRoundTrips(RunConfig run) {
    assertEquals(run, RunConfig.fromJson(run.toJson()), "an accepted config changes when written and read again");
  }

  @Property(tries = 100_000, seed = "6105")
  void metricsFiles(@ForAll("metrics") byte[] input) {
    Hostile.decode(METRICS_FILE, input, 16, RunFilesFuzzTest::metricsOf).ifPresent(rows -> {
      for (RunFolder.Metrics m : rows) {
        assertTrue(Double.isFinite(m.seconds()) && Double.isFinite(m.imagesPerSecond()), "a non-finite time was accepted");
        assertEquals(m.csv(), RunFolder.Metrics.parse(m.csv(), "row").csv(), "an accepted row changes when written and read again");
      }
    });
  }

  @Property(tries = 100_000, seed = "6106")
  void diagnosticsFiles(@ForAll("diagnostics") byte[] input) {
    Hostile.decode(DIAGNOSTICS_FILE, input, 16, RunFilesFuzzTest::diagnosticsOf).ifPresent(rows -> {
      for (RunFolder.EpochDiagnostics r : rows) {
        var d = r.diagnostics();
        assertTrue(Double.isFinite(d.mutualInformation()) && java.util.Arrays.stream(d.klPerDimension()).allMatch(Double::isFinite), "a non-finite value was accepted");
        assertTrue(d.activeUnits() >= 0 && d.activeUnits() <= d.klPerDimension().length, "active units out of range were accepted");
      }
    });
  }

  /** 10,000 files of random bytes for each of the five readers. */
  @Property(tries = 10_000, seed = "6104")
  void randomFiles(@ForAll("randomBytes") byte[] input) {
    Hostile.check(MODEL_FILE, input, 8, f -> Weights.load(f, PARTS.params()));
    Hostile.check(TRAINING_FILE, input, 8, RunFilesFuzzTest::training);
    Hostile.check(CONFIG_FILE, input, 8, RunFilesFuzzTest::config);
    Hostile.check(METRICS_FILE, input, 16, RunFilesFuzzTest::metricsOf);
    Hostile.check(DIAGNOSTICS_FILE, input, 16, RunFilesFuzzTest::diagnosticsOf);
  }

  /**
   * Writes a fresh SHA-256 into a (mutated) file, straight from the format: the digest of the
   * whole file with the 64 digits after {@code "sha256":"} in the header set to '0'.
   */
  static byte[] reseal(byte[] b) {
    if (b.length < 8) return b;
    long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 0 || n > b.length - 8) return b;
    String header = new String(b, 8, (int) n, StandardCharsets.ISO_8859_1);
    int key = header.indexOf("\"sha256\":\"");
    if (key < 0 || key + 10 + 64 > header.length()) return b;
    int at = 8 + key + 10;
    byte[] c = b.clone();
    for (int i = 0; i < 64; i++) c[at + i] = '0';
    try {
      byte[] digits = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c)).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(digits, 0, c, at, 64);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return c;
  }
}
