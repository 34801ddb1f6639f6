/**
 * The data stage: reading datasets, binarizing them and cutting them into minibatches.
 *
 * <ul>
 *   <li>{@link latent.data.Idx} reads IDX files (MNIST, Fashion-MNIST), raw or gzip, and
 *       validates them against their headers before allocating anything;
 *   <li>{@link latent.data.Dataset} is an immutable set of examples {@code [n, dim]} in
 *       [0, 1] with optional labels; {@link latent.data.TrainTest} pairs train and test sets;
 *   <li>{@link latent.data.Binarization} says how intensities become binary data (dynamic,
 *       fixed or none) and {@link latent.data.Batches} draws shuffled minibatches, applying
 *       dynamic binarization as it goes;
 *   <li>{@link latent.data.Npy} and {@link latent.data.CsvMatrix} read users' own numeric
 *       matrices (one row per example), checked like IDX files; {@link latent.data.Scaling}
 *       maps them into [0, 1] with a range fitted on the training rows, and
 *       {@link latent.data.FileData} records the files, the test split and the scaling of a
 *       run trained on them;
 *   <li>{@link latent.data.DataSources} resolves a dataset name and an optional folder to
 *       files, fetching MNIST with {@link latent.data.MnistFetch} when it is missing.
 * </ul>
 *
 * <p>Bad input (missing, truncated or malformed files) is reported as a one-line
 * {@link latent.InputException} that starts with the path and says what was expected.
 */
package latent.data;
