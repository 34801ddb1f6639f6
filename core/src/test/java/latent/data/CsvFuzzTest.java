package latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import latent.Hostile;
import latent.tensor.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile inputs for the CSV reader ({@link CsvMatrix#read}): 100,000 seeded mutated files (1 to
 * 3 mutations of a file with a header line and four rows, {@link Hostile#mutate}) and 10,000
 * files of random bytes. Each must be read, or rejected with one {@link latent.InputException}
 * line naming the file, allocating at most {@link Hostile#SLACK} plus 64 bytes per byte of the
 * file (it is read twice, a line and its fields at a time).
 *
 * <p>The oracle: the valid file decodes to its numbers, and every accepted mutant decodes to
 * what {@link #reference} (the format's rules, written here) reads in it.
 */
class CsvFuzzTest {
  static final Path FILE = Hostile.scratchFile("data.csv");
  static final byte[] CSV = "x1,x2,x3\n0.5,-1,3.25\n1e-3,7,0\n\n-2.5,+100,.125\n9,-0.75,42\n".getBytes(StandardCharsets.UTF_8);
  static final long FACTOR = 64;

  @Provide Arbitrary<byte[]> mutants() { return Arbitraries.randomValue(r -> Hostile.mutate(CSV, r)); }
  @Provide Arbitrary<byte[]> randomBytes() { return Arbitraries.bytes().array(byte[].class).ofMaxSize(120); }

  @Example
  void theValidFileIsAcceptedAndDecodedToItsNumbers() {
    Tensor t = Hostile.accepted(FILE, CSV, FACTOR, CsvMatrix::read);
    assertEquals(4, t.rows);
    assertEquals(3, t.cols);
    assertArrayEquals(new float[] {0.5f, -1f, 3.25f, 1e-3f, 7f, 0f, -2.5f, 100f, 0.125f, 9f, -0.75f, 42f}, t.data);
  }

  /** A decimal number as a spreadsheet writes it: sign, digits, an optional point and exponent. */
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /**
   * The documented format, read independently of the reader: lines (after a UTF-8 byte-order
   * mark), blank lines skipped, a first line whose fields are all not numbers is a header, then
   * every field a finite decimal number. Only called on files the reader accepted.
   */
  static float[] reference(byte[] file) {
    String text = new String(file, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) text = text.substring(1);
    List<Float> values = new ArrayList<>();
    boolean first = true;
    try (BufferedReader r = new BufferedReader(new StringReader(text))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank()) continue;
        String[] fields = line.split(",", -1);
        if (first) {
          first = false;
          boolean header = true;
          for (String f : fields) header &= !NUMBER.matcher(f.strip()).matches();
          if (header) continue;
        }
        for (String f : fields) values.add(Float.parseFloat(f.strip()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    float[] v = new float[values.size()];
    for (int i = 0; i < v.length; i++) v[i] = values.get(i);
    return v;
  }

  @Property(tries = 100_000, seed = "6301")
  void mutatedFiles(@ForAll("mutants") byte[] input) {
    Hostile.decode(FILE, input, FACTOR, CsvMatrix::read).ifPresent(t -> {
      assertEquals((long) t.rows * t.cols, t.data.length);
      for (float v : t.data) org.junit.jupiter.api.Assertions.assertTrue(Float.isFinite(v), "a non-finite value was accepted");
      assertArrayEquals(reference(input), t.data);
    });
  }

  @Property(tries = 10_000, seed = "6302")
  void randomFiles(@ForAll("randomBytes") byte[] input) {
    Hostile.check(FILE, input, FACTOR, CsvMatrix::read);
  }
}
