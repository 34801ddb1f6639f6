package latent.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import latent.io.SafeTensors;
import latent.model.Vae;
import latent.model.Weights;
import latent.random.Xoshiro256;

/** The README's promise that no NaN or infinity is ever written to a run's files, as assertions. */
public final class FiniteFiles {
  private FiniteFiles() {}

  /**
   * Text files hold no "NaN" or "Infinity"; every float of every safetensors file is finite and
   * no value of a checkpoint's metadata spells a non-finite number (figures are images, left out).
   */
  public static void assertNoNonFiniteWritten(Path run) throws IOException {
    try (var files = Files.walk(run)) {
      for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".png")).toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith("checkpoint")) {
          assertFiniteCheckpoint(f);
        } else if (name.endsWith(".safetensors")) {
          Vae vae = new Vae(RunFolder.open(run).config().model(), new Xoshiro256(0));
          Weights.load(f, vae.parameters());
          for (var p : vae.parameters()) for (float v : p.value.data) assertTrue(Float.isFinite(v), f + " " + p.name);
        } else {
          String text = Files.readString(f).replaceAll("base64,[A-Za-z0-9+/=]+", "base64,");   // an image's bytes may spell NaN
          assertFalse(text.contains("NaN") || text.contains("Infinity"), f + ":\n" + text);
        }
      }
    }
  }

  /** Every tensor element and every metadata value of a training checkpoint is finite. */
  public static void assertFiniteCheckpoint(Path checkpoint) {
    SafeTensors.Contents c = CheckpointFiles.read(checkpoint);
    for (SafeTensors.Tensor t : c.tensors()) {
      if (t.f32() != null) for (float v : t.f32()) assertTrue(Float.isFinite(v), checkpoint + " " + t.name());
    }
    for (Map.Entry<String, String> e : c.metadata().entrySet()) {
      assertFalse(e.getValue().contains("NaN") || e.getValue().contains("Infinity"), checkpoint + ": " + e.getKey() + " = " + e.getValue());
    }
  }
}
