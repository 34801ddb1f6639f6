package latent.tensor;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The packed B panels of arrays held constant for a while (a model's weights while it is
 * evaluated), each block packed once and shared by every thread instead of packed again for
 * every product: {@link JavaGemm#withConstantOperands}. Packing is deterministic, so a shared
 * block holds exactly what a fresh one would.
 */
final class PackedPanels {
  /** One packed block of op(B)[pc:pc+kc, jc:jc+nc]; {@code b} compares by identity, as arrays do. */
  private record Block(float[] b, boolean transB, int ldb, int pc, int kc, int jc, int nc) {}

  private final float[][] constant;   // never changed after construction, so threads may read it freely
  private final ConcurrentHashMap<Block, float[]> blocks = new ConcurrentHashMap<>();

  PackedPanels(Collection<float[]> arrays) {
    constant = arrays.toArray(float[][]::new);
  }

  /** Whether {@code b} is one of the constant arrays (a model has a few dozen at most: a scan by identity). */
  boolean holds(float[] b) {
    for (float[] c : constant) if (c == b) return true;
    return false;
  }

  /** The packed block, made on first use. */
  float[] block(boolean transB, float[] b, int ldb, int pc, int kc, int jc, int nc) {
    return blocks.computeIfAbsent(new Block(b, transB, ldb, pc, kc, jc, nc),
        key -> JavaGemm.packB(transB, b, ldb, pc, kc, jc, nc, new float[(nc + JavaGemm.NR - 1) / JavaGemm.NR * JavaGemm.NR * kc]));
  }
}
