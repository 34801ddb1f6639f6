package latent;

/**
 * Bad input from the user: a missing or malformed file, a wrong shape, a nonsense setting.
 * The message is one line that names the input and says what was expected; the command line
 * prints it alone and exits with status 2.
 */
public class InputException extends RuntimeException {
  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Text from the input, as a message quotes it: control characters (a line break among them)
   * escaped, and cut to {@value #EXCERPT} characters, so the message stays one short line.
   */
  public static String excerpt(String text) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < text.length() && s.length() < EXCERPT; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') s.append(String.format("\\u%04x", (int) c));
      else s.append(c);
    }
    return text.length() > EXCERPT ? s.append('…').toString() : s.toString();
  }

  private static final int EXCERPT = 60;
}
