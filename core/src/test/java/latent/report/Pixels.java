package latent.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Measurements of rendered figures, for the tests' "not blank" checks. */
final class Pixels {
  private Pixels() {}

  static BufferedImage read(Path png) {
    try {
      BufferedImage img = ImageIO.read(png.toFile());
      if (img == null) throw new AssertionError(png + ": not a readable image");
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Luminance 0..255 of pixel (x, y). */
  static double luma(BufferedImage img, int x, int y) {
    int rgb = img.getRGB(x, y);
    return 0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) + 0.114 * (rgb & 255);
  }

  /**
   * The variance of the luminance over the tiles of an {@link ImageGrid} (the gaps left out),
   * so that a grid of identical flat tiles scores 0.
   */
  static double tileVariance(BufferedImage img, ImageShape shape, int scale, int columns, int tiles) {
    int tileH = shape.height() * scale, tileW = shape.width() * scale;
    double sum = 0, sumSq = 0;
    long n = 0;
    for (int t = 0; t < tiles; t++) {
      int top = ImageGrid.GAP + (t / columns) * (tileH + ImageGrid.GAP), left = ImageGrid.GAP + (t % columns) * (tileW + ImageGrid.GAP);
      for (int y = top; y < top + tileH; y++) {
        for (int x = left; x < left + tileW; x++) {
          double v = luma(img, x, y);
          sum += v;
          sumSq += v * v;
          n++;
        }
      }
    }
    double mean = sum / n;
    return sumSq / n - mean * mean;
  }

  /**
   * Pixels whose colour is saturated (largest minus smallest channel above 60 of 255): the
   * data of a chart, whose axes, text and grid are grey.
   */
  static int colourfulPixels(BufferedImage img) {
    int count = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y), r = rgb >> 16 & 255, g = rgb >> 8 & 255, b = rgb & 255;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) count++;
      }
    }
    return count;
  }
}
