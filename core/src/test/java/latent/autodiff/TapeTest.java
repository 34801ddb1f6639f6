package latent.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import latent.random.Xoshiro256;
import latent.tensor.Activation;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TapeTest {
  @Test
  void gradientsAccumulateWhenAValueIsUsedTwice() {
    Tape tape = new Tape();
    Tensor g = Tensor.zeros(1, 1);
    Var x = tape.param(Tensor.scalar(3f), g);
    // L = x·x + x  →  dL/dx = 2x + 1 = 7
    tape.backward(Ops.add(Ops.mul(x, x), x));
    assertEquals(7f, g.item(), 0f);
    // a second pass accumulates into the parameter's gradient
    tape.reset();
    tape.backward(Ops.scale(tape.param(Tensor.scalar(3f), g), 2f));
    assertEquals(9f, g.item(), 0f);
  }

  @Test
  void constantsRecordNothing() {
    Tape tape = new Tape();
    Var c = tape.constant(Tensor.scalar(2f));
    Var y = Ops.exp(c);
    assertFalse(y.requiresGrad);
    tape.backward(y);
    assertNull(c.gradOrNull());
  }

  /** A chunk of rows copied into the tape's pool: the rows' values, and the same array for the next chunk after a reset. */
  @Test
  void copiedRowsComeFromThePool() {
    Tape tape = new Tape();
    Tensor src = Tensor.zeros(5, 3);
    for (int i = 0; i < src.size(); i++) src.data[i] = i;
    Tensor first = tape.copyRows(src, 1, 2);
    assertArrayEquals(new float[] {3, 4, 5, 6, 7, 8}, first.data);
    assertEquals(2, first.rows);
    tape.reset();
    Tensor second = tape.copyRows(src, 3, 2);
    assertArrayEquals(new float[] {9, 10, 11, 12, 13, 14}, second.data);
    assertEquals(true, first.data == second.data, "the pooled array, reused");
  }

  @Test
  void pooledBuffersAreReusedAfterReset() {
    Tape tape = new Tape();
    Tensor a = tape.alloc(4, 5);
    tape.reset();
    Tensor b = tape.alloc(5, 4);
    assertEquals(true, a.data == b.data);
  }

  static Tensor random(int rows, int cols, long seed) {
    Xoshiro256 rng = new Xoshiro256(seed);
    Tensor t = Tensor.zeros(rows, cols);
    for (int i = 0; i < t.size(); i++) t.data[i] = (float) rng.nextGaussian();
    return t;
  }

  /**
   * L = Σ tanh(x W + b) W' + Σ (x W + b)² + Σ (c ⊙ W) with W used by two layers and one
   * elementwise op, b' reached by nothing: the parameters' gradients, with their buffers
   * zero-filled first or marked {@link Tape#zeroLater} over NaN garbage.
   */
  static final Tensor X = random(6, 5, 1), C = random(5, 5, 5);

  static Var loss(Tape tape, Var w, Var b) {
    Var h = Layers.linear(tape.constant(X), w, b, Activation.TANH);
    Var out = Layers.linear(h, w, b, Activation.IDENTITY);
    return Ops.add(Ops.add(Ops.sum(out), Ops.sum(Ops.square(Layers.linear(tape.constant(X), w, b, Activation.IDENTITY)))),
        Ops.sum(Ops.mul(tape.constant(C), w)));
  }

  static float[][] gradients(boolean later) {
    Tensor[] grads = {Tensor.zeros(5, 5), Tensor.zeros(1, 5), Tensor.zeros(1, 5)};
    Tape tape = new Tape();
    for (Tensor g : grads) {
      if (later) {
        java.util.Arrays.fill(g.data, Float.NaN);
        tape.zeroLater(g);
      }
    }
    tape.param(random(1, 5, 4), grads[2]);
    tape.backward(loss(tape, tape.param(random(5, 5, 2), grads[0]), tape.param(random(1, 5, 3), grads[1])));
    return new float[][] {grads[0].data.clone(), grads[1].data.clone(), grads[2].data.clone()};
  }

  @Test
  void gradientsMarkedZeroLaterAreTheZeroFilledOnesBitForBit() {
    // W and b reach three layers, W an elementwise product too: stored first, then added
    GradCheck.Result r = GradCheck.defaults().check(v -> loss(v[0].tape(), v[0], v[1]), random(5, 5, 2), random(1, 5, 3));
    org.junit.jupiter.api.Assertions.assertTrue(r.ok(), r.toString());
    float[][] filled = gradients(false), later = gradients(true);
    for (int p = 0; p < 3; p++) assertArrayEquals(filled[p], later[p], 0f, "parameter " + p);
    assertArrayEquals(new float[5], later[2], 0f);   // reached by nothing: zeros, not the garbage
  }
}
