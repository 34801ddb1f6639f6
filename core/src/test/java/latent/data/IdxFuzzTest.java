package latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import latent.Hostile;
import latent.tensor.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
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
 *
 * <p>The oracle: the unchanged files are accepted and decode to the values written; a raw file
 * that is accepted decodes to its sizes and to exactly the bytes after its header (images to
 * those bytes / 255), so a reader that rejects everything, or accepts a file and returns
 * something else, fails.
 */
class IdxFuzzTest {
  static final byte[] IMAGES = IdxFiles.idx(new int[] {5, 4, 4}, IdxFiles.imagePixels(5, 4, 4));
  static final byte[] LABELS = IdxFiles.idx(new int[] {5}, IdxFiles.labelBytes(5));
  static final byte[] GZIP = IdxFiles.gzip(IMAGES);
  static final Path FILE = Hostile.scratchFile("train-images-idx3-ubyte");

  /** What a raw file decodes to: the array, and the images when it has three sizes (else null). */
  record Read(IdxArray array, Tensor images) {}

  static Read read(Path f) {
    IdxArray a = Idx.read(f);
    return new Read(a, a.dims().length == 3 ? Idx.readImages(f) : null);
  }

  static Arbitrary<byte[]> mutationsOf(byte[] good) {
    return Arbitraries.randomValue(r -> Hostile.mutate(good, r));
  }

  @Provide Arbitrary<byte[]> randomBytes() { return Arbitraries.bytes().array(byte[].class).ofMaxSize(120); }

  @Provide Arbitrary<byte[]> images() { return mutationsOf(IMAGES); }
  @Provide Arbitrary<byte[]> labels() { return mutationsOf(LABELS); }
  @Provide Arbitrary<byte[]> gzip() { return mutationsOf(GZIP); }

  @Example
  void validFilesAreAcceptedAndDecodedToTheirValues() {
    Read images = Hostile.accepted(FILE, IMAGES, 5, IdxFuzzTest::read);
    assertArrayEquals(new int[] {5, 4, 4}, images.array().dims());
    assertEquals(5, images.images().rows);
    assertEquals(16, images.images().cols);
    for (int i = 0; i < 5; i++) {
      for (int k = 0; k < 16; k++) assertEquals((i * 7 + k) / 255f, images.images().data[i * 16 + k], "image " + i + " pixel " + k);
    }
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Hostile.accepted(FILE, LABELS, 5, Idx::readLabels));
    IdxArray unzipped = Hostile.accepted(FILE, GZIP, Idx.MAX_GZIP_RATIO + 5, Idx::read);
    assertArrayEquals(new int[] {5, 4, 4}, unzipped.dims());
    assertArrayEquals(IdxFiles.imagePixels(5, 4, 4), unzipped.data());
  }

  /** An accepted raw file: 1 to 4 sizes whose product is the payload, and the payload is the bytes after the header. */
  static void assertDecodedAsWritten(byte[] file, Read r) {
    int[] dims = r.array().dims();
    assertTrue(dims.length >= 1 && dims.length <= 4, "rank " + dims.length);
    long count = 1;
    for (int d : dims) count *= d;
    assertEquals(count, r.array().data().length, "sizes " + Arrays.toString(dims));
    assertArrayEquals(Arrays.copyOfRange(file, 4 + 4 * dims.length, file.length), r.array().data());
    if (r.images() != null) {
      assertEquals(dims[0], r.images().rows);
      for (int i = 0; i < r.images().size(); i++) assertEquals((r.array().data()[i] & 0xFF) / 255f, r.images().data[i]);
    }
  }

  @Property(tries = 40_000, seed = "6001")
  void rawImageFiles(@ForAll("images") byte[] input) {
    Hostile.decode(FILE, input, 5, IdxFuzzTest::read).ifPresent(r -> assertDecodedAsWritten(input, r));
  }

  @Property(tries = 20_000, seed = "6002")
  void rawLabelFiles(@ForAll("labels") byte[] input) {
    Hostile.decode(FILE, input, 5, IdxFuzzTest::read).ifPresent(r -> {
      assertDecodedAsWritten(input, r);
      if (r.array().dims().length == 1) assertEquals(r.array().data().length, Idx.readLabels(FILE).length);
    });
  }

  @Property(tries = 40_000, seed = "6003")
  void gzipFiles(@ForAll("gzip") byte[] input) {
    Hostile.decode(FILE, input, Idx.MAX_GZIP_RATIO + 5, Idx::read).ifPresent(a -> {
      long count = 1;
      for (int d : a.dims()) count *= d;
      assertEquals(count, a.data().length, "sizes " + Arrays.toString(a.dims()));
    });
  }

  @Property(tries = 10_000, seed = "6004")
  void randomFiles(@ForAll("randomBytes") byte[] input) {
    Hostile.check(FILE, input, Idx.MAX_GZIP_RATIO + 5, Idx::read);
  }
}
