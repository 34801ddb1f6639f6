package latent;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bad input from the user: a missing or malformed file, a wrong shape, a nonsense setting.
 * The message is one line that names the input and says what was expected; the command line
 * prints it alone and exits with status 2.
 *
 * <p>A message names a setting as {@code {learningRate}}: {@link #getMessage} shows the
 * setting's name ({@code learningRate}), and {@link #message} lets the command line show the
 * flag that sets it instead ({@code --lr}), so that only the command line knows its flags.
 */
public class InputException extends RuntimeException {
  private static final Pattern SETTING = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)\\}");
  private final String template;

  public InputException(String message) {
    this(message, null);
  }

  public InputException(String message, Throwable cause) {
    super(render(message, UnaryOperator.identity()), cause);
    this.template = message;
  }

  /** The message, each setting it names shown as {@code names} gives it. */
  public String message(UnaryOperator<String> names) {
    return render(template, names);
  }

  /** {@code template} with each {@code {name}} replaced by {@code names.apply(name)}. */
  public static String render(String template, UnaryOperator<String> names) {
    return SETTING.matcher(template).replaceAll(m -> Matcher.quoteReplacement(names.apply(m.group(1))));
  }

  /** The same problem, found in {@code place} (a file): its name in front, once. */
  public InputException in(String place) {
    return getMessage().startsWith(place + ": ") || getMessage().equals(place) ? this : new InputException(place + ": " + template, this);
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
