package latent.train;

/**
 * Training ended before its budget, with its last good checkpoint on disk: the numbers
 * diverged ({@link #DIVERGED}), or a signal asked it to stop (status 128 + the signal's
 * number: 130 for SIGINT, 143 for SIGTERM). The message is one line that says what happened
 * and what to do next.
 */
public final class TrainingStopped extends RuntimeException {
  /** Exit status when the numbers diverged. */
  public static final int DIVERGED = 3;

  private final int status;
  private final boolean reported;

  TrainingStopped(String message, int status, boolean reported) {
    super(message);
    this.status = status;
    this.reported = reported;
  }

  static TrainingStopped diverged(String message) {
    return new TrainingStopped(message, DIVERGED, false);
  }

  /** The process's exit status. */
  public int status() {
    return status;
  }

  /** True when the message has already been printed (a signal: printed before the process may exit). */
  public boolean reported() {
    return reported;
  }
}
