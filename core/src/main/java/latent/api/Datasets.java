package latent.api;

import java.nio.file.Path;
import latent.InputException;
import latent.data.Dataset;
import latent.data.FileData;
import latent.data.Scaling;
import latent.data.TrainTest;
import latent.tensor.Tensor;

/** Datasets for {@link LatentModel}: from Java arrays, or from {@code .npy} and CSV files. */
public final class Datasets {
  private Datasets() {}

  /**
   * A dataset of the given rows (one example each, every value in [0, 1]), copied.
   *
   * @throws InputException when the rows differ in length or a value lies outside [0, 1]
   */
  public static Dataset of(String name, float[][] rows) {
    if (rows.length == 0) throw new InputException(name + ": no rows; expected at least one example");
    int d = rows[0].length;
    float[] x = new float[Math.multiplyExact(rows.length, d)];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != d) throw new InputException(name + ": row " + i + " has " + rows[i].length + " values, expected " + d + " (as row 0)");
      System.arraycopy(rows[i], 0, x, i * d, d);
    }
    return new Dataset(name, new Tensor(rows.length, d, x), null);
  }

  /**
   * Reads a {@code .npy} or {@code .csv} file (one row per example), holds out
   * {@code testFraction} of the rows as the test set (a draw seeded by {@code seed}) and scales
   * both parts into [0, 1] with {@code scale} fitted on the training rows: {@code "none"},
   * {@code "bytes"} (x / 255), {@code "minmax"} or {@code "columns"} (see {@link Scaling}).
   * A {@code .npy} file too large for a quarter of the heap comes back mapped
   * ({@link Dataset#isMapped}): {@code LatentModel.fit} trains on it, while scoring and encoding
   * take data in memory (for files larger than memory, {@code latent score} and
   * {@code latent encode} stream them).
   */
  public static TrainTest load(Path file, String scale, double testFraction, long seed) {
    return FileData.load(file, null, testFraction, seed, Scaling.parse(scale), msg -> {}).sets();
  }

  /** As {@link #load(Path, String, double, long)} with a separate test file. */
  public static TrainTest load(Path train, Path test, String scale) {
    return FileData.load(train, test, FileData.DEFAULT_TEST_FRACTION, 0, Scaling.parse(scale), msg -> {}).sets();
  }

  /** The rows of {@code data} as Java arrays. */
  public static float[][] rows(Dataset data) {
    return LatentModel.rows(data.x());
  }
}
