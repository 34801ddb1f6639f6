package latent.cli;

import java.nio.file.Path;
import java.util.function.Consumer;
import latent.data.FileData;
import latent.data.Scaling;
import latent.data.Storage;
import picocli.CommandLine.Option;

/**
 * The flags of {@code latent train --data FILE.npy|FILE.csv}: where the test rows come from and
 * how the numbers are scaled into [0, 1]. Refused with the IDX datasets.
 */
public final class FileDataOptions {
  @Option(names = "--test", paramLabel = "FILE", description = "with --data FILE: a separate test file (.npy or .csv)") Path test;
  @Option(names = "--test-fraction", paramLabel = "F", description = "with --data FILE and no --test: hold out this fraction of the rows, a seeded draw (default 0.1)") Double testFraction;
  @Option(names = "--scale", paramLabel = "RULE", description = "with --data FILE: none (values already in [0, 1], default), bytes (x/255), minmax or columns (per-column min-max), fitted on the training rows") String scale = "none";
  @Option(names = "--storage", paramLabel = "WHERE", description = "with --data FILE.npy: memory (read the rows in), mapped (read them from the file as needed: data larger than memory) or auto (default: mapped when the file's float32 values would take more than a quarter of the heap)") String storage;

  /** Checks the flags without reading anything; {@code data} is the --data value. */
  void check(String data) {
    Scaling.parse(scale);
    Storage.parse(storage);
    if (!FileData.isFile(data)) {
      String given = test != null ? "--test" : testFraction != null ? "--test-fraction" : !scale.equals("none") ? "--scale" : storage != null ? "--storage" : null;
      if (given != null) throw new latent.InputException(given + ": only with --data FILE.npy or FILE.csv; " + data + " comes with its own test set and scale");
    }
    if (testFraction != null && test != null) throw new latent.InputException("--test-fraction: not used with --test FILE; give one or the other");
    if (testFraction != null && !(testFraction > 0 && testFraction < 1)) {
      throw new latent.InputException("--test-fraction: expected a number in (0, 1), got " + testFraction);
    }
  }

  FileData.Loaded load(Path train, long seed, Consumer<String> log) {
    return FileData.load(train, test, testFraction != null ? testFraction : FileData.DEFAULT_TEST_FRACTION, seed, Scaling.parse(scale), Storage.parse(storage), log);
  }
}
