package latent.cli;

import java.io.PrintWriter;
import java.util.List;
import latent.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point of {@code latent}: dispatches to the subcommands and maps errors to exit codes. */
@Command(name = "latent", mixinStandardHelpOptions = true, version = "latent 0.1.0",
    description = "Variational autoencoders for the JVM: train, evaluate and inspect VAEs.")
public final class Main implements Runnable {
  /** Exit status for bad input: a missing file, a malformed header, a nonsense flag. */
  public static final int BAD_INPUT = 2;

  private static final List<Class<?>> SUBCOMMANDS = List.of(TrainCommand.class, EvalCommand.class, EstimatorsCommand.class,
      ReproduceCommand.class, DataCommand.class, BenchCommand.class, SampleCommand.class, ReconstructCommand.class,
      ManifoldCommand.class, LatentsCommand.class, CurvesCommand.class, ReportCommand.class, CompareCommand.class,
      EncodeCommand.class, ScoreCommand.class, ExportCommand.class, ImportCommand.class, CommandLine.HelpCommand.class);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    String stderr = System.getProperty("latent.stderr");
    if (stderr != null) {
      // the launcher keeps the JVM's startup warning off the terminal; our messages go to the real stderr
      try {
        System.setErr(new java.io.PrintStream(new java.io.FileOutputStream(stderr, true), true));
      } catch (java.io.IOException e) {
        // stay with the JVM's stderr
      }
    }
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line and returns its exit status; tests call this directly. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    for (Class<?> c : subcommands(args)) cl.addSubcommand(new CommandLine(c));   // built alone, so a command's model transformer runs
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("latent: " + ex.getMessage().lines().findFirst().orElse("bad arguments")
          + " (see 'latent " + commandPath(ex.getCommandLine()) + "--help')");
      return BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof InputException bad) {
        err.println("latent: " + bad.message(SettingFlags::flag));
        return BAD_INPUT;
      }
      if (ex instanceof latent.train.TrainingStopped stop) {
        if (!stop.reported()) err.println("latent: " + stop.message(SettingFlags::flag));
        return stop.status();
      }
      throw ex;
    });
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      err.println("latent: out of memory; use a smaller --batch-size or --k, or a larger heap (LATENT_JAVA_OPTS=-Xmx16g)");
      return 1;
    }
  }

  /**
   * The subcommand that {@code args} names, alone, or all of them (for {@code help}, usage and
   * suggestions): picocli reads every option of every command it is given, and building all
   * eighteen took 0.2 s of each run's start.
   */
  private static List<Class<?>> subcommands(String[] args) {
    if (args.length > 0 && !args[0].equals("help")) {
      for (Class<?> c : SUBCOMMANDS) {
        if (c.getAnnotation(Command.class).name().equals(args[0])) return List.of(c);
      }
    }
    return SUBCOMMANDS;
  }

  private static String commandPath(CommandLine cl) {
    String path = cl.getCommandSpec().qualifiedName(" ");
    path = path.startsWith("latent") ? path.substring("latent".length()).trim() : path;
    return path.isEmpty() ? "" : path + " ";
  }
}
