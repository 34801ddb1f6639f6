package latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import latent.InputException;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvMatrixTest {
  @TempDir Path tmp;

  Path file(String text) throws Exception {
    Path p = tmp.resolve("m.csv");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void readsRowsWithOrWithoutAHeader() throws Exception {
    Tensor x = CsvMatrix.read(file("a,b,c\n1,2,3\n 0.5 , -1e-2,7\n\n"));
    assertEquals(2, x.rows);
    assertEquals(3, x.cols);
    assertArrayEquals(new float[] {1, 2, 3, 0.5f, -0.01f, 7}, x.data);
    Tensor y = CsvMatrix.read(file("4\n5\n"));
    assertEquals(2, y.rows);
    assertEquals(1, y.cols);
  }

  /** A spreadsheet's "CSV UTF-8" starts with a byte-order mark; it is not part of the first field. */
  @Test
  void aByteOrderMarkIsSkipped() throws Exception {
    assertArrayEquals(new float[] {1, 2, 3, 4}, CsvMatrix.read(file("\uFEFF1,2\n3,4\n")).data);
    Tensor withHeader = CsvMatrix.read(file("\uFEFFa,b\n3,4\n"));
    assertEquals(1, withHeader.rows);
  }

  @Test
  void writeThenReadIsExact() throws Exception {
    Tensor x = Tensor.of(2, 2, 0.1f, -2.5e-8f, 3e7f, 1f / 3);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CsvMatrix.write(out, List.of("p", "q"), x);
    Tensor back = CsvMatrix.read(file(out.toString()));
    assertArrayEquals(x.data, back.data);
  }

  @Test
  void badFilesAreOneLineNamingLineAndColumn() throws Exception {
    assertBad("1,2,3\n4,5\n", "line 2 has 2 fields, expected 3");
    assertBad("1,2\n3,x\n", "line 2, column 2: 'x' is not a finite number");
    assertBad("1,2\n3,NaN\n", "'NaN' is not a finite number");
    assertBad("1,2\n3,Infinity\n", "not a finite number");
    assertBad("1,2\n3,\n", "'' is not a finite number");
    assertBad("a,b\n", "no rows of numbers");
    assertBad("", "no rows of numbers");
    assertBad("a,1\n2,3\n", "line 1, column 1: 'a'");
    // the same rule for a number in the header check and in the rows: decimal only
    assertBad("1,2\n3,0x1p3\n", "'0x1p3' is not a finite number");
    assertBad("1,2\n3,4f\n", "'4f' is not a finite number");
  }

  void assertBad(String text, String expected) throws Exception {
    Path p = file(text);
    var e = assertThrows(InputException.class, () -> CsvMatrix.read(p));
    assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), "'" + expected + "' missing from: " + e.getMessage());
  }
}
