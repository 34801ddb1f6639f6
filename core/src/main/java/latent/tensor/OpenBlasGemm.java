package latent.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import latent.InputException;

/**
 * The optional native backend: OpenBLAS's {@code cblas_sgemm} called through the Foreign
 * Function and Memory API directly on the Java heap arrays (a critical downcall, no copies).
 * Used when chosen with {@code -Dlatent.gemm=openblas} or {@code --gemm openblas} and the
 * system has the library (Debian: {@code libopenblas0}).
 */
public final class OpenBlasGemm implements GemmBackend {
  private static final int ROW_MAJOR = 101;
  private static final int NO_TRANS = 111;
  private static final int TRANS = 112;
  private static final List<String> LIBRARIES = List.of(
      "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
      "/usr/lib/aarch64-linux-gnu/libopenblas.so.0",
      "/usr/lib64/libopenblas.so.0",
      "/usr/local/lib/libopenblas.so.0",
      "/opt/homebrew/opt/openblas/lib/libopenblas.dylib");

  private final MethodHandle sgemm;
  private final MethodHandle setThreads;

  private OpenBlasGemm(SymbolLookup lib) {
    Linker linker = Linker.nativeLinker();
    ValueLayout.OfInt i = ValueLayout.JAVA_INT;
    ValueLayout.OfFloat f = ValueLayout.JAVA_FLOAT;
    sgemm = linker.downcallHandle(lib.find("cblas_sgemm").orElseThrow(),
        FunctionDescriptor.ofVoid(i, i, i, i, i, i, f, ValueLayout.ADDRESS, i, ValueLayout.ADDRESS, i, f, ValueLayout.ADDRESS, i),
        Linker.Option.critical(true));
    setThreads = lib.find("openblas_set_num_threads")
        .map(s -> linker.downcallHandle(s, FunctionDescriptor.ofVoid(i)))
        .orElse(null);
  }

  /**
   * The OpenBLAS backend, or empty when the library is not installed (the system property
   * {@code latent.openblas.path} names another file). A file that is there but cannot be used
   * as OpenBLAS is bad input, not absence: one line naming it.
   */
  public static Optional<OpenBlasGemm> load() {
    String override = System.getProperty("latent.openblas.path");
    List<String> paths = override != null ? List.of(override) : LIBRARIES;
    for (String p : paths) {
      if (Files.isReadable(Path.of(p))) return Optional.of(bind(Path.of(p)));
    }
    return Optional.empty();
  }

  private static OpenBlasGemm bind(Path library) {
    try {
      return new OpenBlasGemm(SymbolLookup.libraryLookup(library, Arena.global()));
    } catch (IllegalArgumentException e) {   // what libraryLookup throws for a file it cannot load
      throw new InputException(library + ": cannot be loaded as a shared library (" + e.getMessage() + ")");
    } catch (java.util.NoSuchElementException e) {   // loaded, but without cblas_sgemm
      throw new InputException(library + ": has no cblas_sgemm; expected OpenBLAS");
    }
  }

  @Override
  public String name() {
    return "openblas";
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                    float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
    if (m == 0 || n == 0) return;
    try {
      if (setThreads != null) setThreads.invokeExact(Parallel.available());
      sgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
          alpha, MemorySegment.ofArray(a), Math.max(1, lda), MemorySegment.ofArray(b), Math.max(1, ldb),
          beta, MemorySegment.ofArray(c), Math.max(1, ldc));
    } catch (Throwable e) {
      throw new IllegalStateException("cblas_sgemm failed", e);
    }
  }
}
