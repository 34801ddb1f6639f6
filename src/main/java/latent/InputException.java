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
}
