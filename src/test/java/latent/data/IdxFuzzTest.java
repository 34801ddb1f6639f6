package latent.data;

import java.nio.file.Path;
import latent.Hostile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile inputs for the IDX reader: 100,000 seeded mutated files (40,000 raw image files,
 * 20,000 label files, 40,000 gzip files; 1 to 3 mutations each, {@link Hostile#mutate}) and
 * 10,000 files of random bytes. Each must be read, or rejected with one {@link latent.InputException} line
 * naming the file, allocating at most {@link Hostile#SLACK} plus 5 bytes per byte of a raw file
 * (the payload, and 4 per byte as floats) or {@link Idx#MAX_GZIP_RATIO} + 5 per byte of a gzip
 * file. Seeds are fixed, so every run tries the same inputs. The files live in an in-memory
 * file system.
 */
class IdxFuzzTest {
  static final byte[] IMAGES = IdxFiles.idx(new int[] {5, 4, 4}, IdxFiles.imagePixels(5, 4, 4));
  static final byte[] LABELS = IdxFiles.idx(new int[] {5}, IdxFiles.labelBytes(5));
  static final byte[] GZIP = IdxFiles.gzip(IMAGES);
  static final Path FILE = Hostile.scratchFile("train-images-idx3-ubyte");

  static Arbitrary<byte[]> mutationsOf(byte[] good) {
    return Arbitraries.randomValue(r -> Hostile.mutate(good, r));
  }

  @Provide Arbitrary<byte[]> randomBytes() { return Arbitraries.bytes().array(byte[].class).ofMaxSize(120); }

  @Provide Arbitrary<byte[]> images() { return mutationsOf(IMAGES); }
  @Provide Arbitrary<byte[]> labels() { return mutationsOf(LABELS); }
  @Provide Arbitrary<byte[]> gzip() { return mutationsOf(GZIP); }

  @Property(tries = 40_000, seed = "6001")
  void rawImageFiles(@ForAll("images") byte[] input) {
    Hostile.check(FILE, input, 5, f -> {
      IdxArray a = Idx.read(f);
      if (a.dims().length == 3) Idx.readImages(f);
    });
  }

  @Property(tries = 20_000, seed = "6002")
  void rawLabelFiles(@ForAll("labels") byte[] input) {
    Hostile.check(FILE, input, 5, f -> {
      IdxArray a = Idx.read(f);
      if (a.dims().length == 1) Idx.readLabels(f);
    });
  }

  @Property(tries = 40_000, seed = "6003")
  void gzipFiles(@ForAll("gzip") byte[] input) {
    Hostile.check(FILE, input, Idx.MAX_GZIP_RATIO + 5, Idx::read);
  }

  @Property(tries = 10_000, seed = "6004")
  void randomFiles(@ForAll("randomBytes") byte[] input) {
    Hostile.check(FILE, input, Idx.MAX_GZIP_RATIO + 5, Idx::read);
  }
}
