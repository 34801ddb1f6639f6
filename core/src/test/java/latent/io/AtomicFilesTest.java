package latent.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: the new content under the target's name, no temporary file left, and the mode any new file gets here. */
class AtomicFilesTest {
  @TempDir Path tmp;

  @Test
  void writesTheContentWithTheUmasksModeAndLeavesNoTemporaryFile() throws Exception {
    Path target = tmp.resolve("a.txt");
    AtomicFiles.writeString(target, "one");
    AtomicFiles.writeString(target, "two");
    assertEquals("two", Files.readString(target));
    try (var files = Files.list(tmp)) {
      assertEquals(List.of(target), files.toList());
    }
    Path plain = Files.createFile(tmp.resolve("plain.txt"));   // what the umask gives a new file (a temporary file would be 600)
    assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)), PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
  }
}
