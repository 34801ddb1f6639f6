package latent.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import latent.InputException;
import latent.model.ModelConfig;

/**
 * A run's full description, as its {@code config.json} holds it: what it trains, how, and its
 * numerical guards. Every setting lives in the small record that owns it, and every default in
 * a {@link Preset}:
 *
 * <pre>
 *   {"model":      {@link ModelConfig}: architecture and initialisation,
 *    "training":   {@link TrainingConfig}: {"preset", "data", "optimizer", "objective", "schedule", "runtime"},
 *    "safeguards": {@link Safeguards}}
 * </pre>
 *
 * A setting's name is its path in this tree ({@code training.optimizer.learningRate}); a bad
 * value is one {@link latent.InvalidSetting} naming it. Configs written before the settings
 * had sections (a flat {@code training} object) are read too.
 */
public record RunConfig(ModelConfig model, TrainingConfig training, Safeguards safeguards) {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Settings derived from another in a preset: overriding the first resets the second (to the
   * value given here) unless it is overridden too. A decoder mirrors the encoder it is given;
   * a number of epochs replaces the IWAE schedule, which fixes its own.
   */
  private static final Map<String, JsonNode> DERIVED = Map.of(
      "model.encoderHidden", JSON.createObjectNode().putNull("model.decoderHidden"),
      "training.schedule.epochs", JSON.createObjectNode().put("training.schedule.iwaeStages", -1));

  public RunConfig {
    if (safeguards == null) safeguards = Safeguards.DEFAULT;   // configs written before the guards existed
    training.objective().check(model);
  }

  /**
   * {@code preset}'s run for data of {@code inputSize} values per example, with
   * {@code overrides}: setting paths ({@code training.schedule.batchSize}) and their values (a
   * number, text, a list, or anything Jackson writes as a value).
   */
  public static RunConfig of(Preset preset, int inputSize, Map<String, ?> overrides) {
    Map<String, Object> all = new LinkedHashMap<>(overrides);
    DERIVED.forEach((from, reset) -> reset.properties().forEach(e -> {
      if (all.containsKey(from)) all.putIfAbsent(e.getKey(), e.getValue());
    }));
    ObjectNode model = JSON.valueToTree(preset.model(inputSize));
    all.forEach((path, value) -> {
      if (path.startsWith("model.")) set(model, path.substring("model.".length()), value);
    });
    ObjectNode run = JSON.valueToTree(preset.run(bind(model, ModelConfig.class)));
    all.forEach((path, value) -> {
      if (!path.startsWith("model.")) set(run, path, value);
    });
    return bind(run, RunConfig.class);
  }

  /** Sets the value at {@code path} (dot-separated) in {@code tree}, whose sections must exist. */
  private static void set(ObjectNode tree, String path, Object value) {
    String[] parts = path.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      if (!(node.get(parts[i]) instanceof ObjectNode child)) throw new IllegalArgumentException("no setting " + path);
      node = child;
    }
    if (!node.has(parts[parts.length - 1])) throw new IllegalArgumentException("no setting " + path);
    node.set(parts[parts.length - 1], JSON.valueToTree(value));
  }

  /** The config as config.json holds it. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** This run scored on {@code dataset}, whose folder is looked up afresh. */
  public RunConfig withDataset(String dataset) {
    return new RunConfig(model, training.withDataset(dataset), safeguards);
  }

  /**
   * Reads a run's config: today's layout, or the flat one written before 2026-12. Values left
   * out take the defaults of the PyTorch example's preset for this model (a Gaussian decoder's
   * data, for instance, are not binarized), but for the architecture itself (input size, widths,
   * latent size, activation), which must be given.
   *
   * @throws InputException for text that is not such a config, {@link latent.InvalidSetting} for a bad value
   */
  public static RunConfig fromJson(JsonNode root) {
    if (root == null || !root.path("model").isObject() || !root.path("training").isObject()) {
      throw new InputException("expected 'model' and 'training' sections");
    }
    ObjectNode tree = root.deepCopy();
    if (!tree.path("training").has("data")) LegacyConfig.upgrade(tree);
    ObjectNode modelDefaults = JSON.valueToTree(Preset.PYTORCH_EXAMPLE.model(1));
    modelDefaults.remove(List.of("inputSize", "encoderHidden", "decoderHidden", "latentSize", "activation"));
    ModelConfig model = bind(merge(modelDefaults, tree.get("model")), ModelConfig.class);
    return bind(merge(JSON.valueToTree(Preset.PYTORCH_EXAMPLE.run(model)), tree), RunConfig.class);
  }

  /** {@link #fromJson(JsonNode)} of config.json's text. */
  public static RunConfig fromJson(String text) {
    try {
      return fromJson(JSON.readTree(text));
    } catch (JsonProcessingException e) {
      throw new InputException("not a valid run config (" + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("") + ")");
    }
  }

  /** {@code patch} laid over {@code base}: objects field by field, anything else replaced. */
  private static ObjectNode merge(ObjectNode base, JsonNode patch) {
    patch.properties().forEach(e -> {
      if (base.get(e.getKey()) instanceof ObjectNode b && e.getValue().isObject()) merge(b, e.getValue());
      else base.set(e.getKey(), e.getValue());
    });
    return base;
  }

  /** The record {@code tree} describes; a value its record refuses is that record's own message. */
  private static <T> T bind(JsonNode tree, Class<T> type) {
    try {
      return JSON.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof InputException bad) throw bad;
      }
      throw new InputException("not a valid run config (" + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("") + ")");
    }
  }
}
