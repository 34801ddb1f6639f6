package latent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import latent.InputException;
import latent.io.AtomicFiles;
import latent.tensor.Parallel;
import picocli.CommandLine.Option;

/**
 * Where a {@code latent reproduce} command writes, shared by its subcommands: the folder of the
 * cells' run folders and {@code table.md} (given again, the command resumes there), an optional
 * copy of the table in a document, and the threads the cells train with.
 */
final class TableOutput {
  static final String TABLE = "table.md";

  @Option(names = "--out", paramLabel = "DIR", description = "folder for the cells' run folders and table.md (default runs/reproduce-NAME-DATE); give it again to resume") Path out;
  @Option(names = "--doc", paramLabel = "FILE", description = "also write the table to this Markdown file (e.g. docs/REPRODUCTION.md)") Path doc;
  @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)") int threads = Parallel.CORES;

  /**
   * The folder of experiment {@code name}'s cells: {@code --out}, or a new dated one. A
   * {@code --doc} in a folder that does not exist is refused here, before any training, not
   * when the table is done.
   */
  Path dir(String name) {
    Path parent = doc == null ? null : doc.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) throw new InputException("--doc: no folder " + parent + " to write " + doc.getFileName() + " in");
    return out != null ? out : Path.of("runs", "reproduce-" + name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  /** Writes the table into {@code dir} (and {@code --doc}); returns the line that says where. */
  String write(Path dir, String markdown) {
    AtomicFiles.writeString(dir.resolve(TABLE), markdown);
    if (doc != null) AtomicFiles.writeString(doc, markdown);
    return "written: " + dir.resolve(TABLE) + (doc != null ? " and " + doc : "");
  }
}
