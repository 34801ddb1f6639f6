package latent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import latent.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path tmp;

  @Test
  void writeThenReadAnyRank() {
    Path f = tmp.resolve("t.safetensors");
    SafeTensors.write(f, List.of(new SafeTensors.Entry("a", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
        new SafeTensors.Entry("b", new long[] {2}, new float[] {-1, 0.5f}), new SafeTensors.Entry("c", new long[] {}, new float[] {7})),
        Map.of("format", "pt"));
    SafeTensors.Contents c = SafeTensors.read(f);
    assertEquals(List.of("a", "b", "c"), List.copyOf(c.tensors().keySet()));
    assertArrayEquals(new long[] {2, 3}, c.tensors().get("a").shape());
    assertArrayEquals(new float[] {-1, 0.5f}, c.tensors().get("b").data());
    assertArrayEquals(new float[] {7}, c.tensors().get("c").data());
    assertEquals("pt", c.metadata().get("format"));
  }

  @Test
  void damagedFilesAreOneLineNamingTheFile() throws Exception {
    Path good = tmp.resolve("good.safetensors");
    SafeTensors.write(good, List.of(new SafeTensors.Entry("w", new long[] {2, 2}, new float[] {1, 2, 3, 4})), Map.of());
    byte[] bytes = Files.readAllBytes(good);
    assertBad(Arrays.copyOf(bytes, 5), "shorter than its 8-byte header length");
    byte[] hugeHeader = bytes.clone();
    hugeHeader[6] = 1;
    assertBad(hugeHeader, "header length");
    assertBad(edit(bytes, "\"shape\":[2,2]", "\"shape\":[2,3]"), "needs 24 bytes");
    assertBad(edit(bytes, "[0,16]", "[8,24]"), "outside the 16-byte data section");
    assertBad(edit(bytes, "\"F32\"", "\"I32\""), "dtype I32, expected F32");
    assertBad(edit(bytes, "{\"w\"", "[\"w\""), "not valid JSON");
  }

  static byte[] edit(byte[] bytes, String from, String to) {
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    assertTrue(s.contains(from), from);
    return s.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
  }

  void assertBad(byte[] bytes, String expected) throws Exception {
    Path f = tmp.resolve("bad.safetensors");
    Files.write(f, bytes);
    var e = assertThrows(InputException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(expected), "'" + expected + "' missing from: " + e.getMessage());
  }
}
