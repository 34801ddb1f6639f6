package latent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import latent.random.Xoshiro256;

/**
 * A tiny training run for tests that start, signal and kill real {@code latent} processes:
 * generated 4×4 "bars" images written as IDX files, and the command line of a child JVM
 * running {@link Main} on them.
 */
final class ChildTraining {
  private ChildTraining() {}

  /** Writes {@code n} training and {@code n/4} test images of four bar patterns (with noise) as the four IDX files. */
  static Path writeData(Path dir, int n) throws IOException {
    Files.createDirectories(dir);
    Xoshiro256 rng = new Xoshiro256(42);
    write(dir, "train", n, rng);
    write(dir, "t10k", n / 4, rng);
    return dir;
  }

  private static void write(Path dir, String prefix, int n, Xoshiro256 rng) throws IOException {
    ByteBuffer images = ByteBuffer.allocate(16 + 16 * n).putInt(0x803).putInt(n).putInt(4).putInt(4);
    ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
    for (int i = 0; i < n; i++) {
      int c = rng.nextInt(4);
      labels.put((byte) c);
      for (int j = 0; j < 16; j++) {
        boolean on = switch (c) {
          case 0 -> j / 4 == 1;
          case 1 -> j % 4 == 2;
          case 2 -> j / 4 == j % 4;
          default -> j / 4 + j % 4 == 3;
        };
        images.put((byte) ((on ? 220 : 15) + rng.nextInt(20)));
      }
    }
    Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.array());
    Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
  }

  /** The flags of the run: small enough to train in seconds, with a checkpoint every 2 steps. */
  static List<String> trainArgs(Path data, Path run, int epochs) {
    return trainArgs(data, run, epochs, 2);
  }

  static List<String> trainArgs(Path data, Path run, int epochs, int checkpointEvery) {
    return List.of("train", "--data-dir", data.toString(), "--run-dir", run.toString(), "--hidden", "64", "--latent", "2",
        "--batch-size", "10", "--epochs", Integer.toString(epochs), "--lr", "0.003", "--checkpoint-every", Integer.toString(checkpointEvery),
        "--threads", "2",
        "--seed", "5");
  }

  /** Starts {@code latent ARGS} in a child JVM on this test's class path; its output goes to {@code log}. */
  static Process start(List<String> args, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",   // starts faster; also checks that C1-compiled code gives the same bits as the C2-compiled reference
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  /** Runs {@code latent ARGS} in this JVM and returns its exit status. */
  static int runHere(List<String> args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    int status = Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    if (status != 0) throw new AssertionError("latent " + args + " exited with " + status + ": " + err);
    return status;
  }
}
