package latent.report;

/** Figures are drawn without a display: AWT in headless mode, set before AWT first loads. */
final class Headless {
  private Headless() {}

  static void init() {
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
  }
}
