package latent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ImageGridTest {
  @Test
  void tilesRowsWithGapsAndScaledPixels() {
    // three 1×2 images in two columns: [0, 1], [0.5, 2 (clamped to 1)], [NaN (drawn 0), −1 (clamped to 0)]
    Tensor images = Tensor.of(3, 2, 0f, 1f, 0.5f, 2f, Float.NaN, -1f);
    BufferedImage img = ImageGrid.of(images, new ImageShape(1, 2), 2, 3);
    int g = ImageGrid.GAP, tileW = 2 * 3, tileH = 3;
    assertEquals(2 * tileW + 3 * g, img.getWidth());
    assertEquals(2 * tileH + 3 * g, img.getHeight());
    var r = img.getRaster();
    assertEquals(128, r.getSample(0, 0, 0), "gap");
    assertEquals(0, r.getSample(g, g, 0));
    assertEquals(255, r.getSample(g + 3, g + 2, 0), "second pixel of the first image, scaled 3×");
    assertEquals(128, r.getSample(g + tileW + g + 1, g, 0), "0.5 → 128");
    assertEquals(255, r.getSample(g + tileW + g + 3, g, 0));
    assertEquals(0, r.getSample(g, g + tileH + g, 0), "third image starts the second row");
    assertEquals(0, r.getSample(g + 5, g + tileH + g + 2, 0));
    assertEquals(128, r.getSample(g + tileW + g + 1, g + tileH + g + 1, 0), "the empty fourth tile stays gap grey");
  }

  @Test
  void scaleMakesTilesAboutTheTargetSize() {
    assertEquals(1, ImageGrid.scaleFor(new ImageShape(28, 28), 28));
    assertEquals(4, ImageGrid.scaleFor(new ImageShape(8, 8), 28));
    assertEquals(1, ImageGrid.scaleFor(new ImageShape(1, 500), 28));
  }
}
