package latent.train;

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
import latent.model.DecoderType;
import latent.model.ModelConfig;
import latent.model.Vae;
import latent.nn.Init;
import latent.random.Xoshiro256;
import latent.tensor.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path tmp;

  static Vae vae(long seed) {
    return new Vae(ModelConfig.of(7, List.of(5), 3, Activation.TANH, DecoderType.GAUSSIAN, new Init.GlorotUniform()), new Xoshiro256(seed));
  }

  @Test
  void roundTripRestoresEveryParameter() {
    Vae a = vae(1), b = vae(2);
    Path f = tmp.resolve("m.safetensors");
    Checkpoint.save(f, a.parameters(), Map.of("epoch", "3"));
    assertEquals("3", Checkpoint.load(f, b.parameters()).get("epoch"));
    for (int i = 0; i < a.parameters().size(); i++) {
      assertArrayEquals(a.parameters().get(i).value.data, b.parameters().get(i).value.data);
    }
    assertEquals(false, Files.exists(tmp.resolve("m.safetensors.tmp")));
  }

  @Test
  void headerFollowsTheSafetensorsLayout() throws Exception {
    Vae a = vae(1);
    Path f = tmp.resolve("m.safetensors");
    Checkpoint.save(f, a.parameters(), Map.of());
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
    Checkpoint.save(f, vae(1).parameters(), Map.of());
    Vae other = new Vae(ModelConfig.of(7, List.of(6), 3, Activation.TANH, DecoderType.GAUSSIAN, new Init.GlorotUniform()), new Xoshiro256(1));
    var e = assertThrows(InputException.class, () -> Checkpoint.load(f, other.parameters()));
    assertEquals(true, e.getMessage().contains("encoder.0.weight"), e.getMessage());
  }
}
