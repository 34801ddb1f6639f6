package latent.report;

import java.awt.image.BufferedImage;

/**
 * One figure of a run: {@code name} is its file stem ({@code samples} → {@code samples.png}),
 * {@code title} and {@code caption} are what the report shows beside it.
 */
public record Figure(String name, String title, String caption, BufferedImage image) {
  public String fileName() {
    return name + ".png";
  }
}
