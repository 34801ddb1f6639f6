package latent.train;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * The training progress line: epoch, step, images/s, running bound, ETA. On a terminal it is
 * redrawn in place (carriage return) at most every {@code redrawMillis}; elsewhere (CI logs,
 * files) a full line is printed every {@code lineMillis}.
 */
public final class Progress {
  /** The property through which the launcher says whether stderr is a terminal ({@code [[ -t 2 ]]}). */
  public static final String TERMINAL_PROPERTY = "latent.stderr.terminal";

  private final PrintStream out;
  private final boolean terminal;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final java.util.function.UnaryOperator<String> names;
  private long lastDraw;
  private long jobStart;          // when the job in progress was first reported (clock)
  private long jobStartDone = -1; // how much of it was done then (-1: no job yet)
  private long lastDone;
  private int lastWidth;

  public Progress(PrintStream out, boolean terminal, long redrawMillis, long lineMillis, LongSupplier clock) {
    this(out, terminal, redrawMillis, lineMillis, clock, java.util.function.UnaryOperator.identity());
  }

  /** {@code names} shows a setting named in a message (as {@link latent.InputException} messages name them) as its reader knows it. */
  public Progress(PrintStream out, boolean terminal, long redrawMillis, long lineMillis, LongSupplier clock,
                  java.util.function.UnaryOperator<String> names) {
    this.names = names;
    this.out = out;
    this.terminal = terminal;
    this.intervalNanos = (terminal ? redrawMillis : lineMillis) * 1_000_000L;
    this.clock = clock;
    this.lastDraw = clock.getAsLong();
  }

  /**
   * Progress on stderr: redrawn every 200 ms on a terminal, a line every 10 s elsewhere. Whether
   * stderr is a terminal comes from {@value #TERMINAL_PROPERTY} when set (the launcher tests
   * descriptor 2 itself); without it, from the JDK's console, which looks at stdin and stdout.
   */
  public static Progress forStderr() {
    return forStderr(java.util.function.UnaryOperator.identity());
  }

  /** {@link #forStderr()}, showing a setting named in a message as {@code names} gives it (the command line: its flag). */
  public static Progress forStderr(java.util.function.UnaryOperator<String> names) {
    var console = System.console();
    boolean terminal = isTerminal(System.getProperty(TERMINAL_PROPERTY), console != null && console.isTerminal());
    return new Progress(System.err, terminal, 200, 10_000, System::nanoTime, names);
  }

  /** Prints a message that names settings ({@code {learningRate}}) as this progress's reader knows them. */
  public void printMessage(String template) {
    println(latent.InputException.render(template, names));
  }

  static boolean isTerminal(String property, boolean consoleIsTerminal) {
    return property == null || property.isBlank() ? consoleIsTerminal : Boolean.parseBoolean(property.trim());
  }

  /** Reports the state after a training step; draws only when the interval has passed. */
  public void update(int epoch, int epochs, long step, long images, long totalImages, double runningBound) {
    show(String.format("epoch %d/%d  step %d  ", epoch, epochs, step), images, totalImages, String.format("  bound %.2f", runningBound), "images");
  }

  /** Reports {@code done} of {@code total} images of any long job (an evaluation). */
  public void update(String what, long done, long total) {
    update(what, "images", done, total);
  }

  /** Reports {@code done} of {@code total} {@code unit} (images, MB) of any long job. */
  public void update(String what, String unit, long done, long total) {
    show(what + "  " + String.format("%,d/%,d %s  ", done, total, unit), done, total, "", unit);
  }

  /**
   * The rate is the job's own: counted from its first report, so a run resumed from a
   * checkpoint does not count the images seen before it, and a job that starts after another
   * in the same progress (a count that goes back: the next run of a table, an evaluation after
   * training) starts its own clock.
   */
  private void show(String head, long images, long totalImages, String tail, String unit) {
    long now = clock.getAsLong();
    if (jobStartDone < 0 || images < lastDone) {
      jobStart = now;
      jobStartDone = images;
    }
    lastDone = images;
    if (now - lastDraw < intervalNanos || images == jobStartDone) return;
    lastDraw = now;
    double rate = (images - jobStartDone) / ((now - jobStart) / 1e9);
    double eta = totalImages > images ? (totalImages - images) / Math.max(rate, 1e-9) : 0;
    String line = String.format("%s%5.1f%%  %,.0f %s/s%s  ETA %s", head, 100.0 * images / Math.max(1, totalImages), rate, unit, tail, duration(eta));
    if (terminal) {
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Ends the in-place line so the next output starts on a fresh line. */
  public void finishLine() {
    if (terminal && lastWidth > 0) {
      out.println();
      lastWidth = 0;
    }
  }

  /** Prints a whole line (an epoch summary), keeping the progress line intact on a terminal. */
  public void println(String s) {
    finishLine();
    out.println(s);
    out.flush();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : String.format("%d:%02d", s / 60, s % 60);
  }
}
