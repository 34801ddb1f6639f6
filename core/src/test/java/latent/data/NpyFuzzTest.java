package latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import latent.Hostile;
import latent.tensor.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile inputs for the {@code .npy} reader ({@link Npy#read}): 100,000 seeded mutated files
 * (40,000 of a float32 file, 30,000 of a float64 and 30,000 of a uint8 one; 1 to 3 mutations
 * each, {@link Hostile#mutate}) and 10,000 files of random bytes. Each must be read, or
 * rejected with one {@link latent.InputException} line naming the file, allocating at most
 * {@link Hostile#SLACK} plus 8 bytes per byte of the file (a uint8 value becomes a 4-byte
 * float; the reader's buffer is in the slack).
 *
 * <p>The oracle: the three files are accepted and decode to the values written; an accepted
 * mutant decodes to a matrix of {@code rows × cols} values and, when its header is untouched,
 * to exactly the values its data section holds.
 */
class NpyFuzzTest {
  static final Path FILE = Hostile.scratchFile("data.npy");
  static final float[] VALUES = {0.5f, -1f, 3.25f, 1e-3f, 7f, 0f, -2.5f, 100f, 0.125f, 9f, -0.75f, 42f};

  static final byte[] F4 = NpyTest.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", NpyTest.floats(VALUES));
  static final byte[] F8, U1;

  static {
    ByteBuffer d = ByteBuffer.allocate(8 * 6).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 6; i++) d.putDouble(VALUES[i]);
    F8 = NpyTest.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", d.array());
    U1 = NpyTest.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2, 2), }", new byte[] {0, 1, 2, 3, 4, 5, 6, (byte) 255});
  }

  static Arbitrary<byte[]> mutationsOf(byte[] good) {
    return Arbitraries.randomValue(r -> Hostile.mutate(good, r));
  }

  @Provide Arbitrary<byte[]> float32() { return mutationsOf(F4); }
  @Provide Arbitrary<byte[]> float64() { return mutationsOf(F8); }
  @Provide Arbitrary<byte[]> uint8() { return mutationsOf(U1); }
  @Provide Arbitrary<byte[]> randomBytes() { return Arbitraries.bytes().array(byte[].class).ofMaxSize(200); }

  @Example
  void validFilesAreAcceptedAndDecodedToTheirValues() {
    Tensor f4 = Hostile.accepted(FILE, F4, 8, Npy::read);
    assertEquals(3, f4.rows);
    assertEquals(4, f4.cols);
    assertArrayEquals(VALUES, f4.data);
    Tensor f8 = Hostile.accepted(FILE, F8, 8, Npy::read);
    assertEquals(2, f8.rows);
    assertArrayEquals(Arrays.copyOf(VALUES, 6), f8.data);
    Tensor u1 = Hostile.accepted(FILE, U1, 8, Npy::read);
    assertEquals(2, u1.rows);
    assertEquals(4, u1.cols);
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 255}, u1.data);
  }

  /**
   * An accepted file: {@code rows × cols} values; with the seed's own header (the same bytes up
   * to where the data starts, and the same length), exactly the values of its data section.
   */
  static void assertDecodedAsWritten(byte[] seed, int values, int itemSize, byte[] file, Tensor t) {
    assertTrue(t.rows >= 1 && t.cols >= 1 && (long) t.rows * t.cols == t.data.length, t.rows + " × " + t.cols + " for " + t.data.length);
    int dataStart = seed.length - values * itemSize;
    if (file.length != seed.length || !Arrays.equals(file, 0, dataStart, seed, 0, dataStart)) return;
    ByteBuffer b = ByteBuffer.wrap(file, dataStart, file.length - dataStart).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < t.data.length; i++) {
      float want = switch (itemSize) {
        case 4 -> b.getFloat();
        case 8 -> (float) b.getDouble();
        default -> b.get() & 0xFF;
      };
      assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(t.data[i]), "value " + i);
    }
  }

  @Property(tries = 40_000, seed = "6201")
  void float32Files(@ForAll("float32") byte[] input) {
    Hostile.decode(FILE, input, 8, Npy::read).ifPresent(t -> assertDecodedAsWritten(F4, 12, 4, input, t));
  }

  @Property(tries = 30_000, seed = "6202")
  void float64Files(@ForAll("float64") byte[] input) {
    Hostile.decode(FILE, input, 8, Npy::read).ifPresent(t -> assertDecodedAsWritten(F8, 6, 8, input, t));
  }

  @Property(tries = 30_000, seed = "6203")
  void uint8Files(@ForAll("uint8") byte[] input) {
    Hostile.decode(FILE, input, 8, Npy::read).ifPresent(t -> assertDecodedAsWritten(U1, 8, 1, input, t));
  }

  @Property(tries = 10_000, seed = "6204")
  void randomFiles(@ForAll("randomBytes") byte[] input) {
    Hostile.check(FILE, input, 8, Npy::read);
  }
}
