/**
 * Dense float32 matrices and the kernels that move most of the arithmetic: the Vector API
 * GEMM ({@link latent.tensor.Gemm}), the optional OpenBLAS backend, and vectorized
 * elementwise functions ({@link latent.tensor.Kernels}).
 *
 * <p>Everything here is row-major {@code float}; a {@link latent.tensor.Tensor} is a matrix
 * {@code [rows, cols]}. Higher-rank data (a batch of k samples of a latent vector) is laid out
 * as {@code [batch * k, dim]}.
 */
package latent.tensor;
