package latent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import latent.InputException;
import latent.data.Dataset;
import latent.data.TrainTest;
import latent.model.DecoderType;
import latent.model.Encodings;
import latent.model.ModelConfig;
import latent.model.Vae;
import latent.model.Weights;
import latent.nn.Init;
import latent.nn.Parameter;
import latent.objective.TestElbo;
import latent.random.Xoshiro256;
import latent.tensor.Activation;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export and import of model folders: the round trip, the file format, and weights written elsewhere. */
class ModelFilesTest {
  @TempDir Path tmp;

  static Vae load(Path run) {
    RunFolder f = RunFolder.open(run);
    Vae vae = new Vae(f.config().model(), new Xoshiro256(123));
    Weights.load(f.model(), vae.parameters());
    return vae;
  }

  @Test
  void exportThenImportGivesIdenticalParametersAndTestElbo() {
    TrainTest data = new TrainTest(TrainerTest.bars("bars-train", 200, 1), TrainerTest.bars("bars-test", 60, 2));
    Trainer.Result r = Trainer.train(TrainerTest.run(3), data, tmp.resolve("run"), TrainerTest.quiet());
    ModelFiles.export(tmp.resolve("run"), tmp.resolve("exported"));
    ModelFiles.importRun(tmp.resolve("exported"), tmp.resolve("again"), null);

    Vae a = load(tmp.resolve("run")), b = load(tmp.resolve("again"));
    for (int i = 0; i < a.parameters().size(); i++) {
      assertEquals(a.parameters().get(i).name, b.parameters().get(i).name);
      assertArrayEquals(a.parameters().get(i).value.data, b.parameters().get(i).value.data, a.parameters().get(i).name);
    }
    RunConfig cfg = RunFolder.open(tmp.resolve("again")).config();
    assertEquals(RunFolder.open(tmp.resolve("run")).config(), cfg);
    Dataset test = Trainer.testSet(cfg, data.test());
    double elbo = TestElbo.evaluate(b, test, 1, cfg.training().data().testSeed());
    assertEquals(r.testElbo(), elbo, 0.0, "identical test ELBO with the same seed");
  }

  /** A taken folder is refused naming the option that chose it: --output for both export and import. */
  @Test
  void takenOutputFoldersNameTheOutputFlag() throws java.io.IOException {
    Trainer.train(TrainerTest.run(1), new TrainTest(TrainerTest.bars("bars-train", 40, 1), TrainerTest.bars("bars-test", 10, 2)),
        tmp.resolve("run"), TrainerTest.quiet());
    java.nio.file.Path taken = java.nio.file.Files.createDirectories(tmp.resolve("taken"));
    java.nio.file.Files.writeString(taken.resolve("notes.txt"), "mine");
    var e = org.junit.jupiter.api.Assertions.assertThrows(latent.InputException.class, () -> ModelFiles.export(tmp.resolve("run"), taken));
    assertEquals("output: " + taken + " already exists and is not empty; choose another folder", e.getMessage());
    ModelFiles.export(tmp.resolve("run"), tmp.resolve("exported"));
    var i = org.junit.jupiter.api.Assertions.assertThrows(latent.InputException.class,
        () -> ModelFiles.importRun(tmp.resolve("exported"), taken, null));
    assertEquals("output: " + taken + " already exists and is not empty; choose another folder", i.getMessage());
  }

  /** The gradient estimator and the safeguards survive export and import, also when import names another dataset. */
  @Test
  void exportKeepsEstimatorAndSafeguards() {
    RunConfig base = TrainerTest.run(1);
    var scoreFunction = new latent.objective.GradientEstimator.ScoreFunction(latent.objective.Baseline.MOVING_AVERAGE);
    RunConfig cfg = new RunConfig(base.model(), base.training().withObjective(base.training().objective().withGradient(scoreFunction)),
        new Safeguards(7, 5f));
    TrainTest data = new TrainTest(TrainerTest.bars("bars-train", 100, 1), TrainerTest.bars("bars-test", 20, 2));
    Trainer.train(cfg, data, tmp.resolve("run"), TrainerTest.quiet());
    ModelFiles.export(tmp.resolve("run"), tmp.resolve("exported"));
    RunConfig again = RunFolder.open(ModelFiles.importRun(tmp.resolve("exported"), tmp.resolve("again"), "fashion-mnist").dir).config();
    assertEquals(cfg.training().withDataset("fashion-mnist"), again.training());
    assertEquals(cfg.safeguards(), again.safeguards());
  }

  /** Every parameter kind (dense layers, heads, per-pixel log-variance, a second stochastic layer) survives the trip. */
  @Test
  void everyArchitectureRoundTrips() {
    ModelConfig m = ModelConfig.of(6, List.of(5, 4), 3, Activation.SOFTPLUS, DecoderType.GAUSSIAN, new Init.GlorotUniform());
    m = new ModelConfig(m.inputSize(), m.encoderHidden(), List.of(7), m.latentSize(), m.activation(), m.decoder(), m.init(), false,
        ModelConfig.GaussianVariance.PIXEL, -5f, 3f, List.of(4), 2, false);
    Vae vae = new Vae(m, new Xoshiro256(5));
    for (Parameter p : vae.parameters()) for (int i = 0; i < p.size(); i++) p.value.data[i] = (float) Math.sin(i + p.name.length());
    RunFolder f = RunFolder.create(tmp.resolve("run"), Preset.PYTORCH_EXAMPLE.run(m));
    Weights.save(f.model(), vae.parameters(), Map.of());
    ModelFiles.export(tmp.resolve("run"), tmp.resolve("out"));
    ModelFiles.importRun(tmp.resolve("out"), tmp.resolve("back"), null);
    Vae back = load(tmp.resolve("back"));
    assertEquals(m, back.config);
    for (int i = 0; i < vae.parameters().size(); i++) assertArrayEquals(vae.parameters().get(i).value.data, back.parameters().get(i).value.data);
  }

  /**
   * The exported file read by a reader written here from the safetensors specification: 8-byte
   * little-endian header size N; N bytes of JSON, an object mapping names to {dtype, shape,
   * data_offsets} plus an optional "__metadata__" of strings; then a byte buffer that the
   * offsets (relative to its start) cover entirely, without holes or overlaps.
   */
  @Test
  void exportedFileParsesWithAnIndependentReader() throws Exception {
    TrainTest data = new TrainTest(TrainerTest.bars("bars-train", 100, 1), TrainerTest.bars("bars-test", 20, 2));
    Trainer.train(TrainerTest.run(1), data, tmp.resolve("run"), TrainerTest.quiet());
    ModelFiles.export(tmp.resolve("run"), tmp.resolve("out"));
    byte[] file = Files.readAllBytes(tmp.resolve("out/model.safetensors"));

    long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertTrue(n > 0 && 8 + n <= file.length);
    String headerText = new String(file, 8, (int) n, StandardCharsets.UTF_8);
    assertEquals('{', headerText.charAt(0), "header starts with '{'");
    assertTrue(headerText.substring(headerText.lastIndexOf('}') + 1).isBlank(), "padding is spaces");
    JsonNode header = new ObjectMapper().readTree(headerText);
    int bufferStart = (int) (8 + n);
    int bufferLength = file.length - bufferStart;
    boolean[] covered = new boolean[bufferLength];
    Map<String, float[]> tensors = new HashMap<>();
    Map<String, long[]> shapes = new HashMap<>();
    for (var e : header.properties()) {
      if (e.getKey().equals("__metadata__")) {
        e.getValue().properties().forEach(m -> assertTrue(m.getValue().isTextual(), "metadata values are strings"));
        continue;
      }
      JsonNode t = e.getValue();
      assertEquals("F32", t.get("dtype").asText());
      long count = 1;
      long[] shape = new long[t.get("shape").size()];
      for (int i = 0; i < shape.length; i++) count *= shape[i] = t.get("shape").get(i).asLong();
      int begin = t.get("data_offsets").get(0).asInt(), end = t.get("data_offsets").get(1).asInt();
      assertEquals(4 * count, end - begin, e.getKey());
      for (int i = begin; i < end; i++) {
        assertTrue(!covered[i], "overlap at byte " + i);
        covered[i] = true;
      }
      float[] v = new float[(int) count];
      for (int i = 0; i < count; i++) v[i] = Float.intBitsToFloat(littleEndianInt(file, bufferStart + begin + 4 * i));
      tensors.put(e.getKey(), v);
      shapes.put(e.getKey(), shape);
    }
    for (int i = 0; i < bufferLength; i++) assertTrue(covered[i], "hole at byte " + i);

    // names are latent's; dense weights are PyTorch's [out, in], i.e. the transpose of latent's [in, out]
    Vae vae = load(tmp.resolve("run"));
    assertEquals(vae.parameters().size(), tensors.size());
    Tensor w = vae.encoder.body.layers().get(0).weight.value;                     // [16, 32]
    assertArrayEquals(new long[] {32, 16}, shapes.get("encoder.0.weight"));
    for (int i = 0; i < w.rows; i++) for (int j = 0; j < w.cols; j++) assertEquals(w.get(i, j), tensors.get("encoder.0.weight")[j * w.rows + i]);
    assertArrayEquals(new long[] {32}, shapes.get("encoder.0.bias"));
    assertArrayEquals(vae.encoder.body.layers().get(0).bias.value.data, tensors.get("encoder.0.bias"));
    assertArrayEquals(new long[] {16, 32}, shapes.get("decoder.logits.weight"));
  }

  /**
   * A file made by hand, as PyTorch would save a 3-2-1 tanh VAE (tensors in alphabetical order,
   * weights [out, in]), imports so that the encoder computes μ = W_loc·tanh(W_0·x + b_0) + b_loc
   * with exactly those numbers.
   */
  @Test
  void handMadeSafetensorsFileImportsCorrectly() throws Exception {
    Map<String, float[]> t = new java.util.TreeMap<>();
    Map<String, int[]> s = new HashMap<>();
    put(t, s, "encoder.0.weight", new int[] {2, 3}, 0.5f, -1f, 2f, 0.25f, 0f, -0.75f);
    put(t, s, "encoder.0.bias", new int[] {2}, 0.1f, -0.2f);
    put(t, s, "encoder.loc.weight", new int[] {1, 2}, 1.5f, -2f);
    put(t, s, "encoder.loc.bias", new int[] {1}, 0.3f);
    put(t, s, "encoder.logvar.weight", new int[] {1, 2}, 0f, 0f);
    put(t, s, "encoder.logvar.bias", new int[] {1}, -1f);
    put(t, s, "decoder.0.weight", new int[] {2, 1}, 1f, -1f);
    put(t, s, "decoder.0.bias", new int[] {2}, 0f, 0f);
    put(t, s, "decoder.logits.weight", new int[] {3, 2}, 1f, 2f, 3f, 4f, 5f, 6f);
    put(t, s, "decoder.logits.bias", new int[] {3}, 0f, 0f, 0f);
    Path dir = Files.createDirectories(tmp.resolve("from-python"));
    Files.write(dir.resolve("model.safetensors"), safetensors(t, s));
    Files.writeString(dir.resolve("config.json"),
        "{\"model\": {\"inputSize\": 3, \"encoderHidden\": [2], \"latentSize\": 1, \"activation\": \"tanh\", \"decoder\": \"bernoulli\"}}");

    ModelFiles.importRun(dir, tmp.resolve("run"), null);
    Vae vae = load(tmp.resolve("run"));
    assertEquals(List.of(2), vae.config.decoderHidden(), "decoder hidden defaults to the encoder's, reversed");
    float[] x = {1f, 0f, 0.5f};
    double h0 = Math.tanh(0.5 * 1 - 1 * 0 + 2 * 0.5 + 0.1), h1 = Math.tanh(0.25 * 1 + 0 - 0.75 * 0.5 - 0.2);
    double mu = 1.5 * h0 - 2 * h1 + 0.3;
    Encodings e = Encodings.of(vae, new Dataset("x", new Tensor(1, 3, x), null));
    assertEquals(mu, e.loc().data[0], 1e-6);
    assertEquals(-1f, e.logVar().data[0]);
    assertEquals(2f, vae.decoder.out.weight.value.get(1, 0), "torch's decoder.logits.weight[0][1] (out 0, in 1) is latent's W[1][0]");
    assertEquals(3f, vae.decoder.out.weight.value.get(0, 1), "torch's decoder.logits.weight[1][0] (out 1, in 0) is latent's W[0][1]");
  }

  @Test
  void wrongNamesShapesAndTypesAreOneLine() throws Exception {
    Map<String, float[]> t = new java.util.TreeMap<>();
    Map<String, int[]> s = new HashMap<>();
    put(t, s, "encoder.0.weight", new int[] {3, 2}, new float[6]);   // [in, out]: not PyTorch's layout
    Path dir = Files.createDirectories(tmp.resolve("bad"));
    Files.writeString(dir.resolve("config.json"), "{\"model\": {\"inputSize\": 3, \"encoderHidden\": [2], \"latentSize\": 1, \"activation\": \"tanh\"}}");
    Files.write(dir.resolve("model.safetensors"), safetensors(t, s));
    assertImportFails(dir, "tensor encoder.0.weight has shape [3, 2], expected [2, 3]");

    t.clear();
    put(t, s, "encoder.0.weight", new int[] {2, 3}, new float[6]);
    Files.write(dir.resolve("model.safetensors"), safetensors(t, s));
    assertImportFails(dir, "missing tensor encoder.0.bias");

    byte[] f16 = safetensors(t, s);
    String h = new String(f16, StandardCharsets.ISO_8859_1).replace("\"F32\"", "\"F16\"");
    Files.write(dir.resolve("model.safetensors"), h.getBytes(StandardCharsets.ISO_8859_1));
    assertImportFails(dir, "dtype F16, expected F32");

    Files.writeString(dir.resolve("config.json"), "{\"model\": {\"inputSize\": 3}}");
    assertImportFails(dir, "lacks 'encoderHidden'");
  }

  void assertImportFails(Path dir, String expected) {
    var e = assertThrows(InputException.class, () -> ModelFiles.importRun(dir, tmp.resolve("never"), null));
    assertTrue(e.getMessage().contains(expected), "'" + expected + "' missing from: " + e.getMessage());
    assertTrue(!Files.exists(tmp.resolve("never")), "nothing written");
  }

  static void put(Map<String, float[]> t, Map<String, int[]> s, String name, int[] shape, float... v) {
    t.put(name, v);
    s.put(name, shape);
  }

  /** Builds a safetensors file by hand: header JSON written as text, tensors in the map's order. */
  static byte[] safetensors(Map<String, float[]> tensors, Map<String, int[]> shapes) {
    StringBuilder json = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
    int offset = 0;
    for (var e : tensors.entrySet()) {
      int[] shape = shapes.get(e.getKey());
      json.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":").append(java.util.Arrays.toString(shape).replace(" ", ""))
          .append(",\"data_offsets\":[").append(offset).append(',').append(offset + 4 * e.getValue().length).append("]}");
      offset += 4 * e.getValue().length;
    }
    json.append('}');
    byte[] h = json.toString().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
    out.writeBytes(h);
    for (float[] v : tensors.values()) {
      ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
      for (float f : v) b.putFloat(f);
      out.writeBytes(b.array());
    }
    return out.toByteArray();
  }

  static int littleEndianInt(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
  }
}
