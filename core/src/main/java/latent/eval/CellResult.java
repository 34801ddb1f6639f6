package latent.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * so a result is never taken for a cell with another budget or seed.
 */
final class CellResult {
  static final String FILE = "cell.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private CellResult() {}

  /** The result recorded in {@code dir}, or {@code compute}'s, recorded there. */
  static <R> R of(Path dir, RunConfig config, Class<R> type, Supplier<R> compute) {
    Trainer.requireSameRun(config, dir);
    Path file = dir.resolve(FILE);
    if (Files.isRegularFile(file)) {
      try {
        return JSON.readValue(Files.readString(file), type);
      } catch (IOException e) {
        throw new InputException(file + ": not a valid cell result (" + e.getMessage().lines().findFirst().orElse("") + "); delete it to run the cell again");
      }
    }
    R result = compute.get();
    AtomicFiles.writeString(file, JSON.valueToTree(result).toPrettyString() + "\n");
    return result;
  }
}
