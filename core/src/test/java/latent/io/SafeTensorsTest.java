package latent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import latent.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one safetensors codec: layout, fixed order, the seal, and one-line errors. */
class SafeTensorsTest {
  @TempDir Path tmp;

  static final List<SafeTensors.Tensor> TENSORS = List.of(SafeTensors.Tensor.of("a", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
      SafeTensors.Tensor.of("b", new long[] {2}, new float[] {-1, 0.5f}), SafeTensors.Tensor.of("c", new long[] {}, new float[] {7}),
      SafeTensors.Tensor.ints("order", new int[] {2, 0, 1}));

  static byte[] bytes(SafeTensors.Contents c, boolean seal) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SafeTensors.write(out, c, seal);
    return out.toByteArray();
  }

  @Test
  void writeThenReadAnyRank() {
    Path f = tmp.resolve("t.safetensors");
    SafeTensors.write(f, new SafeTensors.Contents(TENSORS, Map.of("format", "pt")));
    SafeTensors.Contents c = SafeTensors.read(f, SafeTensors.Kind.WEIGHTS);
    assertEquals(List.of("a", "b", "c", "order"), c.tensors().stream().map(SafeTensors.Tensor::name).toList());
    assertArrayEquals(new long[] {2, 3}, c.tensor("a").shape());
    assertArrayEquals(new float[] {-1, 0.5f}, c.tensor("b").f32());
    assertArrayEquals(new float[] {7}, c.tensor("c").f32());
    assertArrayEquals(new int[] {2, 0, 1}, c.tensor("order").i32());
    assertEquals(Map.of("format", "pt"), c.metadata());
  }

  /** The same contents give the same bytes, whatever order the metadata was set in. */
  @Test
  void metadataKeysAreWrittenInAFixedOrder() throws Exception {
    Map<String, String> one = new LinkedHashMap<>(), other = new LinkedHashMap<>();
    for (String k : List.of("epoch", "images_seen", "format", "zeta", "alpha")) one.put(k, k + "-value");
    for (String k : List.of("alpha", "zeta", "images_seen", "format", "epoch")) other.put(k, k + "-value");
    for (boolean seal : new boolean[] {false, true}) {
      byte[] a = bytes(new SafeTensors.Contents(TENSORS, one), seal), b = bytes(new SafeTensors.Contents(TENSORS, other), seal);
      assertArrayEquals(a, b, "sealed " + seal);
      String header = new String(a, StandardCharsets.ISO_8859_1);
      assertTrue(header.indexOf("\"alpha\"") < header.indexOf("\"epoch\"") && header.indexOf("\"format\"") < header.indexOf("\"zeta\""), header);
    }
  }

  @Test
  void aSealedFileDetectsAnyChangedByte() throws Exception {
    byte[] good = bytes(new SafeTensors.Contents(TENSORS, Map.of("step", "3")), true);
    SafeTensors.Contents c = SafeTensors.parse(good, "ckpt", SafeTensors.Kind.CHECKPOINT);
    assertEquals(Map.of("step", "3"), c.metadata(), "the checksum is not part of the metadata read");
    for (int at : new int[] {good.length - 1, good.length - 30, 20}) {
      byte[] bad = good.clone();
      bad[at] ^= 1;
      var e = assertThrows(InputException.class, () -> SafeTensors.parse(bad, "ckpt", SafeTensors.Kind.CHECKPOINT));
      assertTrue(e.getMessage().startsWith("ckpt: damaged checkpoint ("), e.getMessage());
    }
    byte[] unsealed = bytes(new SafeTensors.Contents(TENSORS, Map.of("step", "3")), false);
    var e = assertThrows(InputException.class, () -> SafeTensors.parse(unsealed, "ckpt", SafeTensors.Kind.CHECKPOINT));
    assertEquals("ckpt: damaged checkpoint (no SHA-256 checksum in its metadata)", e.getMessage());
  }

  /** A tensor of a dtype latent does not read keeps its name, dtype and shape, so a caller can say what it expected. */
  @Test
  void otherDtypesAreKeptWithoutValues() throws Exception {
    byte[] f16 = edit(bytes(new SafeTensors.Contents(TENSORS.subList(0, 1), Map.of()), false), "\"F32\"", "\"F16\"");
    SafeTensors.Tensor t = SafeTensors.parse(f16, "f", SafeTensors.Kind.WEIGHTS).tensor("a");
    assertEquals("F16", t.dtype());
    assertEquals("[2,3]", t.shapeText());
    assertNull(t.f32());
  }

  @Test
  void damagedFilesAreOneLineNamingTheFile() throws Exception {
    byte[] bytes = bytes(new SafeTensors.Contents(List.of(SafeTensors.Tensor.of("w", new long[] {2, 2}, new float[] {1, 2, 3, 4})), Map.of()), false);
    assertBad(Arrays.copyOf(bytes, 5), "not a safetensors file (shorter than its 8-byte header length)");
    byte[] hugeHeader = bytes.clone();
    hugeHeader[6] = 1;
    assertBad(hugeHeader, "not a safetensors file (header length");
    byte[] wrongSize = edit(bytes, "\"shape\":[2,2]", "\"shape\":[2,3]");
    SafeTensors.Tensor t = SafeTensors.parse(wrongSize, "f", SafeTensors.Kind.WEIGHTS).tensor("w");
    var e = assertThrows(InputException.class, () -> t.floats("f"));
    assertEquals("f: tensor w of shape [2,3] needs 24 bytes, its data offsets [0,16] give 16", e.getMessage());
    assertBad(edit(bytes, "[0,16]", "[8,24]"), "outside the file's 16-byte data section");
    assertBad(edit(bytes, "\"shape\":[2,2]", "\"shape\":[2.5,2]"), "beyond the file");
    assertBad(edit(bytes, "{\"w\"", "[\"w\""), "safetensors header is not valid JSON");
  }

  static byte[] edit(byte[] bytes, String from, String to) {
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    assertTrue(s.contains(from), from);
    return s.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
  }

  void assertBad(byte[] bytes, String expected) throws Exception {
    Path f = tmp.resolve("bad.safetensors");
    Files.write(f, bytes);
    var e = assertThrows(InputException.class, () -> SafeTensors.read(f, SafeTensors.Kind.WEIGHTS));
    assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(expected), "'" + expected + "' missing from: " + e.getMessage());
  }
}
