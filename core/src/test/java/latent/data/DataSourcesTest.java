package latent.data;

import static latent.data.IdxFiles.writePair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import latent.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesTest {
  @TempDir Path dir;

  private static void assertMessage(InputException e, String start, String... parts) {
    String m = e.getMessage();
    assertTrue(m.startsWith(start), "message should start with " + start + ": " + m);
    for (String p : parts) assertTrue(m.contains(p), "message should contain '" + p + "': " + m);
  }

  @Test
  void missingFolderSaysWhatWasExpected() {
    Path missing = dir.resolve("no-such-dir");
    InputException e = assertThrows(InputException.class,
        () -> DataSources.load("mnist", missing, s -> {}, dir.resolve("cache"), dir.resolve("fashion")));
    assertMessage(e, missing + ": no such folder", "expected the four IDX files", "train-images-idx3-ubyte");
  }

  @Test
  void fileInsteadOfFolder() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertMessage(assertThrows(InputException.class, () -> DataSources.loadFolder("mnist", file)), file + ": is a file");
  }

  @Test
  void acceptsRawGzipAndDottedNames() {
    writePair(dir, "train-images-idx3-ubyte", "train-labels.idx1-ubyte", 7, 3, 3, false);
    writePair(dir, "t10k-images-idx3-ubyte.gz", "t10k-labels.idx1-ubyte.gz", 4, 3, 3, true);
    List<String> log = new ArrayList<>();
    TrainTest tt = DataSources.load("fashion-mnist", dir, log::add, dir.resolve("cache"), dir.resolve("absent"));
    assertEquals(7, tt.train().size());
    assertEquals(4, tt.test().size());
    assertEquals(9, tt.train().dim());
    assertEquals("fashion-mnist-train", tt.train().name());
    assertEquals("fashion-mnist-test", tt.test().name());
    assertEquals(3, tt.test().labels()[3]);
    assertTrue(log.getFirst().contains(dir.toString()), log.toString());
  }

  /** Scoring needs the test files alone: a folder without training images still gives its test set. */
  @Test
  void theTestSetAloneLeavesTheTrainingFilesUnread() {
    writePair(dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 4, 3, 3, false);
    List<String> log = new ArrayList<>();
    Dataset test = DataSources.loadTest("mnist", dir, log::add);
    assertEquals(4, test.size());
    assertEquals("mnist-test", test.name());
    assertTrue(log.getFirst().contains("4 test images"), log.toString());
    assertMessage(assertThrows(InputException.class, () -> DataSources.loadTest("mnist", dir.resolve("none"), s -> {})), dir.resolve("none") + ": no such folder");
  }

  @Test
  void missingFileIsNamed() {
    writePair(dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", 2, 2, 2, false);
    writePair(dir, "t10k-images-idx3-ubyte", "other-name", 2, 2, 2, false);
    InputException e = assertThrows(InputException.class, () -> DataSources.loadFolder("mnist", dir));
    assertMessage(e, dir + ": no t10k-labels-idx1-ubyte", "expected the four IDX files");
  }

  @Test
  void trainAndTestImageSizesMustAgree() {
    writePair(dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", 2, 2, 2, false);
    writePair(dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 2, 3, 3, false);
    InputException e = assertThrows(InputException.class, () -> DataSources.loadFolder("mnist", dir));
    assertMessage(e, dir.resolve("t10k-images-idx3-ubyte").toString(), "9 pixels", "have 4");
  }

  @Test
  void unknownDatasetName() {
    InputException e = assertThrows(InputException.class,
        () -> DataSources.load("cifar", null, s -> {}, dir, dir));
    assertMessage(e, "dataset 'cifar'", "mnist, fashion-mnist");
  }

  @Test
  void fashionMnistDefaultsToTheDebianFolder() throws Exception {
    Path absent = dir.resolve("usr-share-datasets-fashion-mnist");
    InputException e = assertThrows(InputException.class,
        () -> DataSources.load("fashion-mnist", null, s -> {}, dir.resolve("cache"), absent));
    assertMessage(e, "fashion-mnist: not found in " + absent, "apt-get install dataset-fashion-mnist", "dataDir");

    Files.createDirectories(absent);
    writePair(absent, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", 5, 2, 2, true);
    writePair(absent, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", 2, 2, 2, true);
    TrainTest tt = DataSources.load("Fashion-MNIST", null, s -> {}, dir.resolve("cache"), absent);
    assertEquals(5, tt.train().size());
  }

  @Test
  void mnistComesFromTheCacheWhenPresent() throws Exception {
    Path mnist = Files.createDirectories(dir.resolve("cache/mnist"));
    writePair(mnist, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", 6, 2, 2, false);
    writePair(mnist, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 3, 2, 2, false);
    TrainTest tt = DataSources.load("mnist", null, s -> {}, dir.resolve("cache"), dir.resolve("absent"));
    assertEquals(6, tt.train().size());
    assertEquals(3, tt.test().size());
    assertEquals("mnist-test", tt.test().name());
  }

  @Test
  void cacheFolderPrecedence() {
    assertEquals(Path.of("/data/latent"), DataSources.cacheDir(Map.of("LATENT_DATA", "/data/latent", "XDG_CACHE_HOME", "/xdg"), "/home/u"));
    assertEquals(Path.of("/xdg/latent"), DataSources.cacheDir(Map.of("XDG_CACHE_HOME", "/xdg"), "/home/u"));
    assertEquals(Path.of("/home/u/.cache/latent"), DataSources.cacheDir(Map.of(), "/home/u"));
    assertEquals(Path.of("/home/u/.cache/latent"), DataSources.cacheDir(Map.of("LATENT_DATA", " ", "XDG_CACHE_HOME", ""), "/home/u"));
  }
}
