package latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import latent.InputException;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy files built byte by byte from the format's description, as numpy.save writes them. */
class NpyTest {
  @TempDir Path tmp;

  /** A version-1.0 file: magic, version, uint16 header length, the dict padded to 64 bytes, then {@code data}. */
  static byte[] npy(String dict, byte[] data) {
    int total = (10 + dict.length() + 1 + 63) / 64 * 64;
    String header = dict + " ".repeat(total - 10 - dict.length() - 1) + "\n";
    ByteBuffer b = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
    return b.array();
  }

  static byte[] floats(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) b.putFloat(f);
    return b.array();
  }

  Path file(String name, byte[] bytes) throws Exception {
    Path p = tmp.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void readsFloat32Float64AndUint8() throws Exception {
    Tensor f4 = Npy.read(file("a.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", floats(1, 2, 3, 4, 5, 6.5f))));
    assertEquals(2, f4.rows);
    assertEquals(3, f4.cols);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6.5f}, f4.data);

    ByteBuffer d = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.25).putDouble(-1e-3);
    Tensor f8 = Npy.read(file("b.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", d.array())));
    assertEquals(2, f8.rows);
    assertEquals(1, f8.cols);
    assertArrayEquals(new float[] {0.25f, -1e-3f}, f8.data);

    // a stack of two 2×2 images becomes two rows of four values
    Tensor u1 = Npy.read(file("c.npy", npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2, 2), }", new byte[] {0, 1, 2, 3, 4, 5, 6, (byte) 255})));
    assertEquals(2, u1.rows);
    assertEquals(4, u1.cols);
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 255}, u1.data);
  }

  /** Version 2.0 has a 4-byte header length; the data is the same. */
  @Test
  void readsVersionTwoHeaders() throws Exception {
    byte[] v1 = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", floats(3, 4));
    int h = (v1[8] & 0xFF) | (v1[9] & 0xFF) << 8;
    ByteBuffer b = ByteBuffer.allocate(v1.length + 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put(v1, 0, 6).put((byte) 2).put((byte) 0).putInt(h).put(v1, 10, v1.length - 10);
    assertArrayEquals(new float[] {3, 4}, Npy.read(file("v2.npy", b.array())).data);
  }

  @Test
  void writeThenReadIsExact() throws Exception {
    Tensor x = Tensor.of(3, 2, 0.1f, -2f, 3e7f, Float.MIN_VALUE, 1f, 0f);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.write(out, x);
    byte[] bytes = out.toByteArray();
    int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
    assertEquals(0, (10 + headerLength) % 64, "data aligned to 64 bytes");
    assertTrue(new String(bytes, 10, headerLength, StandardCharsets.US_ASCII).contains("'shape': (3, 2)"));
    Tensor back = Npy.read(file("w.npy", bytes));
    assertEquals(3, back.rows);
    assertArrayEquals(x.data, back.data);
  }

  @Test
  void badFilesAreOneLineNamingTheFile() throws Exception {
    String ok = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
    assertBad(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", floats(1, 2, 3, 4)), "Fortran order");
    assertBad(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }", floats(1, 2, 3, 4)), "dtype '<i4'");
    assertBad(npy("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2), }", floats(1, 2, 3, 4)), "dtype '>f4'");
    assertBad(npy(ok, floats(1, 2, 3)), "truncated");
    assertBad(npy(ok, floats(1, 2, 3, 4, 5)), "trailing bytes");
    assertBad(npy("{'descr': '<f4', 'shape': (2, 2), }", floats(1, 2, 3, 4)), "malformed .npy header");
    assertBad(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4), }", new byte[0]), "holds no values");
    assertBad(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", floats(1)), "scalar");
    assertBad("not numpy at all".getBytes(StandardCharsets.US_ASCII), "not a NumPy .npy file");
    assertBad(new byte[] {(byte) 0x93, 'N', 'U'}, "not a NumPy .npy file");
  }

  /**
   * A header claiming 10¹¹ values (more than memory holds, few enough to map) or 10¹⁵ (more than
   * can be read at all) fails before any allocation, with the heap barely touched.
   */
  @Test
  void hugeClaimedShapeFailsBeforeAllocation() throws Exception {
    Runtime rt = Runtime.getRuntime();
    long before = rt.totalMemory() - rt.freeMemory();
    assertBad(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 1000000), }", floats(1, 2)), "truncated file");
    assertBad(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000, 1000000), }", floats(1, 2)), "more than");
    assertBad(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (500000000, 2), }", floats(1, 2)), "truncated file");   // 10⁹ values would fit, the file is checked first
    long after = rt.totalMemory() - rt.freeMemory();
    assertTrue(after - before < 64L << 20, "heap grew by " + (after - before));
  }

  @Test
  void missingFileAndFolder() {
    var e = assertThrows(InputException.class, () -> Npy.read(tmp.resolve("nope.npy")));
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    e = assertThrows(InputException.class, () -> Npy.read(tmp));
    assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
  }

  /** Bad files are one line naming the file, from the reader and from the mapping alike. */
  void assertBad(byte[] bytes, String expected) throws Exception {
    Path p = file("bad.npy", bytes);
    for (var read : List.<org.junit.jupiter.api.function.Executable>of(() -> Npy.read(p), () -> MappedNpy.open(p))) {
      var e = assertThrows(InputException.class, read);
      assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
      assertTrue(e.getMessage().contains(expected), "'" + expected + "' missing from: " + e.getMessage());
      assertEquals(1, e.getMessage().lines().count());
    }
  }

  /** The mapping reads every dtype as the in-memory reader does, a row at a time. */
  @Test
  void mappedRowsAreTheReadersValues() throws Exception {
    ByteBuffer d = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : new double[] {0.1, -2.5e-3, 7, 1e30, 0.3, -0.0}) d.putDouble(v);
    for (Path p : List.of(file("a.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", floats(1, 2, 3, 4, 5, 6.5f))),
        file("b.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", d.array())),
        file("c.npy", npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2, 2), }", new byte[] {0, 1, 2, 3, 4, 5, 6, (byte) 255})))) {
      Tensor whole = Npy.read(p);
      MappedNpy m = MappedNpy.open(p);
      assertEquals(whole.rows, m.rows());
      assertEquals(whole.cols, m.cols());
      assertArrayEquals(whole.data, m.read(0, m.rows()).data, p.toString());
    }
  }
}
