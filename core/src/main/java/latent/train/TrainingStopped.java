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
  private final String template;
  private final boolean reported;

  /** {@code message} names settings as {@link latent.InputException} messages do: {@code {learningRate}}. */
  TrainingStopped(String message, int status, boolean reported) {
    super(latent.InputException.render(message, java.util.function.UnaryOperator.identity()));
    this.status = status;
    this.template = message;
    this.reported = reported;
  }

  static TrainingStopped diverged(String message) {
    return new TrainingStopped(message, DIVERGED, false);
  }

  /** True when the message has already been printed (a signal: printed before the JVM, released, may exit). */
  public boolean reported() {
    return reported;
  }

  /** The message, each setting it names shown as {@code names} gives it. */
  public String message(java.util.function.UnaryOperator<String> names) {
    return latent.InputException.render(template, names);
  }

  /** The process's exit status. */
  public int status() {
    return status;
  }
}
