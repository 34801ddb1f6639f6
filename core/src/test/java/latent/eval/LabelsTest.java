package latent.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import latent.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Anomaly labels from each source, and one line for each kind of bad label file. */
class LabelsTest {
  @TempDir Path tmp;
  static final boolean[] EXPECTED = {false, true, true, false};

  @Test
  void readsIdxCsvColumnsAndLines() throws Exception {
    byte[] idx = ByteBuffer.allocate(12).putInt(0x801).putInt(4).put(new byte[] {3, 5, 9, 3}).array();
    Path raw = Files.write(tmp.resolve("labels-idx1-ubyte"), idx);
    assertArrayEquals(EXPECTED, Labels.read(raw, null, Set.of(3), 4));
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
      z.write(idx);
    }
    assertArrayEquals(EXPECTED, Labels.read(Files.write(tmp.resolve("labels-idx1-ubyte.gz"), gz.toByteArray()), null, Set.of(3), 4));
    Path csv = Files.writeString(tmp.resolve("l.csv"), "a, is_anomaly ,b\n1,0,2\n1,1,2\n\n1,1,2\n1,0,2\n");
    assertArrayEquals(EXPECTED, Labels.read(csv, "is_anomaly", null, 4));
    assertArrayEquals(EXPECTED, Labels.read(Files.writeString(tmp.resolve("l.txt"), "0\n1\n 1\n0\n\n"), null, null, 4));
    assertArrayEquals(EXPECTED, Labels.read(Files.writeString(tmp.resolve("c.txt"), "4\n0\n1\n4\n"), null, Set.of(4, 7), 4));
  }

  @Test
  void badLabelsAreOneLine() throws Exception {
    Path l = Files.writeString(tmp.resolve("l.txt"), "0\n1\n1\n0\n");
    bad(() -> Labels.read(l, null, null, 5), "l.txt", "4 labels for 5 examples");
    bad(() -> Labels.read(Files.writeString(tmp.resolve("two.txt"), "0\n2\n1\n0\n"), null, null, 4), "two.txt", "label 2 is 2");
    bad(() -> Labels.read(Files.writeString(tmp.resolve("word.txt"), "0\nyes\n1\n0\n"), null, null, 4), "word.txt", "line 2", "'yes'");
    bad(() -> Labels.read(Files.writeString(tmp.resolve("none.txt"), "0\n0\n0\n0\n"), null, null, 4), "none.txt", "0 anomalies of 4");
    bad(() -> Labels.read(Files.writeString(tmp.resolve("c.csv"), "a,b\n1,0\n"), "c", null, 1), "c.csv", "no column 'c'");
    bad(() -> Labels.read(Files.writeString(tmp.resolve("r.csv"), "a,b\n1,0\n1\n"), "b", null, 2), "r.csv", "line 3 has 1 fields");
    bad(() -> Labels.read(tmp.resolve("missing.txt"), null, null, 2), "missing.txt", "no such file");
  }

  private static void bad(org.junit.jupiter.api.function.Executable call, String... parts) {
    InputException e = assertThrows(InputException.class, call);
    for (String p : parts) assertTrue(e.getMessage().contains(p), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }
}
