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

  /**
   * The packages in the order of the data flow, each a stage that may use only the ones before
   * it (siblings on one line use none of each other): files and numbers at the base, then the
   * model, what it is trained for, how, and what is done with it.
   */
  static final List<List<String>> FLOW = List.of(List.of("io", "tensor", "random"), List.of("autodiff", "data"),
      List.of("nn", "distributions"), List.of("model"), List.of("objective"), List.of("optim"), List.of("train"), List.of("eval"),
      List.of("report"), List.of("bench"), List.of("api"), List.of("cli"));

  static int stage(String pkg) {
    for (int i = 0; i < FLOW.size(); i++) if (FLOW.get(i).contains(pkg)) return i;
    throw new AssertionError("package latent." + pkg + " is not in the flow; add it to FLOW and to docs/ARCHITECTURE.md");
  }

  /** Comments (which may name any class) removed; string literals kept, as they never hold a class reference here. */
  static String code(String source) {
    return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
  }

  /** Imports point one way, along the data flow: no package uses one that comes after it. */
  @Test
  void importsFollowTheDataFlow() throws IOException {
    List<String> against = new ArrayList<>();
    Pattern use = Pattern.compile("\\blatent\\.([a-z]+)\\.[A-Z]");
    for (Path f : sources(MAIN)) {
      Path rel = MAIN.relativize(f);
      if (rel.getNameCount() < 2) continue;   // the root package: InputException and InvalidSetting, used by all
      String pkg = rel.getName(0).toString();
      Matcher m = use.matcher(code(Files.readString(f)));
      while (m.find()) {
        if (!m.group(1).equals(pkg) && stage(m.group(1)) >= stage(pkg)) against.add(rel + " uses latent." + m.group(1));
      }
    }
    assertEquals(List.of(), against.stream().distinct().toList(), "uses against the data flow");
  }
}
