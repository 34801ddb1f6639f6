package latent.cli;

import java.nio.file.Path;
import latent.report.Figure;
import latent.report.Png;

/** Writes one figure and says where, for the figure commands. */
final class Figures {
  private Figures() {}

  /** {@code value} when it is in [min, max], else the one-line error naming {@code flag}. */
  static int range(String flag, int value, int min, int max) {
    if (value < min || value > max) throw new latent.InputException(flag + ": expected " + min + " to " + max + ", got " + value);
    return value;
  }

  static int save(picocli.CommandLine.Model.CommandSpec spec, Figure f, Path file) {
    Png.write(f.image(), file);
    spec.commandLine().getOut().printf("written: %s (%d×%d)%n", file, f.image().getWidth(), f.image().getHeight());
    return 0;
  }
}
