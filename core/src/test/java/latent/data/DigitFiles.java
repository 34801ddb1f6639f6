package latent.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;

/**
 * Small generated 8×8 "digits" for tests: four strokes (a horizontal bar, a vertical bar and the
 * two diagonals) at intensity about 0.9 on a background of about 0.05, with a little noise, as
 * 8-bit grey levels 0..255; and a few anomalies (uniform noise images).
 */
public final class DigitFiles {
  private DigitFiles() {}

  /** {@code n} digits, {@code [n, 64]}, values 0..255 (whole numbers). */
  public static Tensor digits(int n, long seed) {
    Xoshiro256 rng = new Xoshiro256(seed);
    Tensor x = Tensor.zeros(n, 64);
    for (int i = 0; i < n; i++) {
      int c = rng.nextInt(4);
      for (int r = 0; r < 8; r++) {
        for (int col = 0; col < 8; col++) {
          boolean on = switch (c) {
            case 0 -> r == 3 || r == 4;
            case 1 -> col == 3 || col == 4;
            case 2 -> r == col;
            default -> r + col == 7;
          };
          double v = (on ? 0.9 : 0.05) + 0.03 * rng.nextGaussian();
          x.data[i * 64 + r * 8 + col] = Math.round(Math.min(Math.max(v, 0), 1) * 255);
        }
      }
    }
    return x;
  }

  /** {@code n} images of uniform noise, values 0..255: unlike any digit. */
  public static Tensor noise(int n, long seed) {
    Xoshiro256 rng = new Xoshiro256(seed);
    Tensor x = Tensor.zeros(n, 64);
    for (int i = 0; i < x.size(); i++) x.data[i] = rng.nextInt(256);
    return x;
  }

  /** The rows of {@code a} then those of {@code b}. */
  public static Tensor stack(Tensor a, Tensor b) {
    float[] d = new float[a.size() + b.size()];
    System.arraycopy(a.data, 0, d, 0, a.size());
    System.arraycopy(b.data, 0, d, a.size(), b.size());
    return new Tensor(a.rows + b.rows, a.cols, d);
  }

  /** Writes {@code x} as a float32 .npy file with the values divided by {@code divisor}. */
  public static Path npy(Path file, Tensor x, float divisor) throws IOException {
    Tensor y = x.copy();
    for (int i = 0; i < y.size(); i++) y.data[i] /= divisor;
    try (OutputStream out = Files.newOutputStream(file)) {
      Npy.write(out, y);
    }
    return file;
  }

  /** Writes {@code x} as CSV with a header line {@code p0,…,p63}. */
  public static Path csv(Path file, Tensor x) throws IOException {
    List<String> names = new ArrayList<>();
    for (int j = 0; j < x.cols; j++) names.add("p" + j);
    try (OutputStream out = Files.newOutputStream(file)) {
      CsvMatrix.write(out, names, x);
    }
    return file;
  }
}
