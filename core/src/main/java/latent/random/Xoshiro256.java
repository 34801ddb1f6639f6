package latent.random;

import java.util.random.RandomGenerator;

/**
 * xoshiro256++ (Blackman and Vigna, 2021, "Scrambled linear pseudorandom number generators"),
 * seeded through SplitMix64. Period 2²⁵⁶ − 1; {@link #state()} and {@link #restore} expose the
 * four state words for checkpoints. {@code nextGaussian} is the JDK's ziggurat over this stream.
 */
public final class Xoshiro256 implements RandomGenerator {
  private long s0, s1, s2, s3;

  public Xoshiro256(long seed) {
    long x = seed;
    s0 = splitMix(x += 0x9E3779B97F4A7C15L);
    s1 = splitMix(x += 0x9E3779B97F4A7C15L);
    s2 = splitMix(x += 0x9E3779B97F4A7C15L);
    s3 = splitMix(x + 0x9E3779B97F4A7C15L);
  }

  private static long splitMix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public long nextLong() {
    long result = Long.rotateLeft(s0 + s3, 23) + s0;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /**
   * Fills {@code out[from .. from + n)} with the next {@code n} outputs: the same values as
   * {@code n} calls of {@link #nextLong}, with the state kept in registers meanwhile.
   */
  public void nextLongs(long[] out, int from, int n) {
    java.util.Objects.checkFromIndexSize(from, n, out.length);
    long a = s0, b = s1, c = s2, d = s3;
    for (int i = from; i < from + n; i++) {
      out[i] = Long.rotateLeft(a + d, 23) + a;
      long t = b << 17;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = Long.rotateLeft(d, 45);
    }
    s0 = a;
    s1 = b;
    s2 = c;
    s3 = d;
  }

  /** Uniform in [0, 1) with 24 random bits. */
  @Override
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** An independent generator for stream {@code index}, derived from this one's next output. */
  public Xoshiro256 split(long index) {
    return new Xoshiro256(nextLong() ^ splitMix(index));
  }

  public long[] state() {
    return new long[] {s0, s1, s2, s3};
  }

  public void restore(long[] state) {
    if (state.length != 4) throw new IllegalArgumentException("xoshiro256 state has 4 words, got " + state.length);
    s0 = state[0];
    s1 = state[1];
    s2 = state[2];
    s3 = state[3];
  }
}
