package latent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import latent.data.DigitFiles;
import latent.train.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable example in examples/ is the README's, and it compiles and runs. */
class ExamplesTest {
  static final Path EXAMPLE = Path.of("..", "examples", "QuickStart.java");

  @TempDir Path tmp;

  @Test
  void readmeShowsTheExampleVerbatim() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String example = Files.readString(EXAMPLE);
    assertTrue(readme.contains("```java\n" + example + "```"), "README.md must show examples/QuickStart.java verbatim in a ```java block");
  }

  @Test
  void exampleCompilesAndRuns() throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    String classpath = Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + System.getProperty("java.class.path");
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status = javac.run(null, diagnostics, diagnostics, "-d", classes.toString(), "-classpath", classpath, "-Xlint:all", "-Werror",
        EXAMPLE.toString());
    assertEquals(0, status, "javac: " + diagnostics);

    Path data = DigitFiles.npy(tmp.resolve("digits.npy"), DigitFiles.digits(300, 1), 1f);   // grey levels 0..255 as float32
    Path run = tmp.resolve("run");
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Method main = loader.loadClass("QuickStart").getMethod("main", String[].class);
      System.setOut(new PrintStream(out, true));
      main.invoke(null, (Object) new String[] {data.toString(), run.toString()});
    } finally {
      System.setOut(stdout);
    }
    List<String> lines = out.toString().lines().toList();
    assertTrue(lines.get(0).startsWith("test ELBO "), out.toString());
    assertTrue(lines.get(1).startsWith("60 reconstructions, 8 samples"), out.toString());
    assertTrue(Files.isRegularFile(RunFolder.open(run).model()));
  }
}
