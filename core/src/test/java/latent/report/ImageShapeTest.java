package latent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ImageShapeTest {
  @Test
  void squareWhenPossibleElseTheMostNearlySquareFactorisation() {
    assertEquals(new ImageShape(28, 28), ImageShape.of(784));
    assertEquals(new ImageShape(1, 1), ImageShape.of(1));
    assertEquals(new ImageShape(1, 7), ImageShape.of(7));
    assertEquals(new ImageShape(20, 28), ImageShape.of(560));   // Frey Face's 20×28
  }
}
