package latent.data;

/**
 * The contents of an IDX file of unsigned bytes: its sizes {@code dims = [n_1, …, n_d]} and its
 * values in row-major order (last index fastest), so value {@code (i_1, …, i_d)} lives at
 * {@code data[((i_1 · n_2 + i_2) · n_3 + i_3) …]}. Bytes are unsigned: read them as
 * {@code data[k] & 0xFF}.
 *
 * @param dims the sizes from the header, 1 to 4 of them, each non-negative
 * @param data the payload, {@code Π n_i} bytes
 */
public record IdxArray(int[] dims, byte[] data) {
  /** The first size: the number of items (images or labels). */
  public int count() {
    return dims[0];
  }

  /** Number of bytes per item: the product of all sizes after the first. */
  public int itemSize() {
    int s = 1;
    for (int i = 1; i < dims.length; i++) s *= dims[i];
    return s;
  }
}
