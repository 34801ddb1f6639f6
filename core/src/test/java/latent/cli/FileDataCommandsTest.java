package latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import latent.data.CsvMatrix;
import latent.data.DigitFiles;
import latent.data.Npy;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users' own data end to end on the command line: train on generated 8×8 digits from a .npy
 * and from a CSV file, then eval, encode, score, export and import.
 */
class FileDataCommandsTest {
  @TempDir Path tmp;

  static BadInputTest.Outcome ok(String... args) {
    BadInputTest.Outcome o = BadInputTest.run(args);
    assertEquals(0, o.status(), String.join(" ", args) + "\nstderr: " + o.err() + "\nstdout: " + o.out());
    return o;
  }

  static String[] train(Path data, Path run, String... extra) {
    List<String> a = new java.util.ArrayList<>(List.of("train", "--data", data.toString(), "--hidden", "32", "--latent", "3",
        "--epochs", "12", "--batch-size", "25", "--lr", "0.005", "--threads", "1", "--run-dir", run.toString()));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  static double number(String text, String before) {
    String rest = text.substring(text.indexOf(before) + before.length()).strip();
    return Double.parseDouble(rest.split("[\\s,]")[0]);
  }

  @Test
  void npyDigitsTrainEvalEncodeScore() throws Exception {
    Path digits = DigitFiles.npy(tmp.resolve("digits.npy"), DigitFiles.digits(400, 1), 255f);   // float32 in [0, 1]
    Path run = tmp.resolve("run");
    BadInputTest.Outcome t = ok(train(digits, run));
    double trained = number(t.out(), "test ELBO:");
    assertTrue(Files.isRegularFile(run.resolve("data.json")));
    // 64 pixels start near 64·log ½ = −44 nats; four strokes with sparse noise are far more probable
    assertTrue(trained > -30, "test ELBO " + trained);
    assertEquals(trained, number(ok("eval", run.toString()).out(), "test ELBO:"), 0.0, "eval reproduces the training's number");

    // 20 digits then 5 noise images: encode gives 3 means and 3 log-variances each
    Path mixed = DigitFiles.npy(tmp.resolve("mixed.npy"), DigitFiles.stack(DigitFiles.digits(20, 9), DigitFiles.noise(5, 9)), 255f);
    ok("encode", run.toString(), "--input", mixed.toString(), "--output", tmp.resolve("z.npy").toString());
    Tensor z = Npy.read(tmp.resolve("z.npy"));
    assertEquals(25, z.rows);
    assertEquals(6, z.cols);
    ok("encode", run.toString(), "--input", mixed.toString(), "--output", tmp.resolve("z.csv").toString());
    assertTrue(Files.readString(tmp.resolve("z.csv")).startsWith("loc_0,loc_1,loc_2,logvar_0,logvar_1,logvar_2\n"));
    assertEquals(z.data[7], CsvMatrix.read(tmp.resolve("z.csv")).data[7]);

    // score: the five noise images are the five most anomalous
    BadInputTest.Outcome s = ok("score", run.toString(), "--input", mixed.toString(), "--k", "50", "--scores", "lk", "--output", tmp.resolve("s.csv").toString());
    List<String> rows = Files.readAllLines(tmp.resolve("s.csv"));
    assertEquals("row,L_50", rows.get(0));
    assertEquals(26, rows.size());
    double worstDigit = Double.POSITIVE_INFINITY, bestNoise = Double.NEGATIVE_INFINITY;
    for (int r = 1; r <= 25; r++) {
      String[] f = rows.get(r).split(",");
      assertEquals(r - 1, Integer.parseInt(f[0]), "rows in input order");
      double l = Double.parseDouble(f[1]);
      if (r <= 20) worstDigit = Math.min(worstDigit, l);
      else bestNoise = Math.max(bestNoise, l);
    }
    assertTrue(bestNoise < worstDigit, "the five noise images are the five most anomalous");
    Set<Integer> top5 = new HashSet<>();
    for (String line : s.out().lines().skip(1).limit(5).toList()) top5.add(Integer.parseInt(line.trim().split("\\s+")[1]));
    assertEquals(Set.of(20, 21, 22, 23, 24), top5, s.out());
    // with labels (the five noise rows are the anomalies): they rank first, so AUROC and AUPRC are 1
    Path labels = Files.writeString(tmp.resolve("labels.txt"), "0\n".repeat(20) + "1\n".repeat(5));
    BadInputTest.Outcome withLabels = ok("score", run.toString(), "--input", mixed.toString(), "--k", "50", "--scores", "lk", "--labels", labels.toString());
    assertTrue(withLabels.out().contains("5 anomalies of 25 examples (AUPRC by chance 0.2000)"), withLabels.out());
    assertTrue(withLabels.out().contains("L_50             1.0000   1.0000"), withLabels.out());
    Path short_ = Files.writeString(tmp.resolve("short.txt"), "0\n1\n");
    BadInputTest.assertOneLine(BadInputTest.run("score", run.toString(), "--input", mixed.toString(), "--labels", short_.toString()),
        "2 labels for 25 examples; expected one label per example, in order");

    // a file run whose data.json is gone (training stopped early): one line saying so
    Files.delete(run.resolve("data.json"));
    BadInputTest.assertOneLine(BadInputTest.run("eval", run.toString()), "no data.json");
    BadInputTest.assertOneLine(BadInputTest.run("score", run.toString(), "--input", mixed.toString()), "no data.json");
  }

  @Test
  void csvDigitsWithMinmaxScalingAndASeparateTestFile() throws Exception {
    Path train = DigitFiles.csv(tmp.resolve("train.csv"), DigitFiles.digits(300, 2));        // grey levels 0..255
    Path test = DigitFiles.csv(tmp.resolve("test.csv"), DigitFiles.digits(50, 3));
    Path run = tmp.resolve("run");
    double trained = number(ok(train(train, run, "--test", test.toString(), "--scale", "minmax", "--binarization", "fixed")).out(), "test ELBO:");
    assertTrue(Files.readString(run.resolve("data.json")).contains("\"scale\" : \"minmax\""));
    BadInputTest.Outcome e = ok("eval", run.toString(), "--k", "20");
    assertEquals(trained, number(e.out(), "test ELBO:"), 0.0);
    assertTrue(e.out().contains("log p(x) ≈ L_20"), e.out());
    ok("encode", run.toString(), "--input", test.toString(), "--output", tmp.resolve("z.csv").toString());
    assertEquals(50, CsvMatrix.read(tmp.resolve("z.csv")).rows);
    BadInputTest.Outcome s = ok("score", run.toString(), "--input", test.toString(), "--k", "20", "--top", "3", "--binarize");
    assertTrue(s.out().contains("mean over 50 examples: L_20"), s.out());

    // the CSV converted to .npy by the command line holds the same values
    BadInputTest.Outcome conv = ok("data", "convert", train.toString(), tmp.resolve("train.npy").toString());
    assertTrue(conv.out().startsWith("converted 300 rows × 64 columns"), conv.out());
    org.junit.jupiter.api.Assertions.assertArrayEquals(CsvMatrix.read(train).data, Npy.read(tmp.resolve("train.npy")).data);
    BadInputTest.assertOneLine(BadInputTest.run("data", "convert", train.toString(), tmp.resolve("train.bin").toString()), "OUT.npy", "train.bin");

    // export and import through the command line: the same test ELBO
    ok("export", run.toString(), "--output", tmp.resolve("model").toString());
    ok("import", tmp.resolve("model").toString(), "--output", tmp.resolve("run2").toString());
    assertEquals(trained, number(ok("eval", tmp.resolve("run2").toString()).out(), "test ELBO:"), 0.0);
  }

  /** data.json is in the run folder from the first step, so an interrupted file run resumes on the same split and scaling. */
  @Test
  void aRunTrainedOnAFileResumesFromItsPreviousCheckpoint() throws Exception {
    Path digits = DigitFiles.npy(tmp.resolve("digits.npy"), DigitFiles.digits(200, 4), 255f);
    Path whole = tmp.resolve("whole"), cut = tmp.resolve("cut");
    ok(train(digits, whole, "--checkpoint-every", "5"));
    ok(train(digits, cut, "--checkpoint-every", "5"));
    // roll the second run back to its previous checkpoint, as if it had been killed there
    Files.move(cut.resolve(latent.train.CheckpointFiles.PREVIOUS), cut.resolve(latent.train.CheckpointFiles.LATEST),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.delete(cut.resolve(latent.train.RunFolder.MODEL));
    double resumed = number(ok("train", "--resume", cut.toString()).out(), "test ELBO:");
    assertEquals(number(ok("eval", whole.toString()).out(), "test ELBO:"), resumed, 0.0);
  }

  /** A run folder another writer holds (here this process, through its lock) is not trained beside it: one line, nothing written. */
  @Test
  void aRunBeingWrittenIsNotResumedBesideIt() throws Exception {
    Path digits = DigitFiles.npy(tmp.resolve("digits.npy"), DigitFiles.digits(100, 4), 255f);
    Path run = tmp.resolve("run");
    ok(train(digits, run, "--checkpoint-every", "5"));
    // roll back to the previous checkpoint, so a resume has epochs to train
    Files.move(run.resolve(latent.train.CheckpointFiles.PREVIOUS), run.resolve(latent.train.CheckpointFiles.LATEST),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String metrics = Files.readString(run.resolve(latent.train.RunFolder.METRICS));
    try (latent.train.RunLock held = latent.train.RunLock.acquire(run)) {
      BadInputTest.assertOneLine(BadInputTest.run("train", "--resume", run.toString()), run.toString(), "is already writing this run folder");
    }
    assertEquals(metrics, Files.readString(run.resolve(latent.train.RunFolder.METRICS)));
    ok("train", "--resume", run.toString());   // released: the resume goes ahead and trains again
    assertTrue(!metrics.equals(Files.readString(run.resolve(latent.train.RunFolder.METRICS))));
  }

  @Test
  void badFileInputIsOneLine() throws Exception {
    Path grey = DigitFiles.npy(tmp.resolve("grey.npy"), DigitFiles.digits(30, 1), 1f);          // 0..255, not scaled
    BadInputTest.assertOneLine(BadInputTest.run(train(grey, tmp.resolve("r1"))), "grey.npy", "outside [0, 1]", "--scale");
    BadInputTest.assertOneLine(BadInputTest.run(train(tmp.resolve("nowhere.npy"), tmp.resolve("r2"))), "nowhere.npy", "no such file");
    BadInputTest.assertOneLine(BadInputTest.run(train(grey, tmp.resolve("r3"), "--scale", "log")), "--scale");
    BadInputTest.assertOneLine(BadInputTest.run(train(grey, tmp.resolve("r4"), "--test-fraction", "1.5")), "--test-fraction");
    Files.writeString(tmp.resolve("ragged.csv"), "1,2\n3\n");
    BadInputTest.assertOneLine(BadInputTest.run(train(tmp.resolve("ragged.csv"), tmp.resolve("r5"))), "ragged.csv", "line 2 has 1 fields");
    BadInputTest.assertOneLine(BadInputTest.run("encode", tmp.toString(), "--input", grey.toString(), "--output", "z.txt"), "--output");
    BadInputTest.assertOneLine(BadInputTest.run("export", tmp.resolve("no-run").toString(), "--output", tmp.resolve("x").toString()), "no such run folder");
    BadInputTest.assertOneLine(BadInputTest.run("import", tmp.resolve("no-model").toString(), "--output", tmp.resolve("y").toString()), "no such folder");
  }
}
