package latent.cli;

import static latent.cli.FileDataCommandsTest.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import latent.data.DigitFiles;
import latent.eval.ScoreKind;
import latent.eval.Threshold;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anomaly detection on the command line: a threshold fitted to normal digits, recorded with the
 * model, carried through export and import and applied to new data; labels from a text file and
 * from a CSV column; the detection table and curves in the run folder and its report.
 */
class AnomalyCommandsTest {
  @TempDir Path tmp;

  @Test
  void aThresholdFittedToNormalDataFlagsNoiseAfterExportAndImport() throws Exception {
    Path run = tmp.resolve("run");
    ok(FileDataCommandsTest.train(DigitFiles.npy(tmp.resolve("digits.npy"), DigitFiles.digits(400, 1), 255f), run));
    Path normal = DigitFiles.npy(tmp.resolve("normal.npy"), DigitFiles.digits(100, 5), 255f);

    // the 0.95 quantile of 100 distinct scores lies between the 95th and 96th: exactly 5 are above it
    BadInputTest.Outcome fit = ok("score", run.toString(), "--input", normal.toString(), "--scores", "elbo,lk", "--fit-threshold", "0.95");
    assertTrue(fit.out().contains("flagged 5 of 100 examples"), fit.out());
    Threshold t = Threshold.read(run).orElseThrow();
    assertEquals(ScoreKind.ELBO, t.kind());
    assertEquals(100, t.k());
    assertEquals(0.95, t.quantile());
    assertEquals(100, t.examples());
    assertTrue(t.data().endsWith("normal.npy"), t.data());

    ok("export", run.toString(), "--output", tmp.resolve("model").toString());
    Path imported = tmp.resolve("imported");
    ok("import", tmp.resolve("model").toString(), "--output", imported.toString());
    assertArrayEquals(Files.readAllBytes(run.resolve(Threshold.FILE)), Files.readAllBytes(imported.resolve(Threshold.FILE)));

    // 20 new digits and 5 noise images: the threshold flags the noise, and labels measure it
    Path mixed = DigitFiles.npy(tmp.resolve("mixed.npy"), DigitFiles.stack(DigitFiles.digits(20, 9), DigitFiles.noise(5, 9)), 255f);
    Path labels = Files.writeString(tmp.resolve("labels.txt"), "0\n".repeat(20) + "1\n".repeat(5));
    Path csv = tmp.resolve("s.csv");
    BadInputTest.Outcome s = ok("score", imported.toString(), "--input", mixed.toString(), "--labels", labels.toString(), "--output", csv.toString());
    List<String> rows = Files.readAllLines(csv);
    assertEquals("row,L_100,elbo,recon_loglik,recon_error,anomaly", rows.get(0));
    for (String r : rows.subList(1, rows.size())) {
      String[] f = r.split(",");
      if (Integer.parseInt(f[0]) >= 20) assertEquals("1", f[5], "noise row " + r);
    }
    assertTrue(s.out().contains("precision") && s.out().contains("recall 1.0000"), s.out());
    assertTrue(s.out().contains("L_100            1.0000   1.0000"), s.out());
    for (String f : List.of("detection.txt", "figures/roc.png", "figures/precision-recall.png")) assertTrue(Files.isRegularFile(imported.resolve(f)), f);
    ok("report", imported.toString());
    String html = Files.readString(imported.resolve("report.html"));
    assertTrue(html.contains("Anomaly detection") && html.contains("id=\"roc\"") && html.contains("id=\"precision-recall\""));

    // the same images as an IDX file (bytes / 255, as the .npy holds them) score the same
    latent.tensor.Tensor pixels = DigitFiles.stack(DigitFiles.digits(20, 9), DigitFiles.noise(5, 9));
    java.nio.ByteBuffer idx = java.nio.ByteBuffer.allocate(16 + pixels.size()).putInt(0x803).putInt(25).putInt(8).putInt(8);
    for (float v : pixels.data) idx.put((byte) Math.round(v));
    Path idxFile = Files.write(tmp.resolve("mixed-idx3-ubyte"), idx.array());
    assertEquals(ok("score", imported.toString(), "--input", mixed.toString(), "--top", "25").out().lines().skip(1).limit(25).toList(),
        ok("score", imported.toString(), "--input", idxFile.toString(), "--top", "25").out().lines().skip(1).limit(25).toList());

    // the same labels as classes in a CSV column: digit class 1 normal, class 7 anomalous
    Path classes = Files.writeString(tmp.resolve("classes.csv"), "id,digit\n" + "x,1\n".repeat(20) + "x,7\n".repeat(5));
    BadInputTest.Outcome c = ok("score", imported.toString(), "--input", mixed.toString(), "--labels", classes.toString(),
        "--label-column", "digit", "--normal-class", "1");
    assertEquals(table(s.out()), table(c.out()));

    // with labels, the threshold is fitted to the examples labelled normal: the 0.8 quantile of the 20 digits' L_100 flags 4 of them
    BadInputTest.Outcome refit = ok("score", imported.toString(), "--input", mixed.toString(), "--labels", labels.toString(), "--scores", "lk",
        "--fit-threshold", "0.8");
    Threshold digits = Threshold.read(imported).orElseThrow();
    assertEquals(20, digits.examples());
    assertTrue(refit.out().contains("flagged 9 of 25 examples"), refit.out());   // 4 digits and the 5 noise images
    assertTrue(refit.out().contains("precision 0.5556, recall 1.0000"), refit.out());

    BadInputTest.assertOneLine(BadInputTest.run("score", imported.toString(), "--input", mixed.toString(), "--k", "7"), "--k", "k = 100");
    BadInputTest.assertOneLine(BadInputTest.run("score", run.toString(), "--input", mixed.toString(), "--scores", "lk,likelihood"), "--scores", "likelihood");
    BadInputTest.assertOneLine(BadInputTest.run("score", run.toString(), "--input", mixed.toString(), "--fit-threshold", "1.5"), "--fit-threshold");
    BadInputTest.assertOneLine(BadInputTest.run("score", run.toString(), "--input", mixed.toString(), "--labels", classes.toString(),
        "--label-column", "class"), "classes.csv", "no column 'class'");
    Files.writeString(imported.resolve(Threshold.FILE), "{\"format\": \"latent-threshold/1\", \"score\": \"elbo\"}");
    BadInputTest.assertOneLine(BadInputTest.run("score", imported.toString(), "--input", mixed.toString()), Threshold.FILE, "k");
  }

  /** The AUROC/AUPRC lines of a score command's output. */
  private static List<String> table(String out) {
    return out.lines().filter(l -> l.matches("(L_\\d+|elbo|recon_\\w+)\\s+[01]\\.\\d{4}\\s+[01]\\.\\d{4}")).toList();
  }
}
