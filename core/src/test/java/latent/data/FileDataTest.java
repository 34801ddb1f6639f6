package latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import latent.InputException;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDataTest {
  @TempDir Path tmp;

  @Test
  void scalingRulesMapTheTrainingRangeOntoZeroOne() {
    Tensor x = Tensor.of(2, 2, -1f, 10f, 3f, 30f);
    assertArrayEquals(new float[] {0f, 11 / 31f, 4 / 31f, 1f}, Scaling.fit(Scaling.Kind.MINMAX, x).apply(x, "x", false).x().data, 1e-7f);
    assertArrayEquals(new float[] {0f, 0f, 1f, 1f}, Scaling.fit(Scaling.Kind.COLUMNS, x).apply(x, "x", false).x().data);
    Tensor bytes = Tensor.of(1, 2, 0f, 255f);
    assertArrayEquals(new float[] {0f, 1f}, Scaling.fit(Scaling.Kind.BYTES, bytes).apply(bytes, "x", false).x().data);
    // a constant column maps to 0
    Tensor constant = Tensor.of(2, 1, 5f, 5f);
    assertArrayEquals(new float[] {0f, 0f}, Scaling.fit(Scaling.Kind.COLUMNS, constant).apply(constant, "x", false).x().data);
  }

  /** invert maps scaled values back to raw units under every rule (within float rounding). */
  @Test
  void invertUndoesEveryRule() {
    Tensor x = Tensor.of(3, 2, -1f, 10f, 3f, 30f, 0.5f, 12f);
    for (Scaling.Kind kind : Scaling.Kind.values()) {
      Tensor raw = kind == Scaling.Kind.NONE ? Tensor.of(1, 2, 0.25f, 1f) : kind == Scaling.Kind.BYTES ? Tensor.of(1, 2, 17f, 255f) : x;
      Scaling s = Scaling.fit(kind, raw);
      Tensor back = s.apply(raw, "x", false).x();
      s.invert(back);
      assertArrayEquals(raw.data, back.data, 1e-5f, kind.name());
    }
  }

  @Test
  void newDataOutsideTheRangeIsClampedAndCounted() {
    Scaling s = Scaling.fit(Scaling.Kind.MINMAX, Tensor.of(1, 2, 0f, 10f));
    Scaling.Scaled out = s.apply(Tensor.of(1, 3, -5f, 5f, 20f), "new", true);
    assertArrayEquals(new float[] {0f, 0.5f, 1f}, out.x().data);
    assertEquals(2, out.clamped());
  }

  @Test
  void unscaledValuesOutsideZeroOneAreOneLineSuggestingScale() {
    Tensor x = Tensor.of(1, 2, 0.5f, 255f);
    var e = assertThrows(InputException.class, () -> Scaling.fit(Scaling.Kind.NONE, x).apply(x, "f.npy", false));
    assertTrue(e.getMessage().startsWith("f.npy: value 255.0 at row 0, column 1 is outside [0, 1]"), e.getMessage());
    assertTrue(e.getMessage().contains("after scale none") && e.getMessage().contains("choose scale bytes"), e.getMessage());
    var nan = assertThrows(InputException.class, () -> Scaling.fit(Scaling.Kind.NONE, x).apply(Tensor.of(1, 1, Float.NaN), "f.npy", true));
    assertTrue(nan.getMessage().contains("expected finite numbers"), nan.getMessage());
  }

  @Test
  void heldOutSplitIsSeededAndTheRecordReproducesIt() throws Exception {
    Path f = DigitFiles.npy(tmp.resolve("d.npy"), DigitFiles.digits(50, 3), 1f);
    FileData.Loaded a = FileData.load(f, null, 0.2, 7, Scaling.Kind.BYTES, s -> {});
    assertEquals(40, a.sets().train().size());
    assertEquals(10, a.sets().test().size());
    Path run = Files.createDirectories(tmp.resolve("run"));
    Files.writeString(run.resolve(FileData.FILE), a.spec().toJson());
    assertTrue(FileData.recordedIn(run));
    TrainTest again = FileData.read(run).load();
    assertArrayEquals(a.sets().train().x().data, again.train().x().data);
    assertArrayEquals(a.sets().test().x().data, again.test().x().data);
    FileData.Loaded other = FileData.load(f, null, 0.2, 8, Scaling.Kind.BYTES, s -> {});
    assertTrue(!java.util.Arrays.equals(a.sets().test().x().data, other.sets().test().x().data), "another seed, another split");
  }

  /** Under a fixed scale a value outside [0, 1] is bad input whichever part the split puts it in, not clamped when held out. */
  @Test
  void aFixedScaleChecksTheHeldOutRowsToo() throws Exception {
    Tensor x = DigitFiles.digits(20, 3);
    for (int i = 0; i < x.data.length; i++) x.data[i] /= 255f;
    for (int r = 0; r < x.rows; r++) {
      Tensor bad = new Tensor(x.rows, x.cols, x.data.clone());
      bad.data[r * x.cols] = 2f;
      Path f = DigitFiles.npy(tmp.resolve("bad" + r + ".npy"), bad, 1f);
      var e = assertThrows(InputException.class, () -> FileData.load(f, null, 0.25, 7, Scaling.Kind.NONE, s -> {}), "row " + r);
      assertTrue(e.getMessage().startsWith(f + " (") && e.getMessage().contains("value 2.0 at row"), e.getMessage());
    }
  }

  /** With a separate test file recorded, the test set is read from it alone: the training file may be gone. */
  @Test
  void loadTestReadsOnlyTheTestFile() throws Exception {
    Path train = DigitFiles.npy(tmp.resolve("tr.npy"), DigitFiles.digits(30, 1), 1f), test = DigitFiles.npy(tmp.resolve("te.npy"), DigitFiles.digits(8, 2), 1f);
    FileData.Loaded a = FileData.load(train, test, 0.1, 1, Scaling.Kind.MINMAX, s -> {});
    Files.delete(train);
    Dataset again = a.spec().loadTest();
    assertArrayEquals(a.sets().test().x().data, again.x().data);
    assertEquals(a.sets().test().name(), again.name());
  }

  @Test
  void separateTestFileMustMatchTheColumns() throws Exception {
    Path train = DigitFiles.csv(tmp.resolve("train.csv"), DigitFiles.digits(20, 1));
    Path test = DigitFiles.csv(tmp.resolve("test.csv"), Tensor.of(1, 2, 1f, 2f));
    var e = assertThrows(InputException.class, () -> FileData.load(train, test, 0.1, 1, Scaling.Kind.MINMAX, s -> {}));
    assertTrue(e.getMessage().contains("2 values per row") && e.getMessage().contains("64"), e.getMessage());
    var few = assertThrows(InputException.class, () -> FileData.load(DigitFiles.csv(tmp.resolve("one.csv"), DigitFiles.digits(1, 1)),
        null, 0.5, 1, Scaling.Kind.BYTES, s -> {}));
    assertTrue(few.getMessage().contains("leaves none to train on"), few.getMessage());
  }
  /** A data.json whose scaling bounds are not arrays of numbers is bad input naming the file, not a crash. */
  @Test
  void malformedScalingBoundsAreBadInput() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("run-bounds"));
    Path record = run.resolve(FileData.FILE);
    String good = "{\"train\": \"t.npy\", \"test\": null, \"scale\": \"minmax\", \"min\": [1], \"max\": [3]}";
    Files.writeString(record, good);
    assertArrayEquals(new float[] {3}, FileData.read(run).scaling().max());
    for (String bad : new String[] {"\"min\": {\"a\": 1}", "\"min\": [\"x\"]", "\"min\": 7"}) {
      Files.writeString(record, good.replace("\"min\": [1]", bad));
      InputException e = assertThrows(InputException.class, () -> FileData.read(run), bad);
      assertTrue(e.getMessage().startsWith(record + ": expected 'min' to be an array of numbers"), e.getMessage());
    }
  }
}
