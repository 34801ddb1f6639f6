package latent.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import latent.InputException;
import latent.io.AtomicFiles;
import latent.train.RunConfig;
import latent.train.Trainer;

/**
 * The result of one cell of a reproduction table, kept as {@value #FILE} in the cell's run
 * folder once the cell is done: a table run again reads it instead of training and scoring the
 * cell again. The folder's run must have the cell's settings ({@link Trainer#requireSameRun}),
 * and the result the same {@code scoring} (how the cell was evaluated, such as k and the test
 * images), so a result is never taken for a cell trained or scored otherwise.
 */
final class CellResult {
  static final String FILE = "cell.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private CellResult() {}

  /** The result recorded in {@code dir} for {@code scoring}, or {@code compute}'s, recorded there. */
  static <R> R of(Path dir, RunConfig config, String scoring, Class<R> type, Supplier<R> compute) {
    Trainer.requireSameRun(config, dir);
    Path file = dir.resolve(FILE);
    if (Files.isRegularFile(file)) {
      JsonNode recorded;
      try {
        recorded = JSON.readTree(Files.readString(file));
        if (recorded.path("scoring").asText("").equals(scoring)) return JSON.treeToValue(recorded.path("result"), type);
      } catch (IOException e) {
        throw new InputException(file + ": not a valid cell result (" + e.getMessage().lines().findFirst().orElse("") + "); delete it to run the cell again");
      }
      throw new InputException(file + ": the cell was scored with " + recorded.path("scoring").asText("?") + ", not " + scoring
          + "; give a new output folder, or delete this file to score the cell again");
    }
    R result = compute.get();
    ObjectNode o = JSON.createObjectNode().put("scoring", scoring);
    o.set("result", JSON.valueToTree(result));
    AtomicFiles.writeString(file, o.toPrettyString() + "\n");
    return result;
  }
}
