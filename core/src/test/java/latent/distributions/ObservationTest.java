package latent.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Function;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.tensor.Parallel;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** logProb with one row of x shared by k rows of parameters equals logProb with x repeated k times. */
class ObservationTest {
  static final Tensor X = Tensor.of(2, 9, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 1, 0, 0);

  static Tensor params(int rows, int cols, float scale, float shift) {
    Tensor t = Tensor.zeros(rows, cols);
    for (int i = 0; i < t.size(); i++) t.data[i] = scale * (float) Math.sin(1.7 * i + shift);
    return t;
  }

  static void assertSharedRowsMatchRepeated(Function<Var, Observation> model) {
    int k = 3;
    Tape tape = new Tape();
    Tensor value = params(X.rows * k, X.cols, 2f, 0.3f), grad = Tensor.zeros(value.rows, value.cols);
    Var p = tape.param(value, grad);
    Var shared = model.apply(p).logProb(X);
    Tensor repeated = Ops.repeatRows(tape.constant(X), k).value;
    Var full = model.apply(p).logProb(repeated);
    assertArrayEquals(full.value.data, shared.value.data, 0f);

    tape.backward(Ops.sum(shared));
    float[] fromShared = grad.data.clone();
    grad.fill(0f);
    Tape tape2 = new Tape();
    Var p2 = tape2.param(value, grad);
    tape2.backward(Ops.sum(model.apply(p2).logProb(Ops.repeatRows(tape2.constant(X), k).value)));
    assertArrayEquals(grad.data, fromShared, 0f);
  }

  @Test
  void bernoulliSharesDataRows() {
    assertSharedRowsMatchRepeated(Bernoulli::new);
  }

  @Test
  void normalSharesDataRows() {
    assertSharedRowsMatchRepeated(v -> new Normal(v, Ops.scale(v, 0.5f)));
  }

  @Test
  void bernoulliSplitOverThreadsEqualsOneThread() {
    // 300 × 784 is above the size where the rows are split over the threads
    Tensor x = params(3, 784, 1f, 1f), logits = params(300, 784, 4f, 0f);
    for (int i = 0; i < x.size(); i++) x.data[i] = x.data[i] > 0 ? 1f : 0f;
    float[][] value = new float[2][], grad = new float[2][];
    int before = Parallel.threads();
    try {
      for (int threads = 1; threads <= 2; threads++) {
        Parallel.setThreads(threads);
        Tape tape = new Tape();
        Tensor g = Tensor.zeros(logits.rows, logits.cols);
        Var lp = new Bernoulli(tape.param(logits, g)).logProb(x);
        tape.backward(Ops.sum(lp));
        value[threads - 1] = lp.value.data.clone();
        grad[threads - 1] = g.data;
      }
    } finally {
      Parallel.setThreads(before);
    }
    assertArrayEquals(value[0], value[1], 0f);
    assertArrayEquals(grad[0], grad[1], 0f);
  }

  @Test
  void rejectsRowsThatDoNotDivide() {
    Tape tape = new Tape();
    Var l = tape.constant(params(5, 9, 1f, 0f));
    assertThrows(IllegalArgumentException.class, () -> new Bernoulli(l).logProb(X));
  }
}
