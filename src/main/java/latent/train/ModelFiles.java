package latent.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import latent.InputException;
import latent.data.Binarization;
import latent.io.AtomicFiles;
import latent.io.SafeTensors;
import latent.model.DecoderType;
import latent.model.Vae;
import latent.model.Weights;
import latent.objective.Objective;
import latent.objective.SgvbEstimator;
import latent.optim.OptimizerKind;
import latent.random.Xoshiro256;

/**
 * A model folder for exchange with other tools:
 *
 * <ul>
 *   <li>{@value #WEIGHTS}: the weights in the safetensors format, in PyTorch's layout
 *       ({@link PyTorchLayout}: dense weights {@code [out, in]}, biases {@code [out]});
 *   <li>{@value #CONFIG}: {@code {"format": "latent-model/1", "model": {…}, "training": {…}}},
 *       the run's config; only {@code model} is required on import (see docs/MODEL_FILES.md);
 *   <li>{@code data.json}, when the run was trained on a {@code .npy} or CSV file: its scaling.
 * </ul>
 *
 * {@link #export} writes one from a run folder; {@link #importRun} builds a run folder from one,
 * whether it came from {@link #export} or from weights trained elsewhere.
 */
public final class ModelFiles {
  public static final String WEIGHTS = "model.safetensors";
  public static final String CONFIG = "config.json";
  public static final String FORMAT = "latent-model/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelFiles() {}

  /** Writes {@code run}'s model into the new or empty folder {@code dir}. */
  public static void export(Path run, Path dir) {
    RunFolder folder = RunFolder.open(run);
    TrainingConfig.Run cfg = folder.config();
    Vae vae = new Vae(cfg.model(), new Xoshiro256(0));
    Weights.load(folder.model(), vae.parameters());
    RunFolder.createEmpty(dir, "--output");
    SafeTensors.write(dir.resolve(WEIGHTS), new SafeTensors.Contents(PyTorchLayout.export(vae.parameters()),
        Map.of("format", "pt", "latent.format", FORMAT, "latent.layout", "torch.nn.Linear: weight [out, in], bias [out]")));
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    try {
      JsonNode runJson = JSON.readTree(RunFolder.toJson(cfg));
      root.set("model", runJson.get("model"));
      root.set("training", runJson.get("training"));
      root.set("safeguards", runJson.get("safeguards"));   // clipping changes what further training computes
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    AtomicFiles.writeString(dir.resolve(CONFIG), root.toPrettyString() + "\n");
    copyIfPresent(run.resolve(latent.data.FileData.FILE), dir.resolve(latent.data.FileData.FILE));
  }

  /**
   * Builds the run folder {@code runDir} from the model folder {@code dir}: config.json and
   * model.safetensors in latent's own layout (and data.json when {@code dir} has one). Without a
   * {@code training} section the run gets {@link #defaultTraining}, evaluated on {@code dataset}.
   */
  public static RunFolder importRun(Path dir, Path runDir, String dataset) {
    if (!Files.isDirectory(dir)) throw new InputException(dir + ": no such folder (expected " + CONFIG + " and " + WEIGHTS + ")");
    Path configFile = dir.resolve(CONFIG);
    if (!Files.isRegularFile(configFile)) throw new InputException(dir + ": no " + CONFIG + " (expected the model's architecture, see docs/MODEL_FILES.md)");
    TrainingConfig.Run cfg = readConfig(configFile, dataset);
    Vae vae = new Vae(cfg.model(), new Xoshiro256(0));
    Path weights = dir.resolve(WEIGHTS);
    PyTorchLayout.load(weights, SafeTensors.read(weights, SafeTensors.Kind.WEIGHTS), vae.parameters());
    RunFolder folder = RunFolder.create(runDir, cfg, "--output");
    Weights.save(folder.model(), vae.parameters(), Map.of("imported_from", dir.toAbsolutePath().normalize().toString()));
    copyIfPresent(dir.resolve(latent.data.FileData.FILE), runDir.resolve(latent.data.FileData.FILE));
    return folder;
  }

  /**
   * The settings an imported run without a {@code training} section gets: they matter only to
   * evaluation (which data, how the test set is binarized) and to further training.
   */
  public static TrainingConfig defaultTraining(String dataset, DecoderType decoder) {
    return new TrainingConfig("import", dataset, null, decoder == DecoderType.GAUSSIAN ? Binarization.NONE : Binarization.DYNAMIC, 0,
        OptimizerKind.ADAM, 1e-3f, 0f, 0f, 1e-8f, Objective.Kind.ELBO, SgvbEstimator.B, 1, 128, 10, -1, false, 0, 1, 0,
        Runtime.getRuntime().availableProcessors(), "java");
  }

  /** The run config in {@code file}, with the model's optional keys filled in (decoderHidden: encoderHidden reversed, …). */
  static TrainingConfig.Run readConfig(Path file, String dataset) {
    try {
      JsonNode root = JSON.readTree(Files.readString(file));
      if (root == null || !root.path("model").isObject()) throw new InputException(file + ": expected a JSON object with a 'model' section");
      ObjectNode m = (ObjectNode) root.get("model");
      for (String key : new String[] {"inputSize", "encoderHidden", "latentSize", "activation"}) {
        if (!m.has(key)) throw new InputException(file + ": model section lacks '" + key + "' (see docs/MODEL_FILES.md)");
      }
      if (!m.has("decoderHidden")) {
        ArrayNode reversed = m.putArray("decoderHidden");
        for (int i = m.get("encoderHidden").size() - 1; i >= 0; i--) reversed.add(m.get("encoderHidden").get(i));
      }
      if (!m.has("init")) m.put("init", "fan-in");
      if (!m.has("decoder")) m.put("decoder", "bernoulli");
      ObjectNode run = JSON.createObjectNode();
      run.set("model", m);
      JsonNode training = root.get("training");
      if (training == null || dataset != null) {
        DecoderType decoder = DecoderType.parse(m.get("decoder").asText());
        TrainingConfig t = training == null ? defaultTraining(dataset == null ? "mnist" : dataset, decoder)
            : JSON.treeToValue(training, TrainingConfig.class);
        if (training != null) t = t.withDataset(dataset);
        training = JSON.valueToTree(t);
      }
      run.set("training", training);
      if (root.has("safeguards")) run.set("safeguards", root.get("safeguards"));
      return RunFolder.fromJson(run.toString());
    } catch (IOException e) {   // unreadable, not UTF-8 or JSON, or a section Jackson cannot bind to its record
      throw new InputException(file + ": not a valid model config (" + e.getMessage().lines().findFirst().orElse("") + ")");
    } catch (InputException e) {   // a value a setting's own check refused
      throw e.getMessage().startsWith(file.toString()) ? e : new InputException(file + ": " + e.getMessage());
    }
  }

  private static void copyIfPresent(Path from, Path to) {
    if (!Files.isRegularFile(from)) return;
    try {
      byte[] bytes = Files.readAllBytes(from);
      AtomicFiles.write(to, out -> out.write(bytes));
    } catch (IOException e) {
      throw new InputException(from + ": cannot read (" + e.getMessage() + ")");
    }
  }
}
