package latent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import latent.InvalidSetting;
import latent.train.Schedule;
import org.junit.jupiter.api.Test;

/** Each learning-rate schedule's factor by hand, the warm-up's ramp, and the combinations refused. */
class LrScheduleTest {
  static final double EXACT = 1e-12;

  @Test
  void eachDecayByHand() {
    LrSchedule cosine = new LrSchedule(LrSchedule.Kind.COSINE, 0, 0.5, 5, 0.1);
    assertEquals(1, cosine.factor(0, 10, 0), EXACT);
    assertEquals(0.1 + 0.9 * 0.5, cosine.factor(5, 10, 0), EXACT);                          // halfway: cos(π/2) = 0
    assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 9 / 10)), cosine.factor(9, 10, 0), EXACT);
    LrSchedule step = new LrSchedule(LrSchedule.Kind.STEP, 0, 0.1, 3, 0);
    assertEquals(1, step.factor(2, 10, 0), EXACT);
    assertEquals(0.1, step.factor(3, 10, 0), EXACT);
    assertEquals(0.01, step.factor(7, 10, 0), 1e-15);
    LrSchedule exp = new LrSchedule(LrSchedule.Kind.EXPONENTIAL, 0, 0.9, 5, 0);
    assertEquals(0.9 * 0.9 * 0.9, exp.factor(3, 10, 0), EXACT);
    assertEquals(1, LrSchedule.CONSTANT.factor(7, 10, 123), 0);
  }

  @Test
  void warmupRisesLinearlyThenLeavesTheDecay() {
    LrSchedule warm = new LrSchedule(LrSchedule.Kind.EXPONENTIAL, 1000, 0.5, 5, 0);
    assertEquals(1.0 / 1000, warm.factor(0, 4, 0), EXACT);
    assertEquals(500.0 / 1000, warm.factor(0, 4, 499), EXACT);
    assertEquals(0.5, warm.factor(1, 4, 1000), EXACT);
    assertEquals(0.25, warm.factor(2, 4, 5000), EXACT);
  }

  /** A run's schedule: the base rate itself when constant (bit for bit), the IWAE stages, or the factor above. */
  @Test
  void aRunsLearningRate() {
    Schedule constant = new Schedule(128, 10, -1, 0);
    assertEquals(1e-3f, constant.learningRate(1e-3f, 7, 12345, 1000), 0f);
    Schedule iwae = new Schedule(20, IwaeSchedule.passes(2), 2, 0);
    assertEquals(IwaeSchedule.learningRate(1e-3f, 5), iwae.learningRate(1e-3f, 5, 0, 1000), 0f);
    Schedule cosine = new Schedule(128, 4, -1, 0, new LrSchedule(LrSchedule.Kind.COSINE, 0, 0.5, 5, 0));
    assertEquals((float) (1e-3f * 0.5), cosine.learningRate(1e-3f, 2, 0, 1000), 0f);
    // an image budget of 2 of the 4 epochs: the cosine spans the 2 epochs the run takes, half-way down after 1
    Schedule cut = new Schedule(128, 4, -1, 2000, new LrSchedule(LrSchedule.Kind.COSINE, 0, 0.5, 5, 0));
    assertEquals(2, cut.runEpochs(1000));
    assertEquals(2000, cut.budget(1000));
    assertEquals((float) (1e-3f * 0.5), cut.learningRate(1e-3f, 1, 1000, 1000), 0f);
    InvalidSetting e = assertThrows(InvalidSetting.class, () -> new Schedule(20, 13, 2, 0, new LrSchedule(LrSchedule.Kind.STEP, 0, 0.5, 5, 0)));
    assertEquals("lrSchedule", e.setting());
    assertThrows(InvalidSetting.class, () -> new LrSchedule(LrSchedule.Kind.STEP, 0, 1.5, 5, 0));
    assertThrows(InvalidSetting.class, () -> new LrSchedule(LrSchedule.Kind.COSINE, -1, 0.5, 5, 0));
    assertThrows(InvalidSetting.class, () -> LrSchedule.Kind.parse("linear"));
  }
}
