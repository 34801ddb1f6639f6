package latent.cli;

import latent.InputException;
import latent.tensor.Gemm;
import latent.tensor.JavaGemm;
import latent.tensor.OpenBlasGemm;

/** The {@code --gemm} flag: which matrix-product backend the process uses. */
final class GemmChoice {
  private GemmChoice() {}

  static void apply(String name) {
    switch (name.trim().toLowerCase()) {
      case "java" -> Gemm.use(new JavaGemm());
      case "openblas" -> Gemm.use(OpenBlasGemm.load().orElseThrow(() -> new InputException(
          "--gemm openblas: libopenblas.so.0 not found (Debian: apt-get install libopenblas0)")));
      default -> throw new InputException("--gemm: expected java or openblas, got '" + name + "'");
    }
  }
}
