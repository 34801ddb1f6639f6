package latent.data;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import latent.InputException;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;

/**
 * An immutable set of {@code n} examples: a name, the inputs {@code x} as a tensor
 * {@code [n, dim]} with every value in [0, 1], and optionally one integer label per example.
 * Example {@code i} is row {@code i} of {@code x}.
 *
 * <p>A dataset larger than memory is instead <em>mapped</em> from a {@code .npy} file
 * ({@link FileData}, {@link MappedNpy}): it has no tensor {@link #x()}, and its rows are read
 * with {@link #copyRow}, which works for both kinds; {@link #slice}, {@link #select} and the
 * validation part of a {@link #split} copy rows into memory.
 *
 * <p>The constructor checks the values (a NaN or a value outside [0, 1] is an
 * {@link InputException} naming the dataset, row and column); after that nothing changes the
 * tensor: {@link #slice}, {@link #split} and {@link #select} copy rows into new datasets, and
 * {@link #x()} must be treated as read-only by callers.
 */
public final class Dataset {
  private final String name;
  private final Tensor x;            // null when mapped
  private final MappedRows mapped;   // null when in memory
  private final int[] labels;

  /** Train and validation parts of a {@link #split}. */
  public record Split(Dataset train, Dataset validation) {}

  /**
   * @param name   a name for messages and reports, e.g. {@code "mnist-train"}
   * @param x      the inputs {@code [n, dim]}, values in [0, 1]; not copied
   * @param labels one label per row, or {@code null} when the data has none; not copied
   */
  public Dataset(String name, Tensor x, int[] labels) {
    if (labels != null && labels.length != x.rows) {
      throw new InputException(name + ": " + labels.length + " labels for " + x.rows + " examples; expected one label per example");
    }
    float[] d = x.data;
    for (int k = 0; k < d.length; k++) {
      float v = d[k];
      if (!(v >= 0f && v <= 1f)) { // also catches NaN
        throw new InputException(name + ": value " + v + " at row " + k / x.cols + ", column " + k % x.cols
            + " is outside [0, 1]; expected intensities scaled to [0, 1]");
      }
    }
    this.name = name;
    this.x = x;
    this.mapped = null;
    this.labels = labels;
  }

  /**
   * {@code count} generated grey-level images of {@code dim} pixels, 87% of the pixels 0 and
   * the rest uniform in [0, 1) (MNIST's share of ink), for timing and warming up the training
   * loop where real data would not change the work.
   */
  public static Dataset greyImages(int count, int dim, long seed) {
    Xoshiro256 rng = new Xoshiro256(seed);
    Tensor images = Tensor.zeros(count, dim);
    for (int i = 0; i < images.size(); i++) images.data[i] = rng.nextFloat() < 0.13f ? rng.nextFloat() : 0f;
    return new Dataset("grey", images, null);
  }

  /** A dataset of the rows {@code rows} of a mapped file, unlabelled; its values were checked when it was opened. */
  Dataset(String name, MappedRows rows) {
    this.name = name;
    this.x = null;
    this.mapped = rows;
    this.labels = null;
  }

  public String name() {
    return name;
  }

  /** The inputs {@code [size(), dim()]}; read-only by convention. Not for a mapped dataset, whose rows are read with {@link #copyRow}. */
  public Tensor x() {
    if (x == null) throw new IllegalStateException(name + " is mapped from " + mapped.file().file() + ": read its rows with copyRow");
    return x;
  }

  /** Whether the rows are read from a mapped file rather than held in memory. */
  public boolean isMapped() {
    return mapped != null;
  }

  /** Copies example {@code i}'s {@link #dim} values into {@code dst} from {@code off}. */
  public void copyRow(int i, float[] dst, int off) {
    if (mapped != null) mapped.copy(i, dst, off);
    else System.arraycopy(x.data, i * x.cols, dst, off, x.cols);
  }

  /** The labels, or {@code null} when the dataset has none; read-only by convention. */
  public int[] labels() {
    return labels;
  }

  public boolean hasLabels() {
    return labels != null;
  }

  /** Number of examples {@code n}. */
  public int size() {
    return x != null ? x.rows : mapped.size();
  }

  /** Whether every value is 0 or 1. */
  public boolean isBinary() {
    if (x != null) {
      for (float v : x.data) if (v != 0f && v != 1f) return false;
      return true;
    }
    float[] r = new float[dim()];
    for (int i = 0; i < size(); i++) {
      copyRow(i, r, 0);
      for (float v : r) if (v != 0f && v != 1f) return false;
    }
    return true;
  }

  /** Number of values per example. */
  public int dim() {
    return x != null ? x.cols : mapped.dim();
  }

  /** A copy of example {@code i} as a {@code [1, dim]} tensor. */
  public Tensor row(int i) {
    checkIndex(i);
    Tensor r = Tensor.zeros(1, dim());
    copyRow(i, r.data, 0);
    return r;
  }

  /** Examples {@code from} (inclusive) to {@code to} (exclusive), copied into memory, in order. */
  public Dataset slice(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IndexOutOfBoundsException(name + ": slice [" + from + ", " + to + ") of " + size() + " examples");
    }
    return select(name + "[" + from + ":" + to + "]", java.util.stream.IntStream.range(from, to).toArray());
  }

  /** The examples at {@code indices}, copied into memory, in the order given. */
  public Dataset select(String newName, int[] indices) {
    int dim = dim();
    float[] d = new float[Math.multiplyExact(indices.length, dim)];
    int[] l = labels == null ? null : new int[indices.length];
    for (int r = 0; r < indices.length; r++) {
      int i = indices[r];
      checkIndex(i);
      copyRow(i, d, r * dim);
      if (l != null) l[r] = labels[i];
    }
    return new Dataset(newName, new Tensor(indices.length, dim, d), l);
  }

  /**
   * Holds out {@code validationCount} examples chosen at random: a Fisher–Yates shuffle of
   * {@code 0..n-1} with {@link Xoshiro256}{@code (seed)}, the first {@code validationCount}
   * shuffled indices go to validation and the rest to train. Each part keeps the original order
   * of its examples, so the split depends only on the seed. The same seed gives the same split.
   * A mapped dataset's training part stays mapped (the file without the validation rows); the
   * validation part is copied into memory.
   */
  public Split split(int validationCount, long seed) {
    if (validationCount < 0 || validationCount > size()) {
      throw new InputException(name + ": cannot hold out " + validationCount + " examples for validation; expected 0 to " + size());
    }
    int[] perm = permutation(size(), new Xoshiro256(seed));
    int[] validation = Arrays.copyOfRange(perm, 0, validationCount);
    int[] train = Arrays.copyOfRange(perm, validationCount, perm.length);
    Arrays.sort(validation);
    Arrays.sort(train);
    Dataset rest = mapped != null ? new Dataset(name + "-train", mapped.without(validation)) : select(name + "-train", train);
    return new Split(rest, select(name + "-validation", validation));
  }

  @Override
  public String toString() {
    return "Dataset[" + name + ", " + size() + "×" + dim() + (labels == null ? "" : ", labelled") + (mapped == null ? "" : ", mapped") + "]";
  }

  /** A uniformly random permutation of {@code 0..n-1} (Fisher–Yates). */
  static int[] permutation(int n, RandomGenerator rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    shuffle(p, rng);
    return p;
  }

  /** Fisher–Yates: for i = n-1 down to 1, swap a[i] with a[j], j uniform in 0..i. */
  static void shuffle(int[] a, RandomGenerator rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= size()) throw new IndexOutOfBoundsException(name + ": example " + i + " of " + size());
  }
}
