package latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on the command line: each case must end with exactly one line on stderr that names
 * the input, exit status 2, and no stack trace.
 */
class BadInputTest {
  @TempDir Path tmp;

  record Outcome(int status, String out, String err) {}

  static Outcome run(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Outcome(status, out.toString(), err.toString());
  }

  static void assertOneLine(Outcome o, String... mustContain) {
    assertEquals(2, o.status(), "exit status; stderr was: " + o.err());
    String[] lines = o.err().strip().split("\n");
    assertEquals(1, lines.length, "expected one line on stderr, got: " + o.err());
    assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), "stack trace leaked: " + o.err());
    for (String s : mustContain) assertTrue(lines[0].contains(s), "'" + s + "' missing from: " + lines[0]);
  }

  /** An IDX header: magic 0x00000803 (unsigned bytes, 3 dimensions) and the sizes. */
  static byte[] imagesHeader(int n, int rows, int cols, int magic) {
    return ByteBuffer.allocate(16).putInt(magic).putInt(n).putInt(rows).putInt(cols).array();
  }

  static byte[] labelsHeader(int n) {
    return ByteBuffer.allocate(8).putInt(0x00000801).putInt(n).array();
  }

  /** A data folder with 3 training and 2 test images of 4×4, with the train images file replaced by {@code trainImages}. */
  Path dataDir(byte[] trainImages) throws IOException {
    Path d = Files.createDirectories(tmp.resolve("data"));
    Files.write(d.resolve("train-images-idx3-ubyte"), trainImages);
    Files.write(d.resolve("train-labels-idx1-ubyte"), concat(labelsHeader(3), new byte[3]));
    Files.write(d.resolve("t10k-images-idx3-ubyte"), concat(imagesHeader(2, 4, 4, 0x803), new byte[32]));
    Files.write(d.resolve("t10k-labels-idx1-ubyte"), concat(labelsHeader(2), new byte[2]));
    return d;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = new byte[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void truncatedIdxFile() throws IOException {
    Path d = dataDir(concat(imagesHeader(3, 4, 4, 0x803), new byte[40]));   // 48 bytes promised
    assertOneLine(run("train", "--data-dir", d.toString(), "--run-dir", tmp.resolve("r").toString()), "train-images-idx3-ubyte", "truncated");
    assertFalse(Files.exists(tmp.resolve("r")), "no run folder for a run that never started");
  }

  @Test
  void wrongMagicNumber() throws IOException {
    Path d = dataDir(concat(imagesHeader(3, 4, 4, 0x12345678), new byte[48]));
    assertOneLine(run("train", "--data-dir", d.toString(), "--run-dir", tmp.resolve("r").toString()), "train-images-idx3-ubyte");
  }

  @Test
  void headerClaimingBillionsOfImages() throws IOException {
    Path d = dataDir(concat(imagesHeader(2_000_000_000, 28, 28, 0x803), new byte[100]));
    long before = usedHeap();
    assertOneLine(run("train", "--data-dir", d.toString(), "--run-dir", tmp.resolve("r").toString()), "train-images-idx3-ubyte");
    // the claim is 1.5 TB; nothing near it may have been allocated (generous 256 MB bound for JIT and GC noise)
    assertTrue(usedHeap() - before < 256L << 20);
  }

  @Test
  void missingFolder() {
    assertOneLine(run("train", "--data-dir", tmp.resolve("nowhere").toString()), "nowhere");
  }

  @Test
  void nonsenseFlagValues() {
    assertOneLine(run("train", "--batch-size", "many"), "--batch-size", "many");
    assertOneLine(run("train", "--optimizer", "rmsprop"), "--optimizer", "rmsprop");
    assertOneLine(run("train", "--preset", "gpt"), "--preset", "gpt");
    assertOneLine(run("train", "--no-such-flag"), "--no-such-flag");
    assertOneLine(run("eval", tmp.resolve("no-run").toString()), "no-run");
    assertOneLine(run("bench", "--gemm", "cuda"), "--gemm", "cuda");
    // checked before any data is read: one line, not a data-loading message first
    assertOneLine(run("train", "--lr", "-3"), "--lr", "-3");
    assertOneLine(run("train", "--activation", "sine"), "--activation", "sine");
    assertOneLine(run("train", "--latent", "0"), "--latent", "0");
    assertOneLine(run("train", "--init", "normal:-1"), "--init", "normal:-1");
    assertOneLine(run("train", "--weight-decay", "-1"), "--weight-decay", "-1");
    assertOneLine(run("train", "--adam-eps", "0"), "--adam-eps");
    assertOneLine(run("train", "--momentum", "1"), "--momentum");
    assertOneLine(run("train", "--threads", "100000"), "--threads", "100000");
    assertOneLine(run("train", "--batch-size", "100", "--k", "100000"), "--batch-size", "--samples");
    assertOneLine(run("train", "--hidden", "10000000"), "--hidden");
    assertOneLine(run("train", "--preset", "iwae", "--stages", "9"), "--stages", "9");
    assertOneLine(run("train", "--estimator", "magic"), "--estimator", "magic");
    assertOneLine(run("train", "--estimator", "dreg"), "--estimator: dreg", "IWAE");
    assertOneLine(run("train", "--estimator", "score-function", "--baseline", "leave-one-out"), "--estimator: score-function/leave-one-out",
        "2 samples");
    assertOneLine(run("train", "--baseline", "learned"), "--baseline", "score-function");
    assertOneLine(run("train", "--estimator", "score-function", "--baseline", "oracle"), "--baseline", "oracle");
    assertOneLine(run("estimators", "toy", "--draws", "1"), "--draws", "1");
    assertOneLine(run("estimators", "measure", tmp.resolve("no-run").toString()), "no-run");
    assertOneLine(run("compare", tmp.resolve("no-run").toString()), "no-run");
    assertOneLine(run("compare", "--labels", "x,y", tmp.resolve("no-run").toString()), "--labels");
  }

  static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
