package latent.tensor;

import java.util.Arrays;

/**
 * A row-major float32 matrix {@code [rows, cols]}; element {@code (i, j)} lives at
 * {@code data[i * cols + j]}. A vector is a {@code [1, n]} or {@code [n, 1]} tensor and a
 * scalar is {@code [1, 1]}. The array is exposed so kernels can work on it without copies.
 */
public final class Tensor {
  public final int rows;
  public final int cols;
  public final float[] data;

  public Tensor(int rows, int cols, float[] data) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("shape must be non-negative, got [" + rows + ", " + cols + "]");
    }
    if (data.length != (long) rows * cols) {
      throw new IllegalArgumentException("data has " + data.length + " values, shape [" + rows + ", " + cols + "] needs " + (long) rows * cols);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  public static Tensor zeros(int rows, int cols) {
    return new Tensor(rows, cols, new float[Math.multiplyExact(rows, cols)]);
  }

  public static Tensor of(int rows, int cols, float... values) {
    return new Tensor(rows, cols, values);
  }

  public static Tensor scalar(float value) {
    return new Tensor(1, 1, new float[] {value});
  }

  public int size() {
    return data.length;
  }

  public float get(int i, int j) {
    return data[i * cols + j];
  }

  public void set(int i, int j, float v) {
    data[i * cols + j] = v;
  }

  /** The single value of a {@code [1, 1]} tensor. */
  public float item() {
    if (data.length != 1) throw new IllegalStateException("item() needs one value, shape is " + shape());
    return data[0];
  }

  /** A copy of rows {@code from .. from + n − 1}, {@code [n, cols]}. */
  public Tensor sliceRows(int from, int n) {
    return new Tensor(n, cols, java.util.Arrays.copyOfRange(data, from * cols, (from + n) * cols));
  }

  public Tensor copy() {
    return new Tensor(rows, cols, data.clone());
  }

  /** Every element set to {@code v}, split over the threads when large (a zeroed gradient can be megabytes). */
  public void fill(float v) {
    Parallel.forRange(data.length, data.length, (from, to) -> Arrays.fill(data, from, to, v));
  }

  public boolean sameShape(Tensor o) {
    return rows == o.rows && cols == o.cols;
  }

  public String shape() {
    return "[" + rows + ", " + cols + "]";
  }

  /** Sum of all entries, accumulated in double. */
  public double sum() {
    double s = 0;
    for (float v : data) s += v;
    return s;
  }

  public static void requireSameShape(Tensor a, Tensor b, String op) {
    if (!a.sameShape(b)) {
      throw new IllegalArgumentException(op + ": shapes differ, " + a.shape() + " vs " + b.shape());
    }
  }

  @Override
  public String toString() {
    return "Tensor" + shape();
  }
}
