package latent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import latent.Hostile;
import latent.io.SafeTensors;
import latent.model.Vae;
import latent.nn.Parameter;
import latent.random.Xoshiro256;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile inputs for the readers of a model folder that {@code latent import} takes: 100,000
 * seeded mutated files and 10,000 files of random bytes each for the weights (PyTorch's layout,
 * {@link SafeTensors#read} then {@link PyTorchLayout#load}) and for {@code config.json}
 * ({@link ModelFiles#readConfig}). The valid files are those {@code latent export} writes for
 * {@link RunFilesFuzzTest}'s run. Each input must be accepted or rejected with one
 * {@link latent.InputException} line naming the file, allocating at most {@link Hostile#SLACK}
 * plus 8 bytes per byte of the file.
 *
 * <p>The oracle: the exported files are accepted and decode to the run's weights and settings;
 * accepted weights are finite and, when the header is untouched, exactly the floats of the data
 * section in PyTorch's layout; an accepted config is the same when written and read again.
 */
class ModelFolderFuzzTest {
  static final Path DIR = Hostile.scratchFolder();
  static final Path WEIGHTS = DIR.resolve(ModelFiles.WEIGHTS), CONFIG = DIR.resolve(ModelFiles.CONFIG);
  static final byte[] WEIGHT_BYTES, CONFIG_BYTES;
  static final List<Parameter> PARAMS = new Vae(RunFilesFuzzTest.SETTINGS.model(), new Xoshiro256(1)).parameters();

  static {
    Path exported = Hostile.scratchFolder().resolve("exported");
    ModelFiles.export(RunFilesFuzzTest.RUN, exported);
    try {
      WEIGHT_BYTES = Files.readAllBytes(exported.resolve(ModelFiles.WEIGHTS));
      CONFIG_BYTES = Files.readAllBytes(exported.resolve(ModelFiles.CONFIG));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Provide Arbitrary<byte[]> weights() { return Arbitraries.randomValue(r -> Hostile.mutate(WEIGHT_BYTES, r)); }
  @Provide Arbitrary<byte[]> configs() { return Arbitraries.randomValue(r -> Hostile.mutate(CONFIG_BYTES, r)); }
  @Provide Arbitrary<byte[]> randomBytes() { return Arbitraries.bytes().array(byte[].class).ofMaxSize(256); }

  /** The weights imported into the run's architecture, one array per parameter in latent's layout. */
  static float[][] load(Path f) {
    PyTorchLayout.load(f, SafeTensors.read(f, SafeTensors.Kind.WEIGHTS), PARAMS);
    return PARAMS.stream().map(p -> p.value.data.clone()).toArray(float[][]::new);
  }

  static RunConfig config(Path f) {
    return ModelFiles.readConfig(f, null);
  }

  @Example
  void theExportedFilesAreAcceptedAndDecodedToTheRunsValues() {
    List<Parameter> trained = RunFilesFuzzTest.TRAINED.model().parameters();
    float[][] w = Hostile.accepted(WEIGHTS, WEIGHT_BYTES, 8, ModelFolderFuzzTest::load);
    for (int i = 0; i < trained.size(); i++) assertArrayEquals(trained.get(i).value.data, w[i], trained.get(i).name);
    assertEquals(RunFilesFuzzTest.SETTINGS, Hostile.accepted(CONFIG, CONFIG_BYTES, 8, ModelFolderFuzzTest::config));
  }

  @Property(tries = 100_000, seed = "6501")
  void mutatedWeights(@ForAll("weights") byte[] input) {
    Hostile.decode(WEIGHTS, input, 8, ModelFolderFuzzTest::load).ifPresent(w -> {
      for (float[] p : w) for (float v : p) assertTrue(Float.isFinite(v), "a non-finite weight was accepted");
      int dataStart = 8 + (int) ByteBuffer.wrap(WEIGHT_BYTES, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (input.length != WEIGHT_BYTES.length || !Arrays.equals(input, 0, dataStart, WEIGHT_BYTES, 0, dataStart)) return;
      // the exported header: tensors in parameter order, dense weights transposed to [out, in]
      ByteBuffer data = ByteBuffer.wrap(input, dataStart, input.length - dataStart).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < PARAMS.size(); i++) {
        var v = PARAMS.get(i).value;
        boolean dense = PARAMS.get(i).name.endsWith(".weight");
        float[] file = new float[v.size()];
        data.asFloatBuffer().get(file);
        data.position(data.position() + 4 * file.length);
        for (int r = 0; r < v.rows; r++) {
          for (int c = 0; c < v.cols; c++) assertEquals(file[dense ? c * v.rows + r : r * v.cols + c], w[i][r * v.cols + c], PARAMS.get(i).name);
        }
      }
    });
  }

  @Property(tries = 100_000, seed = "6502")
  void mutatedConfigs(@ForAll("configs") byte[] input) {
    Hostile.decode(CONFIG, input, 8, ModelFolderFuzzTest::config).ifPresent(RunFilesFuzzTest::assertRoundTrips);
  }

  @Property(tries = 10_000, seed = "6503")
  void randomFiles(@ForAll("randomBytes") byte[] input) {
    Hostile.check(WEIGHTS, input, 8, ModelFolderFuzzTest::load);
    Hostile.check(CONFIG, input, 8, ModelFolderFuzzTest::config);
  }
}
