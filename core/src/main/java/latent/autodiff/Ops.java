package latent.autodiff;

import latent.tensor.Gemm;
import latent.tensor.Kernels;
import latent.tensor.Tensor;

/**
 * Differentiable tensor operations. Each op computes its value, then records its chain rule:
 * with {@code g = ∂L/∂out}, it adds {@code ∂L/∂in = g · ∂out/∂in} into each input's gradient.
 * Inputs of the same shape combine elementwise; {@code [1, c]} and {@code [r, 1]} operands of
 * {@link #addRow} and {@link #mulColumn} broadcast over rows and columns.
 */
public final class Ops {
  private Ops() {}

  private static Tape tapeOf(Var a) {
    return a.tape;
  }

  // ---- elementwise, two inputs ---------------------------------------------------------

  /** out = a + b;  ∂a += g, ∂b += g. */
  public static Var add(Var a, Var b) {
    Tensor.requireSameShape(a.value, b.value, "add");
    Tensor out = tapeOf(a).alloc(a.rows(), a.cols());
    float[] x = a.value.data, y = b.value.data, o = out.data;
    for (int i = 0; i < o.length; i++) o[i] = x[i] + y[i];
    return tapeOf(a).record(out, g -> {
      if (a.requiresGrad) Kernels.axpy(1f, g.data, a.grad().data, g.size());
      if (b.requiresGrad) Kernels.axpy(1f, g.data, b.grad().data, g.size());
    }, a, b);
  }

  /** out = a − b;  ∂a += g, ∂b −= g. */
  public static Var sub(Var a, Var b) {
    Tensor.requireSameShape(a.value, b.value, "sub");
    Tensor out = tapeOf(a).alloc(a.rows(), a.cols());
    float[] x = a.value.data, y = b.value.data, o = out.data;
    for (int i = 0; i < o.length; i++) o[i] = x[i] - y[i];
    return tapeOf(a).record(out, g -> {
      if (a.requiresGrad) Kernels.axpy(1f, g.data, a.grad().data, g.size());
      if (b.requiresGrad) Kernels.axpy(-1f, g.data, b.grad().data, g.size());
    }, a, b);
  }

  /** out = a ⊙ b;  ∂a += g ⊙ b, ∂b += g ⊙ a. */
  public static Var mul(Var a, Var b) {
    Tensor.requireSameShape(a.value, b.value, "mul");
    Tensor out = tapeOf(a).alloc(a.rows(), a.cols());
    float[] x = a.value.data, y = b.value.data, o = out.data;
    for (int i = 0; i < o.length; i++) o[i] = x[i] * y[i];
    return tapeOf(a).record(out, g -> {
      if (a.requiresGrad) {
        float[] ga = a.grad().data;
        for (int i = 0; i < ga.length; i++) ga[i] += g.data[i] * y[i];
      }
      if (b.requiresGrad) {
        float[] gb = b.grad().data;
        for (int i = 0; i < gb.length; i++) gb[i] += g.data[i] * x[i];
      }
    }, a, b);
  }

  /** out[i, j] = a[i, j] + row[0, j];  ∂a += g, ∂row += Σ_i g[i, :]. */
  public static Var addRow(Var a, Var row) {
    if (row.rows() != 1 || row.cols() != a.cols()) {
      throw new IllegalArgumentException("addRow: row must be [1, " + a.cols() + "], got " + row.value.shape());
    }
    Tensor out = tapeOf(a).alloc(a.rows(), a.cols());
    int c = a.cols();
    for (int i = 0; i < a.rows(); i++) {
      for (int j = 0; j < c; j++) out.data[i * c + j] = a.value.data[i * c + j] + row.value.data[j];
    }
    return tapeOf(a).record(out, g -> {
      if (a.requiresGrad) Kernels.axpy(1f, g.data, a.grad().data, g.size());
      if (row.requiresGrad) Kernels.addColumnSums(g.data, g.rows, g.cols, row.grad().data);
    }, a, row);
  }

  /** out[i, j] = a[i, j] · col[i, 0];  ∂a += g ⊙ col, ∂col[i] += Σ_j g[i, j] a[i, j]. */
  public static Var mulColumn(Var a, Var col) {
    if (col.cols() != 1 || col.rows() != a.rows()) {
      throw new IllegalArgumentException("mulColumn: column must be [" + a.rows() + ", 1], got " + col.value.shape());
    }
    int c = a.cols();
    Tensor out = tapeOf(a).alloc(a.rows(), c);
    for (int i = 0; i < a.rows(); i++) {
      float s = col.value.data[i];
      for (int j = 0; j < c; j++) out.data[i * c + j] = a.value.data[i * c + j] * s;
    }
    return tapeOf(a).record(out, g -> {
      for (int i = 0; i < a.rows(); i++) {
        float s = col.value.data[i];
        double dc = 0;
        for (int j = 0; j < c; j++) {
          if (a.requiresGrad) a.grad().data[i * c + j] += g.data[i * c + j] * s;
          dc += g.data[i * c + j] * a.value.data[i * c + j];
        }
        if (col.requiresGrad) col.grad().data[i] += (float) dc;
      }
    }, a, col);
  }

  /** out = a · b (matrix product);  ∂a += g · bᵀ, ∂b += aᵀ · g. */
  public static Var matmul(Var a, Var b) {
    Tensor out = tapeOf(a).alloc(a.rows(), b.cols());
    Gemm.gemm(false, false, 1f, a.value, b.value, 0f, out);
    return tapeOf(a).record(out, g -> {
      if (a.requiresGrad) Gemm.gemm(false, true, 1f, g, b.value, 1f, a.grad());
      if (b.requiresGrad) Gemm.gemm(true, false, 1f, a.value, g, 1f, b.grad());
    }, a, b);
  }

  // ---- elementwise, one input ----------------------------------------------------------

  /** out = c · a;  ∂a += c g. */
  public static Var scale(Var a, float c) {
    Tensor out = tapeOf(a).alloc(a.rows(), a.cols());
    for (int i = 0; i < out.data.length; i++) out.data[i] = c * a.value.data[i];
    return tapeOf(a).record(out, g -> Kernels.axpy(c, g.data, a.grad().data, g.size()), a);
  }

  /** out = a + c;  ∂a += g. */
  public static Var addScalar(Var a, float c) {
    Tensor out = tapeOf(a).alloc(a.rows(), a.cols());
    for (int i = 0; i < out.data.length; i++) out.data[i] = a.value.data[i] + c;
    return tapeOf(a).record(out, g -> Kernels.axpy(1f, g.data, a.grad().data, g.size()), a);
  }

  /** out = a²;  ∂a += 2 a g. */
  public static Var square(Var a) {
    Tensor out = tapeOf(a).alloc(a.rows(), a.cols());
    for (int i = 0; i < out.data.length; i++) out.data[i] = a.value.data[i] * a.value.data[i];
    return tapeOf(a).record(out, g -> {
      float[] ga = a.grad().data;
      for (int i = 0; i < ga.length; i++) ga[i] += 2f * a.value.data[i] * g.data[i];
    }, a);
  }

  /** out = eᵃ;  ∂a += g · out. */
  public static Var exp(Var a) {
    Tensor out = tapeOf(a).alloc(a.rows(), a.cols());
    Kernels.exp(a.value.data, out.data, 0, out.size());
    return tapeOf(a).record(out, g -> {
      float[] ga = a.grad().data;
      for (int i = 0; i < ga.length; i++) ga[i] += g.data[i] * out.data[i];
    }, a);
  }

  /** out = log a;  ∂a += g / a. */
  public static Var log(Var a) {
    Tensor out = tapeOf(a).alloc(a.rows(), a.cols());
    for (int i = 0; i < out.data.length; i++) out.data[i] = (float) Math.log(a.value.data[i]);
    return tapeOf(a).record(out, g -> {
      float[] ga = a.grad().data;
      for (int i = 0; i < ga.length; i++) ga[i] += g.data[i] / a.value.data[i];
    }, a);
  }

  /** out = tanh a;  ∂a += g (1 − out²). */
  public static Var tanh(Var a) {
    Tensor out = tapeOf(a).alloc(a.rows(), a.cols());
    Kernels.tanh(a.value.data, out.data, 0, out.size());
    return tapeOf(a).record(out, g -> {
      float[] ga = a.grad().data;
      for (int i = 0; i < ga.length; i++) ga[i] += g.data[i] * (1f - out.data[i] * out.data[i]);
    }, a);
  }

  /** out = σ(a);  ∂a += g out (1 − out). */
  public static Var sigmoid(Var a) {
    Tensor out = tapeOf(a).alloc(a.rows(), a.cols());
    Kernels.sigmoid(a.value.data, out.data, 0, out.size());
    return tapeOf(a).record(out, g -> {
      float[] ga = a.grad().data;
      for (int i = 0; i < ga.length; i++) ga[i] += g.data[i] * out.data[i] * (1f - out.data[i]);
    }, a);
  }

  /** out = log(1 + eᵃ);  ∂a += g σ(a). */
  public static Var softplus(Var a) {
    Tensor out = tapeOf(a).alloc(a.rows(), a.cols());
    Kernels.softplus(a.value.data, out.data, 0, out.size());
    return tapeOf(a).record(out, g -> {
      float[] ga = a.grad().data;
      for (int i = 0; i < ga.length; i++) ga[i] += g.data[i] / (1f + (float) Math.exp(-a.value.data[i]));
    }, a);
  }

  /** out = max(a, 0);  ∂a += g [a > 0]. */
  public static Var relu(Var a) {
    Tensor out = tapeOf(a).alloc(a.rows(), a.cols());
    for (int i = 0; i < out.data.length; i++) out.data[i] = Math.max(a.value.data[i], 0f);
    return tapeOf(a).record(out, g -> {
      float[] ga = a.grad().data;
      for (int i = 0; i < ga.length; i++) if (a.value.data[i] > 0f) ga[i] += g.data[i];
    }, a);
  }

  /** out = clamp(a, lo, hi);  ∂a += g inside [lo, hi], 0 where clamped. */
  public static Var clamp(Var a, float lo, float hi) {
    Tensor out = tapeOf(a).alloc(a.rows(), a.cols());
    for (int i = 0; i < out.data.length; i++) out.data[i] = Math.min(Math.max(a.value.data[i], lo), hi);
    return tapeOf(a).record(out, g -> {
      float[] ga = a.grad().data;
      for (int i = 0; i < ga.length; i++) {
        float v = a.value.data[i];
        if (v >= lo && v <= hi) ga[i] += g.data[i];
      }
    }, a);
  }

  // ---- reductions and shape ------------------------------------------------------------

  /** out = Σ_ij a_ij, a [1, 1];  ∂a += g. */
  public static Var sum(Var a) {
    Tensor out = tapeOf(a).alloc(1, 1);
    out.data[0] = (float) a.value.sum();
    return tapeOf(a).record(out, g -> {
      float[] ga = a.grad().data;
      float s = g.data[0];
      for (int i = 0; i < ga.length; i++) ga[i] += s;
    }, a);
  }

  /** out = (1/n) Σ_ij a_ij. */
  public static Var mean(Var a) {
    return scale(sum(a), 1f / a.value.size());
  }

  /** out[i, 0] = Σ_j a[i, j];  ∂a[i, j] += g[i, 0]. */
  public static Var sumColumns(Var a) {
    int r = a.rows(), c = a.cols();
    Tensor out = tapeOf(a).alloc(r, 1);
    for (int i = 0; i < r; i++) {
      double s = 0;
      for (int j = 0; j < c; j++) s += a.value.data[i * c + j];
      out.data[i] = (float) s;
    }
    return tapeOf(a).record(out, g -> {
      float[] ga = a.grad().data;
      for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) ga[i * c + j] += g.data[i];
    }, a);
  }

  /**
   * out[i, 0] = log Σ_j exp a[i, j] (max-shifted);  ∂a[i, j] += g[i] · softmax(a[i, :])_j.
   */
  public static Var logSumExpColumns(Var a) {
    int r = a.rows(), c = a.cols();
    Tensor out = tapeOf(a).alloc(r, 1);
    for (int i = 0; i < r; i++) out.data[i] = (float) Kernels.logSumExp(a.value.data, i * c, c);
    return tapeOf(a).record(out, g -> {
      float[] ga = a.grad().data;
      for (int i = 0; i < r; i++) {
        for (int j = 0; j < c; j++) ga[i * c + j] += g.data[i] * (float) Math.exp(a.value.data[i * c + j] - out.data[i]);
      }
    }, a);
  }

  /** The same values read as {@code [rows, cols]} (row-major order kept);  ∂a += g. */
  public static Var reshape(Var a, int rows, int cols) {
    if ((long) rows * cols != a.value.size()) {
      throw new IllegalArgumentException("reshape: " + a.value.shape() + " has " + a.value.size() + " values, not " + rows + "×" + cols);
    }
    Tensor out = new Tensor(rows, cols, a.value.data);
    return tapeOf(a).record(out, g -> Kernels.axpy(1f, g.data, a.grad().data, g.size()), a);
  }

  /** out[i·k + s, :] = a[i, :] for s &lt; k (each row repeated k times);  ∂a[i] += Σ_s g[i·k + s]. {@code a} itself for k = 1. */
  public static Var repeatRows(Var a, int k) {
    if (k == 1) return a;
    int r = a.rows(), c = a.cols();
    Tensor out = tapeOf(a).alloc(r * k, c);
    for (int i = 0; i < r; i++) {
      for (int s = 0; s < k; s++) System.arraycopy(a.value.data, i * c, out.data, (i * k + s) * c, c);
    }
    return tapeOf(a).record(out, g -> {
      float[] ga = a.grad().data;
      for (int i = 0; i < r; i++) {
        for (int s = 0; s < k; s++) {
          int src = (i * k + s) * c;
          for (int j = 0; j < c; j++) ga[i * c + j] += g.data[src + j];
        }
      }
    }, a);
  }
}
