package latent.tensor;

import java.util.Collection;

/**
 * Matrix products on {@link Tensor}s, with shape checks, through the selected backend:
 * the Vector API {@link JavaGemm} by default, or {@link OpenBlasGemm} when the system
 * property {@code latent.gemm=openblas} is set and the library is present.
 */
public final class Gemm {
  private static volatile GemmBackend backend = initial();

  private Gemm() {}

  private static GemmBackend initial() {
    String choice = System.getProperty("latent.gemm", "java");
    return choice.equals("openblas") ? OpenBlasGemm.load().map(g -> (GemmBackend) g).orElse(new JavaGemm()) : new JavaGemm();
  }

  public static GemmBackend backend() {
    return backend;
  }

  public static void use(GemmBackend b) {
    backend = b;
  }

  /** The backends a run can name. */
  public static final java.util.List<String> NAMES = java.util.List.of("java", "openblas");

  /** Checks that {@code name} is a backend's name. */
  public static String requireName(String name) {
    latent.InvalidSetting.require(NAMES.contains(name), "gemm", "expected java or openblas, got '" + name + "'");
    return name;
  }

  /** The backend named {@code name}; OpenBLAS missing from the system is bad input. */
  public static GemmBackend named(String name) {
    return switch (requireName(name)) {
      case "openblas" -> OpenBlasGemm.load().orElseThrow(() -> new latent.InvalidSetting("gemm",
          "openblas: libopenblas.so.0 not found (Debian: apt-get install libopenblas0)"));
      default -> new JavaGemm();
    };
  }

  /**
   * {@code c = alpha · op(a) · op(b) + beta · c}.
   *
   * @throws IllegalArgumentException naming the operands when the shapes do not chain
   */
  public static void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
    int m = transA ? a.cols : a.rows;
    int k = transA ? a.rows : a.cols;
    int kb = transB ? b.cols : b.rows;
    int n = transB ? b.rows : b.cols;
    if (k != kb || c.rows != m || c.cols != n) {
      throw new IllegalArgumentException("gemm: op(a)" + (transA ? "ᵀ" : "") + a.shape() + " · op(b)" + (transB ? "ᵀ" : "")
          + b.shape() + " does not give c" + c.shape());
    }
    backend.sgemm(transA, transB, m, n, k, alpha, a.data, a.cols, b.data, b.cols, beta, c.data, c.cols);
  }

  /** {@code y = x · w + 1 bᵀ}: x {@code [n, in]}, w {@code [in, out]}, b {@code [1, out]}, y {@code [n, out]}. */
  public static void affine(Tensor x, Tensor w, Tensor b, Tensor y) {
    if (x.cols != w.rows || b.rows != 1 || b.cols != w.cols || y.rows != x.rows || y.cols != w.cols) {
      throw new IllegalArgumentException("affine: x" + x.shape() + " · w" + w.shape() + " + b" + b.shape() + " does not give y" + y.shape());
    }
    backend.sgemmBias(false, false, x.rows, w.cols, x.cols, x.data, x.cols, w.data, w.cols, b.data, y.data, y.cols);
  }

  /**
   * Runs {@code body} with the {@code constant} tensors promised unchanged until it returns,
   * so the backend may keep work derived from them ({@link GemmBackend#withConstantOperands}).
   * The promise holds for every thread: a product anywhere in the process whose operand is one
   * of these tensors may use what was kept, so nothing may write to them meanwhile (no
   * training of the same model on another thread).
   */
  public static void withConstant(Collection<Tensor> constant, Runnable body) {
    backend.withConstantOperands(constant.stream().map(t -> t.data).toList(), body);
  }

  /** {@code a · b} into a new tensor. */
  public static Tensor matmul(Tensor a, Tensor b) {
    Tensor c = Tensor.zeros(a.rows, b.cols);
    gemm(false, false, 1f, a, b, 0f, c);
    return c;
  }
}
