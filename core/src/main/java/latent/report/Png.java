package latent.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import latent.InputException;
import latent.io.AtomicFiles;

/** PNG encoding through the JDK's ImageIO, to bytes or atomically to a file. */
public final class Png {
  static {
    Headless.init();
  }

  private Png() {}

  public static byte[] encode(BufferedImage image) {
    var out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) throw new IllegalStateException("no PNG writer in this JDK");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes {@code image} to {@code file} (temporary name, then renamed), creating the folder. */
  public static void write(BufferedImage image, Path file) {
    write(encode(image), file);
  }

  /** Writes encoded PNG {@code bytes} to {@code file} (temporary name, then renamed), creating the folder. */
  public static void write(byte[] bytes, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
    } catch (IOException e) {
      throw new InputException(file + ": cannot create its folder (" + e.getMessage() + ")");
    }
    AtomicFiles.write(file, out -> out.write(bytes));
  }
}
