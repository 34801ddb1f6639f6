package latent.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

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

  @Test
  void pooledBuffersAreReusedAfterReset() {
    Tape tape = new Tape();
    Tensor a = tape.alloc(4, 5);
    tape.reset();
    Tensor b = tape.alloc(5, 4);
    assertEquals(true, a.data == b.data);
  }
}
