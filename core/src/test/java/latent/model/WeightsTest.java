package latent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import latent.InputException;
import latent.nn.Init;
import latent.random.Xoshiro256;
import latent.tensor.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsTest {
  @TempDir Path tmp;

  static Vae vae(long seed) {
    return new Vae(ModelConfig.of(7, List.of(5), 3, Activation.TANH, DecoderType.GAUSSIAN, new Init.GlorotUniform()), new Xoshiro256(seed));
  }

  @Test
  void roundTripRestoresEveryParameter() {
    Vae a = vae(1), b = vae(2);
    Path f = tmp.resolve("m.safetensors");
    Weights.save(f, a.parameters(), Map.of("epoch", "3"));
    assertEquals("3", Weights.load(f, b.parameters()).get("epoch"));
    for (int i = 0; i < a.parameters().size(); i++) {
      assertArrayEquals(a.parameters().get(i).value.data, b.parameters().get(i).value.data);
    }
    assertEquals(false, Files.exists(tmp.resolve("m.safetensors.tmp")));
  }

  @Test
  void headerFollowsTheSafetensorsLayout() throws Exception {
    Vae a = vae(1);
    Path f = tmp.resolve("m.safetensors");
    Weights.save(f, a.parameters(), Map.of());
    byte[] bytes = Files.readAllBytes(f);
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, (int) n).strip();
    assertEquals('{', header.charAt(0));
    assertEquals(0, (8 + n) % 8, "data section 8-byte aligned");
    long floats = a.parameterCount();
    assertEquals(8 + n + 4 * floats, bytes.length);
    // first tensor's first value, read straight from the data section
    float first = ByteBuffer.wrap(bytes, (int) (8 + n), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
    assertEquals(a.parameters().get(0).value.data[0], first);
  }

  @Test
  void mismatchedArchitectureIsOneClearError() {
    Path f = tmp.resolve("m.safetensors");
    Weights.save(f, vae(1).parameters(), Map.of());
    Vae other = new Vae(ModelConfig.of(7, List.of(6), 3, Activation.TANH, DecoderType.GAUSSIAN, new Init.GlorotUniform()), new Xoshiro256(1));
    var e = assertThrows(InputException.class, () -> Weights.load(f, other.parameters()));
    assertEquals(true, e.getMessage().contains("encoder.0.weight"), e.getMessage());
  }

  /** Damaged files: each is one InputException naming the file, never another exception. */
  @Test
  void damagedFilesAreRejectedWithOneClearError() throws Exception {
    Vae a = vae(1);
    Path good = tmp.resolve("good.safetensors");
    Weights.save(good, a.parameters(), Map.of());
    byte[] bytes = Files.readAllBytes(good);
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, (int) n);

    java.util.List<byte[]> bad = new java.util.ArrayList<>();
    bad.add(java.util.Arrays.copyOf(bytes, 5));                              // shorter than the length field
    bad.add(java.util.Arrays.copyOf(bytes, bytes.length - 4));               // data cut short
    byte[] longHeader = bytes.clone();
    ByteBuffer.wrap(longHeader, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
    bad.add(longHeader);                                                      // header longer than the file
    bad.add(withHeader(bytes, n, header.replace("\"F32\"", "\"F16\"")));      // wrong dtype
    bad.add(withHeader(bytes, n, header.replaceFirst("\"shape\":\\[(\\d+),(\\d+)\\]", "\"shape\":{\"a\":$1,\"b\":$2}")));
    bad.add(withHeader(bytes, n, header.replaceFirst("\"data_offsets\":\\[0,", "\"data_offsets\":[9223372036854775000,")));
    bad.add(withHeader(bytes, n, "{not json" + " ".repeat((int) n - 9)));
    for (int i = 0; i < bad.size(); i++) {
      Path f = tmp.resolve("bad" + i + ".safetensors");
      Files.write(f, bad.get(i));
      var e = assertThrows(InputException.class, () -> Weights.load(f, vae(2).parameters()), "case " + i);
      assertEquals(true, e.getMessage().startsWith(f.toString()), "case " + i + ": " + e.getMessage());
    }
  }

  /** The file with its JSON header replaced by {@code header}, padded or cut to the same length. */
  static byte[] withHeader(byte[] file, long n, String header) {
    byte[] out = file.clone();
    byte[] h = (header + " ".repeat(Math.max(0, (int) n - header.length()))).substring(0, (int) n).getBytes();
    System.arraycopy(h, 0, out, 8, (int) n);
    return out;
  }
}
