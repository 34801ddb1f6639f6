package latent.data;

import latent.InvalidSetting;

/**
 * Which data a run trains on and how they are prepared: the {@code data} section of a run's
 * training settings.
 *
 * @param dataset      {@code mnist}, {@code fashion-mnist}, or a file FILE.npy or FILE.csv ({@link FileData})
 * @param dataDir      folder with the IDX files, or null for the default location
 * @param binarization dynamic, fixed (seeded) or none (real values)
 * @param validation   training images held out (a seeded draw) to report a validation ELBO; 0 for none
 * @param testSeed     seed of the test set's one fixed binarization (0 by convention)
 */
public record DataConfig(String dataset, String dataDir, Binarization binarization, int validation, long testSeed) {
  public DataConfig {
    InvalidSetting.require(dataset != null && !dataset.isBlank(), "dataset", "expected a dataset or a .npy or .csv file, got none");
    InvalidSetting.require(binarization != null, "binarization", "expected dynamic, fixed or none, got none");
    InvalidSetting.require(validation >= 0, "validation", "expected a count >= 0, got " + validation);
  }

  /** The same data scored on {@code dataset}, whose folder is looked up afresh. */
  public DataConfig withDataset(String dataset) {
    return new DataConfig(dataset, null, binarization, validation, testSeed);
  }
}
