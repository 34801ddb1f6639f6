package latent.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.distributions.Bernoulli;
import latent.distributions.Normal;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels give the same bits before and after the JIT compiles them, so a run's
 * numbers cannot depend on compilation timing: this process warms them up until they are
 * compiled, a child JVM runs them interpreted only ({@code -Xint}), and the two checksums
 * must agree. (The JDK's own vector {@code EXP} and {@code reduceLanes(ADD)} fail this.)
 *
 * <p>Covered: every elementwise kernel and its derivative, the exp and log pieces of the
 * Bernoulli product form, log-sum-exp, column sums and axpy, over 4001 points (not a multiple of
 * the vector length, so every masked tail runs); the GEMM micro-kernel on odd shapes in all four
 * transpose combinations; the Adagrad and Adam updates; the Normal and Bernoulli
 * log-densities with their gradients; the binarization's draws; and the mutual information's
 * log-densities (37 posteriors; a plain loop that C2 vectorizes itself).
 */
class CompiledEqualsInterpretedTest {
  static final int N = 4001;

  /**
   * A checksum of every covered kernel's output bits: over points from −120 to 120 (overflow
   * and underflow), and over the same points divided by 15 in a scrambled order (so the masked
   * tail holds values where no function is flat).
   */
  static long checksum() {
    float[] wide = new float[N], narrow = new float[N], y = new float[N], g = new float[N], d = new float[N];
    for (int i = 0; i < N; i++) {
      wide[i] = (float) (-120 + 240.0 * i / (N - 1) + 1e-3 * Math.sin(i));
      narrow[i] = (float) ((-120 + 240.0 * (i * 1597L % N) / (N - 1)) / 15);   // 4001 is prime: a permutation
      g[i] = (float) Math.cos(0.37 * i);
    }
    long h = 17;
    for (float[] x : List.of(wide, narrow)) h = elementwise(h, x, y, g, d);
    float[] x = wide;
    int lanes = Kernels.S.length();
    for (int i = 0; i + 16 <= N; i += 16) {   // 16 values: one vector of 512 bits, two of 256 added
      FloatVector v = FloatVector.fromArray(Kernels.S, x, i);
      if (lanes == 8) v = v.add(FloatVector.fromArray(Kernels.S, x, i + 8));
      h = h * 31 + Float.floatToRawIntBits(Kernels.sumLanes(v));
    }
    for (int i = 0; i + lanes <= N; i += lanes) {
      FloatVector v = FloatVector.fromArray(Kernels.S, x, i);
      Kernels.expAboveMinus87(v).intoArray(y, i);
      Kernels.logAtLeastOne(v.abs().add(1f)).intoArray(d, i);
    }
    h = mix(mix(h, y), d);
    h = h * 31 + Double.doubleToRawLongBits(Kernels.logSumExp(x, 3, N - 3));
    float[] sums = new float[97];
    Kernels.addColumnSums(g, 41, 97, sums);
    h = mix(h, sums);
    y = g.clone();
    Kernels.axpy(0.7f, narrow, y, N - 9);   // 3,992 values: 8 past a multiple of 16, a whole vector at 256 bits
    h = mix(h, y);
    float[] p = new float[N], bits = new float[N];
    for (int i = 0; i < N; i++) p[i] = (i * 1597L % N) / (float) N;
    latent.data.Binarization.sample(p, 0, bits, 0, N, new latent.random.Xoshiro256(7));
    h = mix(h, bits);
    Tensor loc = new Tensor(37, 5, java.util.Arrays.copyOf(narrow, 185)), logVar = new Tensor(37, 5, java.util.Arrays.copyOfRange(g, 200, 385));
    h = h * 31 + Double.doubleToRawLongBits(latent.model.MutualInformation.estimate(loc, logVar, 3));
    h = optimizer(h, new latent.optim.Adagrad(0.1f, 0.01f), narrow, g);
    h = optimizer(h, new latent.optim.Adam(0.1f, 0.9f, 0.999f, 1e-8f, 0.01f), narrow, g);
    return densities(gemm(h));
  }

  /** Three updates of parameters of 24 to 39 values: at 512 bits 8 to 15 of them would take a scalar loop. */
  private static long optimizer(long h, latent.optim.Optimizer optimizer, float[] x, float[] g) {
    List<latent.nn.Parameter> params = new java.util.ArrayList<>();
    for (int n = 24; n < 40; n++) {
      latent.nn.Parameter p = new latent.nn.Parameter("p" + n, 1, n);
      System.arraycopy(x, n * 40, p.value.data, 0, n);
      params.add(p);
    }
    for (int s = 0; s < 3; s++) {
      for (latent.nn.Parameter p : params) System.arraycopy(g, p.size() * 40 + s, p.grad.data, 0, p.size());   // another gradient each step
      optimizer.step(params);
    }
    for (latent.nn.Parameter p : params) h = mix(h, p.value.data);
    for (float[] state : optimizer.state()) h = mix(h, state);
    return h;
  }

  /** Each elementwise kernel and its derivative (through its output) over {@code x}. */
  private static long elementwise(long h, float[] x, float[] y, float[] g, float[] d) {
    Kernels.exp(x, y, 0, N);
    h = mix(h, y);
    Kernels.tanh(x, y, 0, N);
    Kernels.tanhGrad(g, y, d, 0, N);
    h = mix(mix(h, y), d);
    Kernels.sigmoid(x, y, 0, N);
    Kernels.sigmoidGrad(g, y, d, 0, N);
    h = mix(mix(h, y), d);
    Kernels.softplus(x, y, 0, N);
    Kernels.softplusGrad(g, y, d, 0, N);
    h = mix(mix(h, y), d);
    Kernels.relu(x, y, 0, N);
    Kernels.reluGrad(g, y, d, 0, N);
    return mix(mix(h, y), d);
  }

  /** The micro-kernel and packing on shapes that leave partial tiles in every dimension. */
  private static long gemm(long h) {
    int[][] shapes = {{13, 37, 29}, {67, 45, 70}, {5, 17, 3}, {9, 530, 1100}};   // the last: two K blocks, three column blocks
    for (int[] s : shapes) {
      int m = s[0], n = s[1], k = s[2];
      float[] a = new float[m * k], b = new float[k * n];
      for (int i = 0; i < a.length; i++) a[i] = (float) Math.sin(0.1 * i + m);
      for (int i = 0; i < b.length; i++) b[i] = (float) Math.cos(0.07 * i + n);
      for (int t = 0; t < 4; t++) {
        boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
        float[] c = new float[m * n];
        for (int i = 0; i < c.length; i++) c[i] = 0.01f * i;
        new JavaGemm().sgemm(ta, tb, m, n, k, 0.5f, a, ta ? m : k, b, tb ? k : n, t == 3 ? 0f : 1.5f, c, n);
        h = mix(h, c);
      }
      float[] bias = java.util.Arrays.copyOf(b, n), c = new float[m * n];
      new JavaGemm().sgemmBias(false, false, m, n, k, a, k, b, n, bias, c, n);
      h = mix(h, c);
    }
    return h;
  }

  /**
   * log N(z; μ, σ²) and log Bern(x; σ(l)) per row of 5 × 1949, with their gradients: the
   * Bernoulli's product form spans two groups, the second a block of 16 and a tail of 13 (at
   * 256 bits, a full vector and 5 lanes). The Bernoulli again on 64 × 29, one group of that
   * shape, where the tail's rounding is not lost in a large row sum.
   */
  private static long densities(long h) {
    int rows = 5, cols = 1949;
    float[] a = new float[rows * cols], b = new float[rows * cols], bits = new float[rows * cols];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (4 * Math.sin(0.013 * i));
      b[i] = (float) (2 * Math.cos(0.029 * i));
      bits[i] = (i * 7919) % 3 == 0 ? 1f : 0f;
    }
    Tape tape = new Tape();
    Tensor gl = Tensor.zeros(rows, cols), gm = Tensor.zeros(rows, cols), gv = Tensor.zeros(rows, cols);
    Var logits = tape.param(new Tensor(rows, cols, a.clone()), gl);
    Var bernoulli = new Bernoulli(logits).logProb(new Tensor(rows, cols, bits));
    Var loc = tape.param(new Tensor(rows, cols, a.clone()), gm), logVar = tape.param(new Tensor(rows, cols, b.clone()), gv);
    Var normal = new Normal(loc, logVar).logProb(tape.constant(new Tensor(rows, cols, b.clone())));
    Var small = new Bernoulli(tape.constant(new Tensor(64, 29, java.util.Arrays.copyOf(a, 64 * 29)))).logProb(new Tensor(64, 29, java.util.Arrays.copyOf(bits, 64 * 29)));
    tape.backward(Ops.add(Ops.sum(bernoulli), Ops.sum(normal)));
    return mix(mix(mix(mix(mix(mix(h, bernoulli.value.data), normal.value.data), gl.data), gm.data), gv.data), small.value.data);
  }

  private static long mix(long h, float[] y) {
    for (float v : y) h = h * 31 + Float.floatToRawIntBits(v);
    return h;
  }

  /** Prints the checksum; with an argument, after the vector bits. */
  public static void main(String[] args) {
    System.out.println(args.length > 0 ? VectorWidth.BITS + " " + checksum() : Long.toString(checksum()));
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

  /**
   * Every kernel gives the same bits at both vector widths ({@link VectorWidth}): two child JVMs,
   * one forced to each, compute the checksum (the GEMM's 4×16 and 4×32 register tiles, the
   * elementwise kernels, the sums over 16 lanes and the Bernoulli's grouped sums among the rest).
   * On a machine without AVX-512 the 512-bit child runs the Vector API's portable fallback,
   * slowly but with the same arithmetic.
   */
  @Test
  void everyKernelGivesTheSameBitsAtBothVectorWidths() throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String[] out = new String[2];
    int[] bits = {256, 512};
    for (int w = 0; w < 2; w++) {
      Process p = new ProcessBuilder(List.of(java, "-Dlatent.vectorBits=" + bits[w], "--add-modules=jdk.incubator.vector", "-cp",
          System.getProperty("java.class.path"), CompiledEqualsInterpretedTest.class.getName(), "width"))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      out[w] = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertEquals(0, p.waitFor());
    }
    assertEquals("256 " + out[0].split(" ")[1], out[0]);
    assertEquals("512 " + out[0].split(" ")[1], out[1]);
  }
}
