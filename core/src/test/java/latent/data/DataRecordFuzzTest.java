package latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import latent.Hostile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile inputs for a run's record of its data files, {@code data.json} ({@link FileData#read}):
 * 100,000 seeded mutated files (1 to 3 mutations of the record of a per-column scaling,
 * {@link Hostile#mutate}) and 10,000 files of random bytes. Each must be read, or rejected with
 * one {@link latent.InputException} line naming the file, allocating at most
 * {@link Hostile#SLACK} plus 16 bytes per byte of the file.
 *
 * <p>The oracle: the valid record decodes to the file names, split and ranges written; an
 * accepted mutant decodes to a record that is the same when written and read again, with a
 * held-out fraction in (0, 1) when there is no test file.
 */
class DataRecordFuzzTest {
  static final Path DIR = Hostile.scratchFolder();
  static final Path FILE = DIR.resolve(FileData.FILE);
  static final FileData RECORD = new FileData(Path.of("/data/train.csv"), null, 0.2, 7,
      new Scaling(Scaling.Kind.COLUMNS, new float[] {0f, -1.5f, 2f}, new float[] {1f, 3.5f, 2f}), Storage.MEMORY);
  static final byte[] JSON = RECORD.toJson().getBytes(StandardCharsets.UTF_8);

  @Provide Arbitrary<byte[]> mutants() { return Arbitraries.randomValue(r -> Hostile.mutate(JSON, r)); }
  @Provide Arbitrary<byte[]> randomBytes() { return Arbitraries.bytes().array(byte[].class).ofMaxSize(200); }

  static FileData read(Path f) {
    return FileData.read(f.getParent());
  }

  @Example
  void theValidRecordIsAcceptedAndDecodedToItsValues() {
    FileData d = Hostile.accepted(FILE, JSON, 16, DataRecordFuzzTest::read);
    assertEquals(Path.of("/data/train.csv"), d.train());
    assertNull(d.test());
    assertEquals(0.2, d.testFraction());
    assertEquals(7, d.splitSeed());
    assertEquals(Scaling.Kind.COLUMNS, d.scaling().kind());
    assertArrayEquals(new float[] {0f, -1.5f, 2f}, d.scaling().min());
    assertArrayEquals(new float[] {1f, 3.5f, 2f}, d.scaling().max());
  }

  @Property(tries = 100_000, seed = "6401")
  void mutatedRecords(@ForAll("mutants") byte[] input) {
    Hostile.decode(FILE, input, 16, DataRecordFuzzTest::read).ifPresent(d -> {
      assertTrue(d.test() != null || (d.testFraction() > 0 && d.testFraction() < 1), "held-out fraction " + d.testFraction());
      try {
        Files.writeString(FILE, d.toJson());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      assertEquals(d.toJson(), read(FILE).toJson(), "an accepted record changes when written and read again");
    });
  }

  @Property(tries = 10_000, seed = "6402")
  void randomFiles(@ForAll("randomBytes") byte[] input) {
    Hostile.check(FILE, input, 16, DataRecordFuzzTest::read);
  }
}
