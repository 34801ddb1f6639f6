package latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import latent.train.CheckpointFiles;
import latent.train.FiniteFiles;
import latent.train.TrainingStopped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning rates far too large: training either recovers (the guard skips the bad steps) or
 * stops with one line naming the step and the layer; in both cases no NaN or infinity is
 * written to any file of the run.
 */
class DivergenceTest {
  @TempDir Path tmp;

  static BadInputTest.Outcome train(Path data, Path run, String... extra) {
    List<String> base = ChildTraining.trainArgs(data, run, 2), args = new ArrayList<>();
    for (int i = 0; i < base.size(); i++) {
      if (base.get(i).startsWith("--") && List.of(extra).contains(base.get(i))) i++;   // the extra flags replace these
      else args.add(base.get(i));
    }
    args.addAll(List.of(extra));
    StringWriter out = new StringWriter(), err = new StringWriter();
    int status = Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new BadInputTest.Outcome(status, out.toString(), err.toString());
  }

  @Test
  void learningRate10RecoversOrStopsCleanlyAndWritesNoNaN() throws IOException {
    Path data = ChildTraining.writeData(tmp.resolve("data"), 200);
    for (String optimizer : List.of("adam", "sgd", "adagrad")) {
      Path run = tmp.resolve("lr10-" + optimizer);
      BadInputTest.Outcome o = train(data, run, "--lr", "10", "--optimizer", optimizer, "--max-bad-steps", "5");
      assertTrue(o.status() == 0 || o.status() == TrainingStopped.DIVERGED, optimizer + ": status " + o.status() + " " + o.err());
      if (o.status() != 0) assertCleanStop(o);
      System.out.printf("DivergenceTest: %s at --lr 10: %s%n", optimizer, o.status() == 0 ? "recovered, bad steps skipped: "
          + CheckpointFiles.read(run.resolve(CheckpointFiles.LATEST)).metadata().get("bad_steps") + "; " + o.out().lines().findFirst().orElse("")
          : o.err().strip());
      FiniteFiles.assertNoNonFiniteWritten(run);
    }
  }

  /** SGD with η = 1e30 overflows the weights at the first step: a clean stop naming the step and the layer. */
  @Test
  void overflowingWeightsStopTrainingWithTheStepAndLayer() throws IOException {
    Path data = ChildTraining.writeData(tmp.resolve("data"), 200);
    Path run = tmp.resolve("overflow");
    BadInputTest.Outcome o = train(data, run, "--lr", "1e30", "--optimizer", "sgd", "--max-bad-steps", "5", "--checkpoint-every", "0");
    assertEquals(TrainingStopped.DIVERGED, o.status(), o.err());
    assertCleanStop(o);
    assertTrue(o.err().matches("(?s)latent: training diverged at step 6 \\(epoch 1\\): 5 steps in a row skipped \\(last: "
        + "(non-finite gradient in [a-z0-9.]+|parameter [a-z0-9.]+ holds NaN or infinite values)\\); no checkpoint was written \\(try a smaller --lr, or --clip-norm\\)\\s*"), o.err());
    FiniteFiles.assertNoNonFiniteWritten(run);
  }

  /** Clipping the gradient norm lets SGD at a large rate train without a single bad step. */
  @Test
  void clippingKeepsALargeRateFinite() throws IOException {
    Path data = ChildTraining.writeData(tmp.resolve("data"), 200);
    Path run = tmp.resolve("clipped");
    BadInputTest.Outcome o = train(data, run, "--lr", "1", "--optimizer", "sgd", "--clip-norm", "1");
    assertEquals(0, o.status(), o.err());
    assertEquals("0", CheckpointFiles.read(run.resolve(CheckpointFiles.LATEST)).metadata().get("bad_steps"));
    FiniteFiles.assertNoNonFiniteWritten(run);
  }

  static void assertCleanStop(BadInputTest.Outcome o) {
    String[] lines = o.err().strip().split("\n");
    assertEquals(1, lines.length, o.err());
    assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
    assertTrue(lines[0].contains("step") && (lines[0].contains("encoder") || lines[0].contains("decoder")), lines[0]);
  }
}
