package latent.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import latent.Hostile;
import latent.data.Batches;
import latent.data.Binarization;
import latent.data.Dataset;
import latent.data.TrainTest;
import latent.model.Vae;
import latent.optim.Optimizer;
import latent.random.Xoshiro256;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile inputs for the safetensors readers and the run config: 100,000 seeded mutated files
 * (1 to 3 mutations of a valid file, {@link Hostile#mutate}) and 10,000 files of random bytes
 * each for {@link Checkpoint#load} (model weights), for the training checkpoint
 * ({@link CheckpointFiles#read} and then {@link TrainingState#restore}) and for
 * {@code config.json} ({@link RunFolder#config}). Half of the mutated training
 * checkpoints are re-sealed with a recomputed SHA-256 (computed here from the format's
 * description, not by the writer's code), so the checks behind the checksum are reached too.
 * Each input must be accepted or rejected with one {@link latent.InputException} line naming
 * the file, allocating at most {@link Hostile#SLACK} plus 8 bytes per byte of the file.
 */
class CheckpointFuzzTest {
  static final Path DIR = Hostile.scratchFolder();
  static final Path RUN = DIR.resolve("run");
  static final byte[] MODEL, TRAINING, CONFIG;
  static final TrainingState.Parts PARTS;
  static final String CONFIG_SHA;

  static {
    Dataset train = TrainerTest.bars("bars-train", 40, 1);
    TrainingConfig.Run small = TrainerTest.run(1);   // a 16-4-2 model keeps the files small and the 300,000 reads fast
    TrainingConfig.Run run = new TrainingConfig.Run(small.training(), latent.model.ModelConfig.of(16, java.util.List.of(4), 2,
        latent.tensor.Activation.TANH, latent.model.DecoderType.BERNOULLI, new latent.nn.Init.GlorotUniform()));
    Progress quiet = new Progress(new PrintStream(new ByteArrayOutputStream()), false, 200, 10_000, System::nanoTime);
    Trainer.train(run, new TrainTest(train, TrainerTest.bars("bars-test", 10, 2)), RUN, quiet, CheckpointPolicy.DEFAULT, false);
    try {
      MODEL = Files.readAllBytes(RUN.resolve(RunFolder.MODEL));
      TRAINING = Files.readAllBytes(RUN.resolve(CheckpointFiles.LATEST));
      CONFIG = Files.readAllBytes(RUN.resolve(RunFolder.CONFIG));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CONFIG_SHA = Checkpointer.sha256(RUN.resolve(RunFolder.CONFIG));
    Xoshiro256 rng = new Xoshiro256(1);
    Vae vae = new Vae(run.model(), rng);
    Optimizer adam = run.training().optimizer().create(0.01f, 0f, 0f, 1e-8f);
    PARTS = new TrainingState.Parts(vae.parameters(), adam, new Xoshiro256(2), new Xoshiro256(3),
        new Batches(train, 20, new Xoshiro256(4), Binarization.DYNAMIC), new NumericalGuard(Safeguards.DEFAULT));
  }

  static final Path MODEL_FILE = DIR.resolve("model.safetensors"), TRAINING_FILE = DIR.resolve("checkpoint.safetensors");
  static final Path CONFIG_FILE = RUN.resolve(RunFolder.CONFIG);

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

  @Property(tries = 100_000, seed = "6101")
  void modelWeights(@ForAll("models") byte[] input) {
    Hostile.check(MODEL_FILE, input, 8, f -> Checkpoint.load(f, PARTS.params()));
  }

  @Property(tries = 100_000, seed = "6102")
  void trainingCheckpoints(@ForAll("trainingCheckpoints") byte[] input) {
    Hostile.check(TRAINING_FILE, input, 8, f -> TrainingState.restore(CheckpointFiles.read(f), f.toString(), PARTS, CONFIG_SHA));
  }

  @Property(tries = 100_000, seed = "6103")
  void runConfigs(@ForAll("configs") byte[] input) {
    Hostile.check(CONFIG_FILE, input, 8, f -> RunFolder.open(f.getParent()).config());
  }

  /** 10,000 files of random bytes for each of the three readers. */
  @Property(tries = 10_000, seed = "6104")
  void randomFiles(@ForAll("randomBytes") byte[] input) {
    Hostile.check(MODEL_FILE, input, 8, f -> Checkpoint.load(f, PARTS.params()));
    Hostile.check(TRAINING_FILE, input, 8, f -> TrainingState.restore(CheckpointFiles.read(f), f.toString(), PARTS, CONFIG_SHA));
    Hostile.check(CONFIG_FILE, input, 8, f -> RunFolder.open(f.getParent()).config());
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

  static {
    // the seeds themselves are accepted: the properties start from files the readers take
    Hostile.check(MODEL_FILE, MODEL, 8, f -> Checkpoint.load(f, PARTS.params()));
    if (!Hostile.check(TRAINING_FILE, reseal(TRAINING), 8, f -> TrainingState.restore(CheckpointFiles.read(f), f.toString(), PARTS, CONFIG_SHA))) {
      throw new AssertionError("resealing an unchanged checkpoint must keep it valid");
    }
  }
}
