package latent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.distributions.Bernoulli;
import latent.distributions.Normal;
import latent.nn.Parameter;
import latent.optim.Adagrad;
import latent.optim.Adam;
import latent.optim.Optimizer;
import latent.optim.Sgd;
import latent.tensor.Activation;
import latent.tensor.JavaGemm;
import latent.tensor.Parallel;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The same bits on 1, 2, 3 and 4 threads, and on 2 and 3 split unevenly as learned speeds split
 * them, for everything that splits its work over threads:
 * the matrix product (by row or column panels), the activations and their derivatives, the
 * Normal and Bernoulli log-densities and their gradients (split by rows), and the optimizers'
 * updates (split in 8-aligned ranges). Sizes are large enough that each does split (over 2^16
 * elements; a product over its threshold of multiply-adds), and odd, so the ranges end in the
 * middle of a vector. A whole training run is compared in {@code latent.train.TrainerTest}.
 */
class ThreadCountTest {
  /** Thread counts, then splits of 2 and 3 threads in uneven ratios ({@link Parallel#fixSpeeds}): the learned splits' kind. */
  static final int[] THREADS = {1, 2, 3, 4, 2, 3};
  static final double[][] SPEEDS = {{}, {}, {}, {}, {1, 0.29}, {0.5, 1, 0.23}};

  /** Runs {@code f} on each thread count and split and requires every array it returns to be the same, bit for bit. */
  static void sameBits(String what, Supplier<List<float[]>> f) {
    int prev = Parallel.threads();
    try {
      List<float[]> first = null;
      for (int c = 0; c < THREADS.length; c++) {
        int t = THREADS[c];
        Parallel.setThreads(t);
        Parallel.fixSpeeds(SPEEDS[c]);
        List<float[]> got = f.get();
        if (first == null) {
          first = got;
          continue;
        }
        for (int i = 0; i < got.size(); i++) {
          int[] a = bits(first.get(i)), b = bits(got.get(i));
          assertEquals(a.length, b.length, what + ", output " + i);
          for (int e = 0; e < a.length; e++) {
            assertEquals(a[e], b[e], what + ", output " + i + ", element " + e + ", on " + t + " threads split " + Arrays.toString(SPEEDS[c]) + " against 1");
          }
        }
      }
    } finally {
      Parallel.fixSpeeds();
      Parallel.setThreads(prev);
    }
  }

  static int[] bits(float[] x) {
    int[] b = new int[x.length];
    for (int i = 0; i < x.length; i++) b[i] = Float.floatToRawIntBits(x[i]);
    return b;
  }

  static float[] random(long seed, int n, double scale) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) (scale * (r.nextDouble() * 2 - 1));
    return x;
  }

  @Test
  void matrixProducts() {
    int[][] shapes = {{203, 301, 157}, {1000, 50, 200}, {37, 1030, 91}, {129, 129, 1100}};
    for (int[] s : shapes) {
      int m = s[0], n = s[1], k = s[2];
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          float[] a = random(1, m * k, 1), b = random(2, k * n, 1), c0 = random(3, m * n, 1);
          sameBits("sgemm " + Arrays.toString(s) + " ta=" + ta + " tb=" + tb, () -> {
            float[] c = c0.clone();
            new JavaGemm().sgemm(ta, tb, m, n, k, 0.75f, a, ta ? m : k, b, tb ? k : n, -0.5f, c, n);
            return List.of(c);
          });
        }
      }
    }
  }

  @Test
  void activationsAndTheirDerivatives() {
    int n = 100_003;
    for (Activation f : Activation.values()) {
      float[] x = random(4, n, 6), g = random(5, n, 1);
      sameBits(f.name(), () -> {
        float[] y = x.clone(), da = new float[n];
        f.forward(y, n);
        f.backward(g, y, da, n);
        return List.of(y, da);
      });
    }
  }

  @Test
  void logDensitiesAndTheirGradients() {
    int rows = 2001, cols = 37;   // 74,037 elements
    float[] mu = random(6, rows * cols, 2), logVar = random(7, rows * cols, 3), z = random(8, rows * cols, 3);
    float[] x = random(9, rows * cols, 1);
    for (int i = 0; i < x.length; i++) x[i] = x[i] > 0 ? 1 : 0;
    sameBits("Normal.logProb", () -> {
      Tape tape = new Tape();
      Tensor gMu = Tensor.zeros(rows, cols), gLv = Tensor.zeros(rows, cols), gZ = Tensor.zeros(rows, cols);
      Var m = tape.param(new Tensor(rows, cols, mu.clone()), gMu), lv = tape.param(new Tensor(rows, cols, logVar.clone()), gLv);
      Var zv = tape.param(new Tensor(rows, cols, z.clone()), gZ);
      Var out = new Normal(m, lv).logProb(zv);
      tape.backward(Ops.sum(out));
      return List.of(out.value.data.clone(), gMu.data, gLv.data, gZ.data);
    });
    sameBits("Bernoulli.logProb", () -> {
      Tape tape = new Tape();
      Tensor gL = Tensor.zeros(rows, cols);
      Var logits = tape.param(new Tensor(rows, cols, z.clone()), gL);
      Var out = new Bernoulli(logits).logProb(new Tensor(rows, cols, x));
      tape.backward(Ops.sum(out));
      return List.of(out.value.data.clone(), gL.data);
    });
  }

  @Test
  void optimizerUpdates() {
    List<Supplier<Optimizer>> optimizers = List.of(() -> new Adam(1e-3f), () -> new Adagrad(0.02f, 1e-4f), () -> new Sgd(0.1f, 0.9f, 0f));
    for (Supplier<Optimizer> make : optimizers) {
      sameBits(make.get().getClass().getSimpleName(), () -> {
        List<Parameter> params = new ArrayList<>();
        int[] sizes = {300 * 401, 401, 7};
        for (int p = 0; p < sizes.length; p++) {
          Parameter q = new Parameter("p" + p, 1, sizes[p]);
          System.arraycopy(random(10 + p, sizes[p], 1), 0, q.value.data, 0, sizes[p]);
          params.add(q);
        }
        Optimizer opt = make.get();
        for (int step = 0; step < 3; step++) {
          for (int p = 0; p < sizes.length; p++) System.arraycopy(random(20 + 3 * step + p, sizes[p], 1), 0, params.get(p).grad.data, 0, sizes[p]);
          opt.step(params);
        }
        List<float[]> out = new ArrayList<>();
        for (Parameter q : params) out.add(q.value.data);
        out.addAll(opt.state());
        return out;
      });
    }
  }
}
