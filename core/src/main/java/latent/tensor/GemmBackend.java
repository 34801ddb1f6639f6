package latent.tensor;

import java.util.Collection;

/**
 * A single-precision matrix product on row-major arrays, in BLAS's terms:
 *
 * <pre>
 *   C = alpha · op(A) · op(B) + beta · C,   op(X) = X or Xᵀ
 *   op(A): [m, k],  op(B): [k, n],  C: [m, n]
 *   c_ij = alpha · Σ_p op(A)_ip · op(B)_pj + beta · c_ij
 * </pre>
 *
 * {@code lda}, {@code ldb}, {@code ldc} are the row strides of the stored arrays (for a
 * transposed operand, the stride of the stored, untransposed matrix).
 */
public interface GemmBackend {
  void sgemm(boolean transA, boolean transB, int m, int n, int k,
             float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc);

  /**
   * {@code C = op(A) · op(B) + 1 biasᵀ}, the bias added to every row: a layer's affine map.
   * Here the rows are set to the bias and the product added to them; {@link JavaGemm} adds the
   * bias as it stores each tile, so C is written once.
   */
  default void sgemmBias(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int lda, float[] b, int ldb, float[] bias, float[] c, int ldc) {
    for (int i = 0; i < m; i++) System.arraycopy(bias, 0, c, i * ldc, n);
    sgemm(transA, transB, m, n, k, 1f, a, lda, b, ldb, 1f, c, ldc);
  }

  /**
   * Runs {@code body}, with {@code arrays} promised unchanged until it returns (a model's
   * weights while it is evaluated), so the backend may keep work derived from them.
   */
  default void withConstantOperands(Collection<float[]> arrays, Runnable body) {
    body.run();
  }

  String name();
}
