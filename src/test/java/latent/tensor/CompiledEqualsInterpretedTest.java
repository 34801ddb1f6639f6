package latent.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels give the same bits before and after the JIT compiles them, so a run's
 * numbers cannot depend on compilation timing: this process warms them up until they are
 * compiled, a child JVM runs them interpreted only ({@code -Xint}), and the two checksums
 * must agree. (The JDK's own vector {@code EXP} and {@code reduceLanes(ADD)} fail this.)
 */
class CompiledEqualsInterpretedTest {
  /** A checksum of every kernel's output bits over points from −120 to 120. */
  static long checksum() {
    int n = 4000;
    float[] x = new float[n], y = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) (-120 + 240.0 * i / (n - 1) + 1e-3 * Math.sin(i));
    long h = 17;
    Kernels.exp(x, y, 0, n);
    h = mix(h, y);
    Kernels.tanh(x, y, 0, n);
    h = mix(h, y);
    Kernels.sigmoid(x, y, 0, n);
    h = mix(h, y);
    Kernels.softplus(x, y, 0, n);
    h = mix(h, y);
    for (int i = 0; i + 8 <= n; i += 8) h = h * 31 + Float.floatToRawIntBits(Kernels.sumLanes(FloatVector.fromArray(Kernels.S, x, i)));
    return h;
  }

  private static long mix(long h, float[] y) {
    for (float v : y) h = h * 31 + Float.floatToRawIntBits(v);
    return h;
  }

  public static void main(String[] args) {
    System.out.println(checksum());
  }

  @Test
  void kernelsGiveTheSameBitsInterpretedAndCompiled() throws IOException, InterruptedException {
    long compiled = 0;
    for (int i = 0; i < 3000; i++) compiled = checksum();   // well past the JIT's thresholds
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(List.of(java, "-Xint", "--add-modules=jdk.incubator.vector", "-cp",
        System.getProperty("java.class.path"), CompiledEqualsInterpretedTest.class.getName()))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor());
    assertEquals(Long.toString(compiled), out);
  }
}
