package latent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Rules of the code's structure that a reader of the sources can check, checked by reading them. */
class SourceRulesTest {
  static final Path MAIN = Path.of("src/main/java/latent");

  static List<Path> sources(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  /** A string literal, with escaped quotes inside. */
  static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
  /** A command-line flag: two dashes and a letter. */
  static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z]");
  /** Literals that hold another program's flags, not latent's. */
  static final Set<String> OTHER_PROGRAMS = Set.of("--pack-destination");

  /**
   * Only the command line knows its flags: no text outside {@code latent.cli} names one, so a
   * Java API user is told the setting ({@code learningRate}), never a flag they did not type.
   */
  @Test
  void noTextOutsideTheCommandLineNamesAFlag() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path f : sources(MAIN)) {
      if (f.startsWith(MAIN.resolve("cli"))) continue;
      List<String> lines = Files.readAllLines(f);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = LITERAL.matcher(lines.get(i));
        while (m.find()) {
          if (FLAG.matcher(m.group(1)).find() && !OTHER_PROGRAMS.contains(m.group(1))) found.add(f + ":" + (i + 1) + ": " + m.group());
        }
      }
    }
    assertEquals(List.of(), found, "flags named outside latent.cli");
  }
}
