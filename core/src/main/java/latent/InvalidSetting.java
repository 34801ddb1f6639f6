package latent;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A setting with a value it cannot take, named as the settings name it: {@code learningRate:
 * expected a positive number, got -3.0}. The command line prints the flag that set it instead
 * ({@code --lr: …}, see {@link InputException#message}); a file that held it is named in front
 * ({@link #in}).
 */
public final class InvalidSetting extends InputException {
  private final String where;
  private final String setting;
  private final String problem;

  /**
   * @param setting the setting's name, as its record calls it ({@code batchSize}); several joined by " × "
   * @param problem what was expected and what was given
   */
  public InvalidSetting(String setting, String problem) {
    this("", setting, problem);
  }

  private InvalidSetting(String where, String setting, String problem) {
    super(where + String.join(" × ", Stream.of(setting.split(" × ")).map(s -> "{" + s + "}").toList()) + ": " + problem);
    this.where = where;
    this.setting = setting;
    this.problem = problem;
  }

  /** Fails with {@code setting: problem} unless {@code ok}. */
  public static void require(boolean ok, String setting, String problem) {
    if (!ok) throw new InvalidSetting(setting, problem);
  }

  /**
   * The constant of {@code type} that {@code value} names (its lowercase name; case and spaces
   * ignored), as an enum-valued setting is read; anything else is bad input listing the choices.
   */
  public static <E extends Enum<E>> E oneOf(Class<E> type, String setting, String value) {
    E[] all = type.getEnumConstants();
    for (E e : all) if (e.name().equalsIgnoreCase(value.trim())) return e;
    List<String> names = Stream.of(all).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
    String choices = String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    throw new InvalidSetting(setting, "expected " + choices + ", got '" + value + "'");
  }

  /** The setting's name, or names joined by " × ". */
  public String setting() {
    return setting;
  }

  /** What was expected and what was given. */
  public String problem() {
    return problem;
  }

  @Override
  public InvalidSetting in(String place) {
    return getMessage().startsWith(place + ": ") ? this : new InvalidSetting(place + ": " + where, setting, problem);
  }
}
