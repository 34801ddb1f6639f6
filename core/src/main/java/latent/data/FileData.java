package latent.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import latent.InputException;
import latent.tensor.Tensor;

/**
 * A dataset of the user's own: a numeric matrix in a {@code .npy} or CSV file (one row per
 * example), a test set (a second file, or a seeded random fraction of the first) and the
 * {@link Scaling} fitted on the training rows. A run trained on files records this in its
 * folder as {@value #FILE}, so that evaluation, encoding and scoring read and scale data the
 * same way.
 *
 * @param train        the training file
 * @param test         the test file, or null to hold out {@code testFraction} of the training file
 * @param testFraction the fraction of the training file's rows held out as the test set when
 *                     {@code test} is null (at least one row, leaving at least one)
 * @param splitSeed    seed of the held-out draw ({@link Dataset#split})
 * @param scaling      the scaling, fitted on the training rows
 * @param storage      whether the training rows are read into memory or mapped from the file
 *                     ({@link Storage}); the test rows are always read into memory
 */
public record FileData(Path train, Path test, double testFraction, long splitSeed, Scaling scaling, Storage storage) {
  /** The run folder's record of a file dataset. */
  public static final String FILE = "data.json";
  /** The default held-out fraction when no test file is given. */
  public static final double DEFAULT_TEST_FRACTION = 0.1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A dataset and the record that reproduces it. */
  public record Loaded(FileData spec, TrainTest sets) {}

  /** Whether {@code name} names a matrix file ({@code .npy} or {@code .csv}) rather than a dataset. */
  public static boolean isFile(String name) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return n.endsWith(".npy") || n.endsWith(".csv");
  }

  /**
   * The raw numbers of a {@code .npy} or {@code .csv} file, {@code [rows, values per row]}; an
   * IDX image file (MNIST's, raw or gzip) gives {@code [images, rows·cols]} as byte / 255.
   */
  public static Tensor readMatrix(Path file) {
    String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".npy")) return Npy.read(file);
    if (n.endsWith(".csv")) return CsvMatrix.read(file);
    if (!Files.isDirectory(file) && Idx.looksLike(file)) return Idx.readImages(file);
    throw new InputException(file + ": unknown file type; expected a NumPy .npy file, a .csv file or an IDX image file");
  }

  /**
   * Reads {@code train} (and {@code test}), holds out the test rows, fits {@code kind} on the
   * training rows and scales both parts into [0, 1]. The training rows are read into memory or
   * mapped from the file as {@code storage} says; null chooses by size: a {@code .npy} file whose
   * float32 values would take more than a quarter of the heap is mapped.
   */
  public static Loaded load(Path train, Path test, double testFraction, long splitSeed, Scaling.Kind kind, Storage storage,
                            Consumer<String> log) {
    if (test == null && !(testFraction > 0 && testFraction < 1)) {
      throw new latent.InvalidSetting("testFraction", "expected a number in (0, 1), got " + testFraction);
    }
    Storage where = storage != null ? storage : chooseStorage(train);
    Path trainAbs = train.toAbsolutePath().normalize(), testAbs = test == null ? null : test.toAbsolutePath().normalize();
    FileData spec;
    TrainTest sets;
    if (where == Storage.MAPPED) {
      Mapped m = Mapped.open(train, test, testFraction, splitSeed);
      spec = new FileData(trainAbs, testAbs, testFraction, splitSeed, m.fit(kind, train), Storage.MAPPED);
      sets = spec.mapped(m);
    } else {
      Tensor[] parts = rawParts(train, test, testFraction, splitSeed);
      spec = new FileData(trainAbs, testAbs, testFraction, splitSeed, Scaling.fit(kind, parts[0]), Storage.MEMORY);
      sets = spec.scaled(parts[0], parts[1]);
    }
    log.accept(String.format("loaded %s (%,d training, %,d test rows of %d values, scaled by %s%s)", train, sets.train().size(),
        sets.test().size(), sets.train().dim(), spec.scaling().label(), where == Storage.MAPPED ? ", training rows mapped from the file" : ""));
    return new Loaded(spec, sets);
  }

  /** As above, the storage chosen by size. */
  public static Loaded load(Path train, Path test, double testFraction, long splitSeed, Scaling.Kind kind, Consumer<String> log) {
    return load(train, test, testFraction, splitSeed, kind, null, log);
  }

  /** Mapped when {@code train} is a {@code .npy} file too large for memory ({@link Storage#autoLimit}), else in memory. */
  static Storage chooseStorage(Path train) {
    if (!train.toString().toLowerCase(Locale.ROOT).endsWith(".npy")) return Storage.MEMORY;
    MappedNpy m = MappedNpy.open(train);
    long values = (long) m.rows() * m.cols();
    return values > Npy.MAX_VALUES || 4 * values > Storage.autoLimit() ? Storage.MAPPED : Storage.MEMORY;
  }

  /** The train and test sets this record describes, read again and scaled with the recorded range. */
  public TrainTest load() {
    if (storage == Storage.MAPPED) {
      Mapped m = Mapped.open(train, test, testFraction, splitSeed);
      m.check(scaling, train);   // a file changed since training is refused, as the in-memory path refuses it
      return mapped(m);
    }
    Tensor[] parts = rawParts(train, test, testFraction, splitSeed);
    return scaled(parts[0], parts[1]);
  }

  /**
   * The test set of {@link #load}, reading only the test file where one is recorded (the
   * training file may have moved since); rows held out of the training file need that file
   * (when it is mapped, only they are read).
   */
  public Dataset loadTest() {
    if (test != null) return scaled(null, readMatrix(test)).test();
    return storage == Storage.MAPPED ? scaled(null, Mapped.open(train, null, testFraction, splitSeed).testRaw()).test() : load().test();
  }

  /** The training rows mapped and the test rows in memory. */
  private TrainTest mapped(Mapped m) {
    Dataset tr = new Dataset(stem(train) + "-train", new MappedRows(m.file(), scaling, m.excluded()));
    return new TrainTest(tr, scaled(null, m.testRaw()).test());
  }

  /**
   * A mapped training file: the rows held out for testing (the draw of {@link #splitRows}, whose
   * permutation of every row is the one transient cost per row, 4 bytes) or the test file's, and
   * one pass over the training rows to fit a scaling or check them against one.
   */
  private record Mapped(MappedNpy file, int[] excluded, Tensor testRaw) {
    static Mapped open(Path train, Path test, double testFraction, long splitSeed) {
      if (!train.toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
        throw new InputException(train + ": only a .npy file can be mapped ({storage} mapped); convert a CSV file with 'latent data convert'");
      }
      MappedNpy file = MappedNpy.open(train);
      if (test != null) {
        Tensor testRaw = readMatrix(test);
        if (testRaw.cols != file.cols()) {
          throw new InputException(test + ": " + testRaw.cols + " values per row, but " + train + " has " + file.cols() + "; expected the same");
        }
        return new Mapped(file, new int[0], testRaw);
      }
      int[] held = heldOutRows(file.rows(), heldOut(file.rows(), testFraction, train), splitSeed);
      Tensor testRaw = new Tensor(held.length, file.cols(), new float[Math.multiplyExact(held.length, file.cols())]);
      for (int r = 0; r < held.length; r++) file.read(held[r], testRaw.data, r * file.cols());
      return new Mapped(file, held, testRaw);
    }

    /** The rule {@code kind} fitted on the training rows, which must be finite (and in [0, 1] after a fixed rule). */
    Scaling fit(Scaling.Kind kind, Path train) {
      if (kind == Scaling.Kind.NONE || kind == Scaling.Kind.BYTES) {
        Scaling fixed = new Scaling.Fit(kind, file.cols()).scaling();
        check(fixed, train);
        return fixed;
      }
      Scaling.Fit fit = new Scaling.Fit(kind, file.cols());
      pass(train, (chunk, first) -> fit.add(chunk.data, 0, chunk.rows));
      return fit.scaling();
    }

    /** Refuses a training row that {@code scaling} does not take into [0, 1], as the in-memory path does. */
    void check(Scaling scaling, Path train) {
      pass(train, (chunk, first) -> scaling.apply(chunk, source(train), false, first));
    }

    /** How messages name the training rows: the file, and when rows were held out of it, which. */
    private String source(Path train) {
      return train + (excluded.length > 0 ? " (training rows)" : "");
    }

    /** The training rows, raw, a block at a time in file order, each checked to be finite. */
    private void pass(Path train, java.util.function.ObjLongConsumer<Tensor> block) {
      MappedRows raw = new MappedRows(file, new Scaling.Fit(Scaling.Kind.NONE, file.cols()).scaling(), excluded);
      int chunk = Math.max(1, (1 << 20) / file.cols());
      for (int from = 0; from < raw.size(); from += chunk) {
        int m = Math.min(chunk, raw.size() - from);
        Tensor t = new Tensor(m, file.cols(), new float[m * file.cols()]);
        for (int r = 0; r < m; r++) raw.copy(from + r, t.data, r * file.cols());
        Scaling.requireFinite(t, source(train), from);
        block.accept(t, from);
      }
    }
  }

  /** The unscaled {training, test} rows: {@code test}'s file, or the rows held out of {@code train}'s. */
  private static Tensor[] rawParts(Path train, Path test, double testFraction, long splitSeed) {
    Tensor raw = readMatrix(train);
    if (test == null) return splitRows(raw, heldOut(raw.rows, testFraction, train), splitSeed);
    Tensor testRaw = readMatrix(test);
    if (testRaw.cols != raw.cols) {
      throw new InputException(test + ": " + testRaw.cols + " values per row, but " + train + " has " + raw.cols + "; expected the same");
    }
    return new Tensor[] {raw, testRaw};
  }

  /**
   * Both parts scaled (the training part only when given); test values outside a fitted range
   * are clamped, while under a fixed scale any row outside [0, 1] is bad input, whichever part
   * the split put it in.
   */
  private TrainTest scaled(Tensor trainRaw, Tensor testRaw) {
    Dataset tr = trainRaw == null ? null
        : new Dataset(stem(train) + "-train", scaling.apply(trainRaw, train + (test == null ? " (training rows)" : ""), false).x(), null);
    Path testSource = test != null ? test : train;
    String testName = testSource + (test == null ? " (held-out rows)" : "");
    Dataset te = new Dataset(stem(testSource) + "-test", scaling.apply(testRaw, testName, scaling.fitted()).x(), null);
    return new TrainTest(tr, te);
  }

  private static int heldOut(int rows, double fraction, Path file) {
    int held = (int) Math.max(1, Math.round(rows * fraction));
    if (held >= rows) {
      throw new InputException(file + ": " + rows + " rows; holding out " + held + " for testing leaves none to train on (give a {test} file)");
    }
    return held;
  }

  /**
   * The rows of {@code raw} split as {@link Dataset#split} splits examples: a Fisher–Yates
   * permutation from {@code Xoshiro256(seed)}, its first {@code held} indices held out; each part
   * keeps the file's order. Returns {train, held out}.
   */
  static Tensor[] splitRows(Tensor raw, int held, long seed) {
    int[] out = heldOutRows(raw.rows, held, seed);
    int[] in = new int[raw.rows - held];
    for (int i = 0, o = 0, k = 0; i < raw.rows; i++) {
      if (o < out.length && out[o] == i) o++;
      else in[k++] = i;
    }
    return new Tensor[] {rows(raw, in), rows(raw, out)};
  }

  /** The rows {@link #splitRows} holds out of {@code rows}, ascending. */
  static int[] heldOutRows(int rows, int held, long seed) {
    int[] out = java.util.Arrays.copyOfRange(Dataset.permutation(rows, new latent.random.Xoshiro256(seed)), 0, held);
    java.util.Arrays.sort(out);
    return out;
  }

  private static Tensor rows(Tensor raw, int[] idx) {
    float[] d = new float[idx.length * raw.cols];
    for (int r = 0; r < idx.length; r++) System.arraycopy(raw.data, idx[r] * raw.cols, d, r * raw.cols, raw.cols);
    return new Tensor(idx.length, raw.cols, d);
  }

  private static String stem(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  // ---- the run folder's data.json ---------------------------------------------------------

  /** Whether {@code runDir} was trained on files. */
  public static boolean recordedIn(Path runDir) {
    return Files.isRegularFile(runDir.resolve(FILE));
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("train", train.toString());
    if (test == null) root.putNull("test");
    else root.put("test", test.toString());
    root.put("testFraction", testFraction);
    root.put("splitSeed", splitSeed);
    root.put("scale", scaling.label());
    root.put("storage", storage.label());
    var lo = root.putArray("min");
    for (float v : scaling.min()) lo.add(v);
    var hi = root.putArray("max");
    for (float v : scaling.max()) hi.add(v);
    return root.toPrettyString() + "\n";
  }

  /** Reads {@code runDir/data.json}. */
  public static FileData read(Path runDir) {
    Path p = runDir.resolve(FILE);
    if (!Files.isRegularFile(p)) {
      throw new InputException(runDir + ": no " + FILE + ", the record of the data file and its scaling (written when a run on a data file starts; this run has none)");
    }
    try {
      return parse(Files.readString(p), p.toString());
    } catch (IOException e) {   // unreadable or not UTF-8
      throw new InputException(p + ": not a valid data record (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }

  /** A data record's text, {@code file} naming it in messages. */
  public static FileData parse(String text, String file) {
    JsonNode r;
    try {
      r = JSON.readTree(text);
    } catch (IOException e) {   // not JSON
      throw new InputException(file + ": not a valid data record (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    float[] lo = floats(file, r.path("min"), "min"), hi = floats(file, r.path("max"), "max");
    Path train = path(file, r.path("train"), "train");
    Path test = r.path("test").isNull() || r.path("test").isMissingNode() ? null : path(file, r.path("test"), "test");
    double testFraction = r.path("testFraction").asDouble(DEFAULT_TEST_FRACTION);
    if (test == null && !(testFraction > 0 && testFraction < 1)) {
      throw new InputException(file + ": testFraction " + r.path("testFraction") + ", expected a number in (0, 1)");
    }
    Scaling scaling;
    try {
      scaling = new Scaling(Scaling.parse(r.path("scale").asText("none")), lo, hi);
    } catch (IllegalArgumentException | InputException e) {   // a range that does not fit the rule, or an unknown rule
      throw new InputException(file + ": not a valid data record (" + e.getMessage() + ")");
    }
    Storage storage;
    try {
      storage = Storage.parse(r.path("storage").asText("memory"));
    } catch (InputException e) {
      throw new InputException(file + ": not a valid data record (" + e.getMessage() + ")");
    }
    return new FileData(train, test, testFraction, r.path("splitSeed").asLong(0), scaling, storage == null ? Storage.MEMORY : storage);
  }

  /** The file name {@code a}, which must be text that names a path. */
  private static Path path(String p, JsonNode a, String name) {
    if (!a.isTextual()) throw new InputException(p + ": expected a '" + name + "' file name");
    try {
      return Path.of(a.asText());
    } catch (java.nio.file.InvalidPathException e) {
      throw new InputException(p + ": '" + name + "' is not a file name (" + e.getMessage() + ")");
    }
  }

  /** The array {@code name} of numbers (empty when absent). */
  private static float[] floats(String p, JsonNode a, String name) {
    if (a.isMissingNode()) return new float[0];
    if (!a.isArray()) throw new InputException(p + ": expected '" + name + "' to be an array of numbers");
    float[] v = new float[a.size()];
    for (int i = 0; i < v.length; i++) {
      if (!a.get(i).isNumber()) throw new InputException(p + ": expected '" + name + "' to be an array of numbers, item " + i + " is " + a.get(i));
      v[i] = (float) a.get(i).asDouble();
    }
    return v;
  }
}
