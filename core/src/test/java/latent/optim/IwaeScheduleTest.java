package latent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import latent.InputException;
import org.junit.jupiter.api.Test;

class IwaeScheduleTest {
  @Test
  void stagesOfThreeToTheIPassesWithDecayingRate() {
    assertEquals(1, IwaeSchedule.passes(0));
    assertEquals(40, IwaeSchedule.passes(3));
    assertEquals(3280, IwaeSchedule.passes(7));
    // passes 0 | 1-3 | 4-12 | 13-39 belong to stages 0, 1, 2, 3
    int[] stageOf = {0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3};
    for (int e = 0; e < stageOf.length; e++) assertEquals(stageOf[e], IwaeSchedule.stage(e), "pass " + e);
    assertEquals(3, IwaeSchedule.stage(39));
    assertEquals(4, IwaeSchedule.stage(40));
    assertEquals(1e-3, IwaeSchedule.learningRate(1e-3f, 0), 1e-9);
    assertEquals(1e-3 * Math.pow(10, -3 / 7.0), IwaeSchedule.learningRate(1e-3f, 39), 1e-9);
    assertEquals(1e-4, IwaeSchedule.learningRate(1e-3f, 3279), 1e-9);
    assertThrows(InputException.class, () -> IwaeSchedule.passes(8));
  }
}
