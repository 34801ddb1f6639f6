package latent.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The config.json of runs written before 2026-12, whose {@code training} section was one flat
 * object, read as today's sections: each old key moves to where its setting lives now, under
 * its new name where it has one. Keys a config lacks stay absent (the reader fills in defaults).
 */
final class LegacyConfig {
  private LegacyConfig() {}

  /** Old key → its section in {@code training} (or {@code model}) and, after a colon, its new name. */
  private static final Map<String, String> MOVES = Map.ofEntries(
      Map.entry("dataset", "data"), Map.entry("dataDir", "data"), Map.entry("binarization", "data"), Map.entry("validation", "data"),
      Map.entry("testSeed", "data"),
      Map.entry("optimizer", "optimizer:kind"), Map.entry("learningRate", "optimizer"), Map.entry("weightDecay", "optimizer"),
      Map.entry("momentum", "optimizer"), Map.entry("adamEps", "optimizer"),
      Map.entry("objective", "objective:kind"), Map.entry("estimator", "objective"), Map.entry("samples", "objective"),
      Map.entry("gradient", "objective"),
      Map.entry("batchSize", "schedule"), Map.entry("epochs", "schedule"), Map.entry("iwaeStages", "schedule"), Map.entry("maxImages", "schedule"),
      Map.entry("seed", "runtime"), Map.entry("threads", "runtime"), Map.entry("gemm", "runtime"),
      Map.entry("outputBiasFromData", "/model"));

  static void upgrade(ObjectNode root) {
    ObjectNode old = (ObjectNode) root.get("training"), training = root.putObject("training");
    if (old.has("preset")) training.set("preset", old.get("preset"));
    for (String section : List.of("data", "optimizer", "objective", "schedule", "runtime")) training.putObject(section);
    MOVES.forEach((key, to) -> {
      if (!old.has(key)) return;
      String[] where = to.split(":");
      ObjectNode section = where[0].startsWith("/") ? (ObjectNode) root.get(where[0].substring(1)) : (ObjectNode) training.get(where[0]);
      section.set(where.length > 1 ? where[1] : key, old.get(key));
    });
  }
}
