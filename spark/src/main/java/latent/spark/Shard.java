package latent.spark;

import java.io.Serializable;
import java.util.Iterator;
import latent.eval.RowKeys;
import latent.tensor.Tensor;
import org.apache.spark.sql.Row;

/**
 * One partition's rows as training keeps them, cached between rounds: float32 matrices of its
 * training rows and of its held-out rows (with their keys). A row is held out when a hash of its
 * values falls below the held-out share, so the split does not depend on the partitioning.
 *
 * @param partition   the partition's index
 * @param size        D, the values per row
 * @param trainRows   the training rows, {@code [n, D]} row-major
 * @param heldOutRows the held-out rows, {@code [h, D]}
 * @param heldOutKeys the held-out rows' keys ({@link RowKeys}), which seed their noise when scored
 */
record Shard(int partition, int size, float[] trainRows, float[] heldOutRows, long[] heldOutKeys) implements Serializable {

  static Shard of(int partition, Iterator<Row> rows, InputColumns columns, double heldOutShare) {
    int d = columns.size;
    FloatBuffer train = new FloatBuffer(), held = new FloatBuffer();
    java.util.List<Long> keys = new java.util.ArrayList<>();
    float[] row = new float[d];
    long threshold = (long) (heldOutShare * (1L << 53));
    while (rows.hasNext()) {
      String problem = columns.read(rows.next(), row, 0);
      if (problem != null) throw new IllegalArgumentException(InputCheck.taskMessage(columns, "a row of partition " + partition + ": " + problem));
      long key = RowKeys.ofValues(row, 0, d);
      if ((key >>> 11) < threshold) {
        held.add(row);
        keys.add(key);
      } else {
        train.add(row);
      }
    }
    return new Shard(partition, d, train.values(), held.values(), keys.stream().mapToLong(Long::longValue).toArray());
  }

  /** The training rows as a matrix (no copy). */
  Tensor train() {
    return new Tensor(trainRows.length / size, size, trainRows);
  }

  /** The held-out rows as a matrix (no copy). */
  Tensor heldOut() {
    return new Tensor(heldOutRows.length / size, size, heldOutRows);
  }

  /** The training rows' count and their column sums (for the output bias), as the driver gathers them. */
  record Summary(int partition, int rows, int heldOut, double[] columnSums) implements Serializable {}

  Summary summary() {
    double[] sums = new double[size];
    for (int e = 0; e < trainRows.length; e++) sums[e % size] += trainRows[e];
    return new Summary(partition, trainRows.length / size, heldOutRows.length / size, sums);
  }

  /** A growing float array of rows. */
  private static final class FloatBuffer {
    private float[] data = new float[1024];
    private int size;

    void add(float[] row) {
      if (size + row.length > data.length) data = java.util.Arrays.copyOf(data, Math.max(2 * data.length, size + row.length));
      System.arraycopy(row, 0, data, size, row.length);
      size += row.length;
    }

    float[] values() {
      return java.util.Arrays.copyOf(data, size);
    }
  }
}
