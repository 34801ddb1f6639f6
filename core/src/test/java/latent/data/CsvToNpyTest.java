package latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import latent.InputException;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming CSV → .npy conversion gives the values the in-memory CSV reader gives, and bad input leaves no file. */
class CsvToNpyTest {
  @TempDir Path tmp;

  @Test
  void convertsToTheValuesTheCsvReaderReads() throws Exception {
    // 40,000 rows of 7 columns (1.1 MB of floats: the 1 MiB buffer drains mid-row-set), a BOM, a header and blank lines
    Xoshiro256 r = new Xoshiro256(3);
    StringBuilder csv = new StringBuilder("\uFEFFa,b,c,d,e,f,g\n");
    for (int i = 0; i < 40_000; i++) {
      for (int c = 0; c < 7; c++) csv.append(c > 0 ? "," : "").append(c == 3 ? Integer.toString(r.nextInt(256)) : Float.toString((float) r.nextGaussian()));
      csv.append(i % 9_999 == 0 ? "\n\n" : "\n");
    }
    Path in = Files.writeString(tmp.resolve("in.csv"), csv);
    long[] seen = {0};
    CsvToNpy.Summary s = CsvToNpy.convert(in, tmp.resolve("out.npy"), (b, size) -> seen[0] = Math.max(seen[0], b));
    assertEquals(new CsvToNpy.Summary(40_000, 7, Files.size(in)), s);
    assertEquals(Files.size(in), seen[0], "the progress reaches the whole file");
    Tensor want = CsvMatrix.read(in), got = Npy.read(tmp.resolve("out.npy"));
    assertEquals(40_000, got.rows);
    assertEquals(7, got.cols);
    assertArrayEquals(want.data, got.data);
    // the header kept the length reserved for any row count: data right after it, nothing after the data
    assertEquals(Npy.header(Long.MAX_VALUE, 7, 0).length + 40_000L * 7 * 4, Files.size(tmp.resolve("out.npy")));
    try (var files = Files.list(tmp)) {
      assertEquals(2, files.count(), "no temporary file left");
    }
  }

  @Test
  void badInputIsOneLineAndLeavesNoFile() throws Exception {
    Path out = tmp.resolve("out.npy");
    for (String[] bad : new String[][] {{"1,2\n3,4\n5\n", "line 3 has 1 fields, expected 2"}, {"1,2\n3,x\n", "line 2, column 2: 'x' is not a finite number"},
        {"a,b\n\n", "no rows of numbers"}, {"1,NaN\n", "'NaN' is not a finite number"}}) {
      Path in = Files.writeString(tmp.resolve("bad.csv"), bad[0]);
      InputException e = assertThrows(InputException.class, () -> CsvToNpy.convert(in, out, (b, size) -> { }));
      assertTrue(e.getMessage().contains(bad[1]) && e.getMessage().startsWith(in.toString()), e.getMessage());
      try (var files = Files.list(tmp)) {
        assertEquals(1, files.count(), "only the input: no output and no temporary file");
      }
    }
    InputException e = assertThrows(InputException.class, () -> CsvToNpy.convert(tmp.resolve("none.csv"), out, (b, size) -> { }));
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }
}
