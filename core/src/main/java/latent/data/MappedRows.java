package latent.data;

import java.util.Arrays;

/**
 * The rows of a {@link MappedNpy} file that a {@link Dataset} holds, scaled into [0, 1] by the
 * training rows' {@link Scaling} as they are read: every row of the file but the
 * {@code excluded} ones (held out for testing or validation, kept sorted), in file order. Row
 * {@code i} of the dataset is file row {@code i + m}, m the number of excluded rows before it.
 * Memory: the excluded row numbers, 4 bytes each; nothing per training row.
 */
final class MappedRows {
  private final MappedNpy file;
  private final Scaling scaling;
  private final int[] excluded;

  MappedRows(MappedNpy file, Scaling scaling, int[] excluded) {
    this.file = file;
    this.scaling = scaling;
    this.excluded = excluded;
  }

  int size() {
    return file.rows() - excluded.length;
  }

  int dim() {
    return file.cols();
  }

  MappedNpy file() {
    return file;
  }

  /** Row {@code i}'s values scaled into [0, 1] (checked when the dataset was opened), into {@code dst} from {@code off}. */
  void copy(int i, float[] dst, int off) {
    file.read(fileRow(i), dst, off);
    if (scaling.kind() == Scaling.Kind.NONE) return;
    for (int j = 0; j < file.cols(); j++) dst[off + j] = (float) scaling.unit(dst[off + j], j);
  }

  /**
   * The file row of row {@code i}: {@code i + m}, m the least index with
   * {@code excluded[m] − m > i} (the excluded rows before it), found by bisection.
   */
  int fileRow(int i) {
    int lo = 0, hi = excluded.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (excluded[mid] - mid > i) hi = mid;
      else lo = mid + 1;
    }
    return i + lo;
  }

  /** These rows without rows {@code sorted} (indices into these rows, ascending). */
  MappedRows without(int[] sorted) {
    int[] more = new int[excluded.length + sorted.length];
    System.arraycopy(excluded, 0, more, 0, excluded.length);
    for (int r = 0; r < sorted.length; r++) more[excluded.length + r] = fileRow(sorted[r]);
    Arrays.sort(more);
    return new MappedRows(file, scaling, more);
  }
}
