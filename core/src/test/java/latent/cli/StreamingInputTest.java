package latent.cli;

import static latent.cli.FileDataCommandsTest.ok;
import static latent.cli.FileDataCommandsTest.train;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import latent.data.Binarization;
import latent.data.Dataset;
import latent.data.DigitFiles;
import latent.data.Npy;
import latent.eval.AnomalyScores;
import latent.eval.ScoreKind;
import latent.model.Encodings;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code latent score} and {@code latent encode} read their input a block of
 * {@value RunInput#BLOCK} rows at a time: over several blocks (10,001 rows, the last block
 * partial and odd) they give, bit for bit, what scoring and encoding the whole file at once
 * give, binarized or not.
 */
class StreamingInputTest {
  @TempDir Path tmp;

  @Test
  void blocksScoreAndEncodeAsTheWholeFile() throws Exception {
    Path run = tmp.resolve("run");
    ok(train(DigitFiles.npy(tmp.resolve("digits.npy"), DigitFiles.digits(300, 1), 255f), run));
    Tensor many = DigitFiles.stack(DigitFiles.digits(9991, 3), DigitFiles.noise(10, 3));
    for (int k = 0; k < many.data.length; k++) many.data[k] /= 255f;
    Path input = tmp.resolve("many.npy");
    try (var out = Files.newOutputStream(input)) {
      Npy.write(out, many);
    }
    RunInputs in = RunInputs.open(run, true);
    long seed = in.config().training().data().testSeed();
    Dataset whole = new Dataset("many", Npy.read(input), null);

    for (boolean binarize : new boolean[] {false, true}) {
      Path csv = tmp.resolve("scores-" + binarize + ".csv");
      ok(binarize ? new String[] {"score", run.toString(), "--input", input.toString(), "--k", "3", "--scores", "lk,recon-error", "--output", csv.toString(), "--binarize"}
          : new String[] {"score", run.toString(), "--input", input.toString(), "--k", "3", "--scores", "lk,recon-error", "--output", csv.toString()});
      AnomalyScores expected = AnomalyScores.of(in.vae(), binarize ? Binarization.binarizeOnce(whole, seed) : whole, 3, seed);
      List<String> lines = Files.readAllLines(csv);
      assertEquals(many.rows + 1, lines.size());
      for (int i = 0; i < many.rows; i++) {
        String[] f = lines.get(i + 1).split(",");
        assertEquals(i, Integer.parseInt(f[0]));
        assertEquals(expected.of(ScoreKind.LK)[i], Double.parseDouble(f[1]), 0.0, "L_3 of row " + i + (binarize ? ", binarized" : ""));
        assertEquals(expected.of(ScoreKind.RECON_ERROR)[i], Double.parseDouble(f[2]), 0.0, "error of row " + i);
      }
    }

    Path z = tmp.resolve("z.npy");
    ok("encode", run.toString(), "--input", input.toString(), "--output", z.toString());
    assertArrayEquals(Encodings.of(in.vae(), whole).asMatrix().data, Npy.read(z).data);
  }
}
