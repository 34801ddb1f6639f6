package latent.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Hostile inputs for a model's anomaly threshold, {@code threshold.json} ({@link Threshold#read}):
 * 100,000 seeded mutated files (1 to 3 mutations, {@link Hostile#mutate}) and 10,000 files of
 * random bytes. Each must be read, or rejected with one {@link latent.InputException} line naming
 * the file, allocating at most {@link Hostile#SLACK} plus 16 bytes per byte of the file.
 *
 * <p>The oracle: the valid file decodes to the threshold written; an accepted mutant is a
 * threshold with a finite value, a quantile in [0, 1] and k and the count in range, the same
 * when written and read again.
 */
class ThresholdFuzzTest {
  static final Path DIR = Hostile.scratchFolder();
  static final Path FILE = DIR.resolve(Threshold.FILE);
  static final Threshold THRESHOLD = new Threshold(ScoreKind.ELBO, 100, 0.99, 97.25, "/data/held-out.npy", 6000);
  static final byte[] JSON = THRESHOLD.toJson().getBytes(StandardCharsets.UTF_8);

  @Provide Arbitrary<byte[]> mutants() { return Arbitraries.randomValue(r -> Hostile.mutate(JSON, r)); }
  @Provide Arbitrary<byte[]> randomBytes() { return Arbitraries.bytes().array(byte[].class).ofMaxSize(200); }

  static Threshold read(Path f) {
    return Threshold.read(f.getParent()).orElseThrow();
  }

  @Example
  void theValidFileIsAcceptedAndDecodedToItsValues() {
    assertEquals(THRESHOLD, Hostile.accepted(FILE, JSON, 16, ThresholdFuzzTest::read));
  }

  @Property(tries = 100_000, seed = "1801")
  void mutatedFiles(@ForAll("mutants") byte[] input) {
    Hostile.decode(FILE, input, 16, ThresholdFuzzTest::read).ifPresent(t -> {
      assertTrue(Double.isFinite(t.value()) && t.quantile() >= 0 && t.quantile() <= 1 && t.k() >= 1 && t.examples() >= 1, t.toString());
      try {
        Files.writeString(FILE, t.toJson());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      assertEquals(t, read(FILE), "an accepted threshold changes when written and read again");
    });
  }

  @Property(tries = 10_000, seed = "1802")
  void randomFiles(@ForAll("randomBytes") byte[] input) {
    Hostile.check(FILE, input, 16, ThresholdFuzzTest::read);
  }
}
