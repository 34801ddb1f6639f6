package latent.train;

import latent.tensor.Gemm;
import latent.tensor.Parallel;

/**
 * How a run uses the machine and its randomness: the {@code runtime} section of its training
 * settings. Neither the thread count nor, within a backend, the split of the work changes a
 * result: a run gives the same bits on any number of threads.
 *
 * @param seed    seeds initialisation, data order and binarization, and the noise ε, through independent streams
 * @param threads worker threads of the matrix products and elementwise passes (default: all cores)
 * @param gemm    the matrix-product backend, java or openblas
 */
public record RuntimeConfig(long seed, int threads, String gemm) {
  public RuntimeConfig {
    Parallel.requireThreads(threads);
    Gemm.requireName(gemm == null ? "java" : gemm);
    if (gemm == null) gemm = "java";
  }
}
