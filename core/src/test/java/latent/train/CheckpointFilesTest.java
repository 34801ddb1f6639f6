package latent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import latent.InputException;
import latent.io.SafeTensors;
import latent.random.Xoshiro256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two checkpoint generations: checksums, fallback to the previous one, and failed writes. */
class CheckpointFilesTest {
  @TempDir Path tmp;

  static SafeTensors.Contents contents(float first) {
    float[] w = new float[12];
    for (int i = 0; i < w.length; i++) w[i] = first + i;
    return new SafeTensors.Contents(List.of(SafeTensors.Tensor.matrix("encoder.0.weight", 3, 4, w),
        SafeTensors.Tensor.ints("data.permutation", new int[] {2, 0, 1})), Map.of("step", Float.toString(first)));
  }

  static float first(SafeTensors.Contents c) {
    return c.tensors().getFirst().f32()[0];
  }

  @Test
  void roundTripKeepsTensorsAndMetadata() {
    CheckpointFiles.write(tmp, contents(1));
    SafeTensors.Contents c = CheckpointFiles.read(tmp.resolve(CheckpointFiles.LATEST));
    assertEquals(1f, first(c));
    assertArrayEquals(new int[] {2, 0, 1}, c.tensor("data.permutation", "f").i32());
    assertEquals("1.0", c.metadata().get("step"));
    assertFalse(c.metadata().containsKey("sha256"));
  }

  @Test
  void secondWriteKeepsTheFirstAsThePreviousGeneration() throws IOException {
    CheckpointFiles.write(tmp, contents(1));
    CheckpointFiles.write(tmp, contents(2));
    assertEquals(2f, first(CheckpointFiles.read(tmp.resolve(CheckpointFiles.LATEST))));
    assertEquals(1f, first(CheckpointFiles.read(tmp.resolve(CheckpointFiles.PREVIOUS))));
    assertEquals(List.of(CheckpointFiles.PREVIOUS, CheckpointFiles.LATEST), files());
    // both generations get the mode the umask gives a new file, as every other file of a run (not a temporary file's 600)
    String plain = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(tmp.resolve("plain"))));
    for (String f : List.of(CheckpointFiles.PREVIOUS, CheckpointFiles.LATEST)) {
      assertEquals(plain, java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve(f))), f);
    }
  }

  /** Every single flipped byte (one bit of it, at a seeded random position) is caught by the checksum or the layout checks. */
  @Test
  void anyFlippedByteIsRejectedWithOneClearLine() throws IOException {
    CheckpointFiles.write(tmp, contents(1));
    Path f = tmp.resolve(CheckpointFiles.LATEST);
    byte[] good = Files.readAllBytes(f);
    Xoshiro256 rng = new Xoshiro256(6);
    for (int pos = 0; pos < good.length; pos++) {
      byte[] bad = good.clone();
      bad[pos] ^= (byte) (1 << rng.nextInt(8));
      Files.write(f, bad);
      int at = pos;
      InputException e = assertThrows(InputException.class, () -> CheckpointFiles.read(f), "flipped byte " + at);
      assertTrue(e.getMessage().startsWith(f.toString()) && !e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void damagedLatestFallsBackToThePreviousWithAMessage() throws IOException {
    CheckpointFiles.write(tmp, contents(1));
    CheckpointFiles.write(tmp, contents(2));
    Path latest = tmp.resolve(CheckpointFiles.LATEST);
    byte[] b = Files.readAllBytes(latest);
    b[b.length - 5] ^= 0x10;   // one byte of the tensor data
    Files.write(latest, b);
    List<String> log = new ArrayList<>();
    CheckpointFiles.Loaded l = CheckpointFiles.latest(tmp, log::add);
    assertEquals(tmp.resolve(CheckpointFiles.PREVIOUS), l.file());
    assertEquals(1f, first(l.contents()));
    assertEquals(1, log.size());
    assertTrue(log.getFirst().contains("damaged checkpoint (SHA-256") && log.getFirst().contains("using the previous checkpoint"), log.getFirst());
  }

  @Test
  void bothDamagedIsOneErrorAndNoneIsNull() throws IOException {
    assertNull(CheckpointFiles.latest(tmp, s -> {}));
    CheckpointFiles.write(tmp, contents(1));
    CheckpointFiles.write(tmp, contents(2));
    for (String name : List.of(CheckpointFiles.LATEST, CheckpointFiles.PREVIOUS)) {
      byte[] b = Files.readAllBytes(tmp.resolve(name));
      b[20] ^= 1;
      Files.write(tmp.resolve(name), b);
    }
    InputException e = assertThrows(InputException.class, () -> CheckpointFiles.latest(tmp, s -> {}));
    assertTrue(e.getMessage().startsWith(tmp.resolve(CheckpointFiles.LATEST).toString()), e.getMessage());
  }

  /** A full disk, simulated by a stream that fails after 100 bytes: one clear error, the last good checkpoint intact, no debris. */
  @Test
  void failedWriteKeepsTheLastGoodCheckpoint() {
    CheckpointFiles.write(tmp, contents(1));
    InputException e = assertThrows(InputException.class, () -> CheckpointFiles.write(tmp, contents(2), CheckpointFilesTest::fullAfter100));
    assertEquals(tmp.resolve(CheckpointFiles.LATEST) + ": cannot write the checkpoint (No space left on device); the previous checkpoint is kept",
        e.getMessage());
    assertEquals(1f, first(CheckpointFiles.read(tmp.resolve(CheckpointFiles.LATEST))));
    assertEquals(List.of(CheckpointFiles.LATEST), files(), "no temporary file left behind");
  }

  @Test
  void missingFolderIsOneClearError() {
    Path gone = tmp.resolve("gone");
    InputException e = assertThrows(InputException.class, () -> CheckpointFiles.write(gone, contents(1)));
    assertTrue(e.getMessage().startsWith(gone.resolve(CheckpointFiles.LATEST) + ": cannot write the checkpoint"), e.getMessage());
  }

  static OutputStream fullAfter100(OutputStream out) {
    return new FilterOutputStream(out) {
      long written;

      @Override
      public void write(int b) throws IOException {
        if (++written > 100) throw new IOException("No space left on device");
        super.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        for (int i = 0; i < len; i++) write(b[off + i]);
      }
    };
  }

  List<String> files() {
    try (var s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
