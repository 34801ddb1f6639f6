package latent.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import latent.InputException;
import latent.io.AtomicFiles;
import latent.io.SafeTensors;
import latent.model.Vae;
import latent.model.Weights;
import latent.random.Xoshiro256;

/**
 * A model folder for exchange with other tools:
 *
 * <ul>
 *   <li>{@value #WEIGHTS}: the weights in the safetensors format, in PyTorch's layout
 *       ({@link PyTorchLayout}: dense weights {@code [out, in]}, biases {@code [out]});
 *   <li>{@value #CONFIG}: {@code {"format": "latent-model/1", "model": {…}, "training": {…}}},
 *       the run's config; only {@code model} is required on import (see docs/MODEL_FILES.md);
 *   <li>{@code data.json}, when the run was trained on a {@code .npy} or CSV file: its scaling;
 *   <li>{@code threshold.json}, when an anomaly threshold was fitted ({@code latent score --fit-threshold}).
 * </ul>
 *
 * {@link #export} writes one from a run folder; {@link #importRun} builds a run folder from one,
 * whether it came from {@link #export} or from weights trained elsewhere.
 */
public final class ModelFiles {
  public static final String WEIGHTS = "model.safetensors";
  public static final String CONFIG = "config.json";
  public static final String FORMAT = "latent-model/2";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Files carried as they are between a run folder and a model folder, when present: the data's scaling, the anomaly threshold. */
  static final java.util.List<String> CARRIED = java.util.List.of(latent.data.FileData.FILE, RunFolder.THRESHOLD);

  private ModelFiles() {}

  /** Writes {@code run}'s model into the new or empty folder {@code dir}. */
  public static void export(Path run, Path dir) {
    RunFolder folder = RunFolder.open(run);
    RunConfig cfg = folder.config();
    Vae vae = new Vae(cfg.model(), new Xoshiro256(0));
    Weights.load(folder.model(), vae.parameters());
    RunFolder.createEmpty(dir, "output");
    SafeTensors.write(dir.resolve(WEIGHTS), new SafeTensors.Contents(PyTorchLayout.export(vae.parameters()),
        Map.of("format", "pt", "latent.format", FORMAT, "latent.layout", "torch.nn.Linear: weight [out, in], bias [out]")));
    ObjectNode root = JSON.createObjectNode().put("format", FORMAT);
    root.setAll((ObjectNode) JSON.valueToTree(cfg));   // model, training and safeguards (clipping changes what further training computes)
    AtomicFiles.writeString(dir.resolve(CONFIG), root.toPrettyString() + "\n");
    for (String f : CARRIED) copyIfPresent(run.resolve(f), dir.resolve(f));
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
    RunConfig cfg = readConfig(configFile, dataset);
    Vae vae = new Vae(cfg.model(), new Xoshiro256(0));
    Path weights = dir.resolve(WEIGHTS);
    PyTorchLayout.load(weights, SafeTensors.read(weights, SafeTensors.Kind.WEIGHTS), vae.parameters());
    RunFolder folder = RunFolder.create(runDir, cfg, "output");
    Weights.save(folder.model(), vae.parameters(), Map.of("imported_from", dir.toAbsolutePath().normalize().toString()));
    for (String f : CARRIED) copyIfPresent(dir.resolve(f), runDir.resolve(f));
    return folder;
  }

  /**
   * The run config in {@code file}: its {@code model} section must give the architecture
   * (input size, widths, latent size, activation); everything else may be left out and takes
   * the PyTorch example's defaults ({@link RunConfig#fromJson}). A model without a
   * {@code training} section is recorded as from the {@code import} preset. With
   * {@code dataset}, the run is scored on that dataset.
   */
  static RunConfig readConfig(Path file, String dataset) {
    try {
      JsonNode root = JSON.readTree(Files.readString(file));
      if (root == null || !root.path("model").isObject()) throw new InputException("expected a JSON object with a 'model' section");
      for (String key : new String[] {"inputSize", "encoderHidden", "latentSize", "activation"}) {
        if (!root.get("model").has(key)) throw new InputException("model section lacks '" + key + "' (see docs/MODEL_FILES.md)");
      }
      ObjectNode tree = root.deepCopy();
      tree.remove("format");   // the model folder's, not a setting
      if (!tree.path("training").isObject()) tree.putObject("training").put("preset", "import");
      RunConfig run = RunConfig.fromJson(tree);
      return dataset == null ? run : run.withDataset(dataset);
    } catch (IOException e) {   // unreadable, not UTF-8 or not JSON
      throw new InputException(file + ": not a valid model config (" + e.getMessage().lines().findFirst().orElse("") + ")");
    } catch (InputException e) {   // not a model config, or a value a setting's own check refused
      throw e.in(file.toString());
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
