package latent.report;

import java.awt.image.BufferedImage;
import latent.tensor.Tensor;

/**
 * Tiles images into one grayscale picture: row i of {@code images} (values in [0, 1], shaped by
 * an {@link ImageShape}) goes to tile (i / columns, i mod columns); each pixel becomes a
 * {@code scale × scale} block, tiles are separated by a {@value #GAP}-pixel mid-grey gap.
 * Values are clamped to [0, 1] and drawn as 255·v (white is 1, as MNIST's ink).
 */
public final class ImageGrid {
  /** Pixels between tiles. */
  public static final int GAP = 2;
  private static final int GAP_GREY = 128;

  private ImageGrid() {}

  public static BufferedImage of(Tensor images, ImageShape shape, int columns, int scale) {
    if (images.cols != shape.size()) {
      throw new IllegalArgumentException("images " + images.shape() + " do not match the shape " + shape.height() + "×" + shape.width());
    }
    if (images.rows == 0 || columns < 1 || scale < 1) throw new IllegalArgumentException("empty grid");
    int rows = (images.rows + columns - 1) / columns;
    int tileH = shape.height() * scale, tileW = shape.width() * scale;
    int height = rows * tileH + (rows + 1) * GAP, width = columns * tileW + (columns + 1) * GAP;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    var raster = img.getRaster();
    for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) raster.setSample(x, y, 0, GAP_GREY);
    for (int i = 0; i < images.rows; i++) {
      int top = GAP + (i / columns) * (tileH + GAP), left = GAP + (i % columns) * (tileW + GAP);
      for (int py = 0; py < shape.height(); py++) {
        for (int px = 0; px < shape.width(); px++) {
          float v = images.data[i * images.cols + py * shape.width() + px];
          int grey = Math.round(255 * Math.min(1f, Math.max(0f, Float.isNaN(v) ? 0f : v)));
          for (int dy = 0; dy < scale; dy++) for (int dx = 0; dx < scale; dx++) raster.setSample(left + px * scale + dx, top + py * scale + dy, 0, grey);
        }
      }
    }
    return img;
  }

  /** A scale that makes tiles of about {@code targetPixels} on a side, at least 1. */
  public static int scaleFor(ImageShape shape, int targetPixels) {
    return Math.max(1, Math.round((float) targetPixels / Math.max(shape.height(), shape.width())));
  }
}
