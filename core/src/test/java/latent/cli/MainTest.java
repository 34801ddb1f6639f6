package latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Main builds only the subcommand it is asked for; usage, help and mistakes still see them all. */
class MainTest {
  private static final List<String> COMMANDS = List.of("train", "eval", "estimators", "reproduce", "data", "bench", "sample",
      "reconstruct", "manifold", "latents", "curves", "report", "compare", "encode", "score", "export", "import", "help");

  @Test
  void usageAndHelpListEveryCommand() {
    for (String[] args : new String[][] {{}, {"--help"}, {"help"}}) {
      BadInputTest.Outcome o = BadInputTest.run(args);
      assertEquals(0, o.status(), String.join(" ", args));
      for (String c : COMMANDS) assertTrue(o.out().contains("\n  " + c + " "), "'" + c + "' missing from the usage of " + List.of(args));
    }
  }

  @Test
  void helpOfOneCommandAndOneCommandsOwnHelpAgree() {
    BadInputTest.Outcome viaHelp = BadInputTest.run("help", "eval"), own = BadInputTest.run("eval", "--help");
    assertEquals(0, viaHelp.status());
    assertEquals(own.out(), viaHelp.out());
    assertTrue(own.out().startsWith("Usage: latent eval "), own.out());
  }

  @Test
  void anUnknownCommandIsBadInput() {
    BadInputTest.assertOneLine(BadInputTest.run("evl", "run"), "'evl'");
  }
}
