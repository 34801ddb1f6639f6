package latent.report;

/**
 * How a row of {@code height · width} values is shown as an image (row-major, as IDX stores
 * it). A square shape when the dimension is a perfect square (28×28 for MNIST), else the most
 * nearly square factorisation, so any dimension can be drawn.
 */
public record ImageShape(int height, int width) {
  public ImageShape {
    if (height < 1 || width < 1) throw new IllegalArgumentException("image shape " + height + "×" + width + ": expected positive sides");
  }

  /** height = the largest divisor of {@code dim} not above √dim, width = dim / height. */
  public static ImageShape of(int dim) {
    if (dim < 1) throw new IllegalArgumentException("image of " + dim + " values");
    int h = (int) Math.floor(Math.sqrt(dim));
    while (dim % h != 0) h--;
    return new ImageShape(h, dim / h);
  }

  public int size() {
    return height * width;
  }
}
