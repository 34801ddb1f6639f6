package latent.data;

import java.util.Locale;

/**
 * Where the training rows of a file dataset live ({@link FileData}): read into memory (a
 * {@link Dataset} with a tensor), or mapped from the {@code .npy} file ({@link MappedNpy}), for
 * data larger than the heap or than one Java array (2^31 values). Both train alike, bit for bit.
 */
public enum Storage {
  MEMORY, MAPPED;

  /** The most bytes of float32 rows held in memory when the storage is chosen by size: a quarter of the heap. */
  static long autoLimit() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  /** {@code memory}, {@code mapped}, or null for {@code auto} (chosen by the file's size). */
  public static Storage parse(String s) {
    String t = s == null ? "auto" : s.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "auto" -> null;
      case "memory" -> MEMORY;
      case "mapped" -> MAPPED;
      default -> throw new latent.InvalidSetting("storage", "expected auto, memory or mapped, got '" + s + "'");
    };
  }

  /** The lowercase name {@link #parse} accepts and {@code data.json} records. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
