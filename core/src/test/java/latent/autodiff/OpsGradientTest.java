package latent.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import latent.tensor.Activation;
import latent.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every op's backward rule against central finite differences, on ordinary and odd shapes. */
class OpsGradientTest {
  private static final int[][] SHAPES = {{3, 5}, {1, 7}, {4, 1}, {1, 1}};

  static Tensor random(long seed, int r, int c, double lo, double hi) {
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor t = Tensor.zeros(r, c);
    for (int i = 0; i < t.size(); i++) t.data[i] = (float) (lo + (hi - lo) * rng.nextDouble());
    return t;
  }

  /** Values kept away from relu's and clamp's kinks, where finite differences are meaningless. */
  static Tensor awayFromKinks(long seed, int r, int c) {
    Tensor t = random(seed, r, c, -2, 2);
    for (int i = 0; i < t.size(); i++) if (Math.abs(t.data[i]) < 0.1f || Math.abs(Math.abs(t.data[i]) - 1.5f) < 0.1f) t.data[i] += 0.3f;
    return t;
  }

  record Case(String name, Function<Var[], Var> f, int arity, boolean positive) {}

  static Stream<Arguments> cases() {
    Case[] cases = {
        new Case("add", v -> Ops.add(v[0], v[1]), 2, false),
        new Case("sub", v -> Ops.sub(v[0], v[1]), 2, false),
        new Case("mul", v -> Ops.mul(v[0], v[1]), 2, false),
        new Case("scale", v -> Ops.scale(v[0], -1.7f), 1, false),
        new Case("addScalar", v -> Ops.addScalar(v[0], 0.3f), 1, false),
        new Case("square", v -> Ops.square(v[0]), 1, false),
        new Case("exp", v -> Ops.exp(v[0]), 1, false),
        new Case("log", v -> Ops.log(v[0]), 1, true),
        new Case("tanh", v -> Ops.tanh(v[0]), 1, false),
        new Case("sigmoid", v -> Ops.sigmoid(v[0]), 1, false),
        new Case("softplus", v -> Ops.softplus(v[0]), 1, false),
        new Case("relu", v -> Ops.relu(v[0]), 1, false),
        new Case("clamp", v -> Ops.clamp(v[0], -1.5f, 1.5f), 1, false),
        new Case("sum", v -> Ops.sum(v[0]), 1, false),
        new Case("mean", v -> Ops.mean(v[0]), 1, false),
        new Case("sumColumns", v -> Ops.sumColumns(v[0]), 1, false),
        new Case("logSumExpColumns", v -> Ops.logSumExpColumns(v[0]), 1, false),
        new Case("repeatRows", v -> Ops.repeatRows(v[0], 3), 1, false),
        new Case("reshape", v -> Ops.square(Ops.reshape(v[0], 1, v[0].value.size())), 1, false),
    };
    Stream.Builder<Arguments> b = Stream.builder();
    for (Case c : cases) for (int[] s : SHAPES) b.add(Arguments.of(c.name + " " + s[0] + "x" + s[1], c, s));
    return b.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void elementwiseAndReductionOps(String name, Case c, int[] shape) {
    Tensor[] in = new Tensor[c.arity];
    for (int i = 0; i < c.arity; i++) {
      in[i] = c.positive ? random(10 + i, shape[0], shape[1], 0.5, 2) : awayFromKinks(10 + i, shape[0], shape[1]);
    }
    assertOk(name, GradCheck.defaults().check(c.f, in));
  }

  static Stream<Arguments> shapes() {
    return Stream.of(SHAPES).map(s -> Arguments.of(s[0], s[1]));
  }

  @ParameterizedTest(name = "matmul {0}x{1} · {1}x3")
  @MethodSource("shapes")
  void matmul(int r, int c) {
    assertOk("matmul", GradCheck.defaults().check(v -> Ops.matmul(v[0], v[1]), random(1, r, c, -1, 1), random(2, c, 3, -1, 1)));
  }

  @ParameterizedTest(name = "addRow/mulColumn {0}x{1}")
  @MethodSource("shapes")
  void broadcasting(int r, int c) {
    assertOk("addRow", GradCheck.defaults().check(v -> Ops.addRow(v[0], v[1]), random(1, r, c, -1, 1), random(2, 1, c, -1, 1)));
    assertOk("mulColumn", GradCheck.defaults().check(v -> Ops.mulColumn(v[0], v[1]), random(1, r, c, -1, 1), random(2, r, 1, -1, 1)));
  }

  @ParameterizedTest(name = "linear {0}x{1}")
  @MethodSource("shapes")
  void fusedLinearEveryActivation(int r, int c) {
    for (Activation f : Activation.values()) {
      Tensor x = random(1, r, c, -1, 1), w = random(2, c, 6, -1, 1), b = random(3, 1, 6, -0.5, 0.5);
      if (f == Activation.RELU) {
        // keep pre-activations away from 0
        for (int i = 0; i < b.size(); i++) b.data[i] = i % 2 == 0 ? 3f : -3f;
        for (int i = 0; i < w.size(); i++) w.data[i] *= 0.3f;
      }
      assertOk("linear " + f, GradCheck.defaults().check(v -> Layers.linear(v[0], v[1], v[2], f), x, w, b));
    }
  }

  /** With x as data (no gradient), the layer skips ∂x; ∂W and ∂b must be those of the full check. */
  @org.junit.jupiter.api.Test
  void linearWithDataInputGivesTheSameParameterGradients() {
    Tensor x = random(1, 4, 3, -1, 1), w = random(2, 3, 5, -1, 1), b = random(3, 1, 5, -1, 1);
    Tensor[] withX = gradients(x, w, b, true), withoutX = gradients(x, w, b, false);
    org.junit.jupiter.api.Assertions.assertArrayEquals(withX[0].data, withoutX[0].data);
    org.junit.jupiter.api.Assertions.assertArrayEquals(withX[1].data, withoutX[1].data);
  }

  static Tensor[] gradients(Tensor x, Tensor w, Tensor b, boolean xNeedsGrad) {
    Tape tape = new Tape();
    Tensor gw = Tensor.zeros(w.rows, w.cols), gb = Tensor.zeros(b.rows, b.cols);
    Var xv = xNeedsGrad ? tape.param(x, Tensor.zeros(x.rows, x.cols)) : tape.constant(x);
    tape.backward(Ops.sum(Ops.square(Layers.linear(xv, tape.param(w, gw), tape.param(b, gb), Activation.TANH))));
    return new Tensor[] {gw, gb};
  }

  static void assertOk(String name, GradCheck.Result r) {
    assertTrue(r.ok(), name + ": input " + r.input() + " index " + r.index() + " analytic " + r.analytic() + " numeric " + r.numeric());
  }
}
