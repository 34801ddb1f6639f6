package latent.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector width of every kernel: 512 bits where the machine's preferred vectors are that
 * wide (AVX-512), else 256; the system property {@code latent.vectorBits} (256 or 512)
 * overrides it. Results do not depend on it: every kernel gives the same bits at both widths
 * (a test compares them in child JVMs), since elementwise work is the same per lane and sums
 * over lanes are taken as if over 16 lanes, one 512-bit vector or two 256-bit ones.
 */
public final class VectorWidth {
  /** 512 or 256. */
  public static final int BITS = Integer.getInteger("latent.vectorBits", Math.min(512, FloatVector.SPECIES_PREFERRED.vectorBitSize())) >= 512 ? 512 : 256;
  /** Float lanes of {@link #BITS}: 16 or 8. A static final, so the JIT sees a constant species and keeps vectors in registers. */
  public static final VectorSpecies<Float> FLOATS = BITS == 512 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
  /** Float lanes at 256 bits (8): where the narrower width's vectors end, a kernel's scalar tail begins at either width. */
  public static final int LANES_256 = FloatVector.SPECIES_256.length();
  /** Float lanes at 512 bits (16): sums over lanes are taken over this many, and work is split in multiples of it. */
  public static final int LANES_512 = FloatVector.SPECIES_512.length();

  private VectorWidth() {}
}
