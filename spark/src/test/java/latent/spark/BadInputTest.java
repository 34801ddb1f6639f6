package latent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import latent.InputException;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input is one exception before anything is scored: a missing or mistyped column, and rows
 * that are null, of the wrong length, or hold NaN or infinity, named with the column, the length
 * expected, how many rows failed and the first of them; no row is dropped.
 */
class BadInputTest extends LocalSparkTest {
  static List<Float[]> good;

  @BeforeAll
  static void goodRows() {
    good = new ArrayList<>();
    for (int i = 0; i < x.rows; i++) {
      Float[] v = new Float[x.cols];
      for (int j = 0; j < x.cols; j++) v[j] = x.data[i * x.cols + j];
      good.add(v);
    }
  }

  static VaeModel model() {
    return VaeModel.fromRun(run.toString());
  }

  /** The 46 good rows with rows 7, 20, 21 and 33 spoilt. */
  static Dataset<Row> spoilt(Float[] seven, Float[] twenty, Float[] twentyOne, Float[] thirtyThree) {
    List<Float[]> rows = new ArrayList<>(good);
    rows.set(7, seven);
    rows.set(20, twenty);
    rows.set(21, twentyOne);
    rows.set(33, thirtyThree);
    return Fixture.frame(spark, rows);
  }

  static Float[] with(int row, int index, Float value) {
    Float[] v = good.get(row).clone();
    v[index] = value;
    return v;
  }

  @Test
  void badRowsAreCountedAndTheFirstIsNamed() {
    Float[] shorter = java.util.Arrays.copyOf(good.get(20), 11);
    Dataset<Row> df = spoilt(null, shorter, with(21, 4, Float.NaN), with(33, 0, Float.POSITIVE_INFINITY));
    var e = assertThrows(IllegalArgumentException.class, () -> model().transform(df));
    assertEquals("VaeModel: column 'features': expected vectors of 12 finite values in every row; 4 of 46 rows are not, nothing was scored"
        + " (first: row 7 of partition 0: null)", e.getMessage());
    var keyed = assertThrows(IllegalArgumentException.class, () -> model().setKeyCol("id").transform(df.repartition(3)));
    assertTrue(keyed.getMessage().contains("in every row and a key in 'id'; 4 of 46 rows are not"), keyed.getMessage());
    assertTrue(keyed.getMessage().matches(".*\\(first: id = (7|20|21|33) \\(row \\d+ of partition \\d\\): .*\\)"), keyed.getMessage());
  }

  @Test
  void eachKindOfBadRowIsNamed() {
    String[] expected = {"11 values", "NaN at index 4", "Infinity at index 0", "-Infinity at index 11", "a null value at index 2"};
    Float[][] first = {java.util.Arrays.copyOf(good.get(7), 11), with(7, 4, Float.NaN), with(7, 0, Float.POSITIVE_INFINITY),
        with(7, 11, Float.NEGATIVE_INFINITY), with(7, 2, null)};
    for (int c = 0; c < expected.length; c++) {
      Dataset<Row> df = spoilt(first[c], good.get(20), good.get(21), good.get(33));
      var e = assertThrows(IllegalArgumentException.class, () -> model().transform(df));
      assertTrue(e.getMessage().endsWith("1 of 46 rows are not, nothing was scored (first: row 7 of partition 0: " + expected[c] + ")"), e.getMessage());
    }
  }

  /** A double too large for float32 is infinite to the model, so it is bad input too. */
  @Test
  void vectorsAndDoubleArraysAreCheckedAlike() {
    Dataset<Row> df = Fixture.frame(spark, good);
    Dataset<Row> doubles = df.withColumn("features", functions.col("features").cast("array<double>"))
        .withColumn("features", functions.when(functions.col("id").equalTo(5), functions.array_repeat(functions.lit(1e300), 12))
            .otherwise(functions.col("features")));
    var e = assertThrows(IllegalArgumentException.class, () -> model().transform(doubles));
    assertTrue(e.getMessage().endsWith("1 of 46 rows are not, nothing was scored (first: row 5 of partition 0: Infinity at index 0)"), e.getMessage());
    Dataset<Row> vectors = df.withColumn("features", org.apache.spark.ml.functions.array_to_vector(functions.col("features")));
    assertEquals(46, model().transform(vectors).count());
  }

  @Test
  void aNullKeyIsBadInput() {
    Dataset<Row> df = Fixture.frame(spark, good).withColumn("key", functions.when(functions.col("id").notEqual(9), functions.col("id")));
    var e = assertThrows(IllegalArgumentException.class, () -> model().setKeyCol("key").transform(df));
    assertTrue(e.getMessage().endsWith("1 of 46 rows are not, nothing was scored (first: key = null (row 9 of partition 0): a null key)"), e.getMessage());
  }

  @Test
  void columnsAreCheckedBeforeAnyJob() {
    Dataset<Row> df = Fixture.frame(spark, good);
    var missing = assertThrows(IllegalArgumentException.class, () -> model().setInputCol("pixels").transform(df));
    assertEquals("VaeModel: no column 'pixels' (inputCol); the DataFrame has [id, features]", missing.getMessage());
    var text = assertThrows(IllegalArgumentException.class, () -> model().setInputCol("id").transform(df));
    assertEquals("VaeModel: column 'id' is bigint; expected vectors of 12 values (a Spark ML vector, array<float> or array<double>)", text.getMessage());
    var key = assertThrows(IllegalArgumentException.class, () -> model().setKeyCol("features").transform(df));
    assertEquals("VaeModel: key column 'features' is array<float>; expected integers or strings", key.getMessage());
    var taken = assertThrows(IllegalArgumentException.class, () -> model().setScoreCol("id").transform(df));
    assertEquals("VaeModel: output column 'id' already exists; choose another name", taken.getMessage());
    var none = assertThrows(IllegalArgumentException.class, () -> model().setLatentMeanCol("").setLatentLogVarCol("").setScoreCol("").setElboCol("")
        .setReconLogLikCol("").setReconErrorCol("").transform(df));
    assertTrue(none.getMessage().startsWith("VaeModel: every output column is empty"), none.getMessage());
    var k = assertThrows(IllegalArgumentException.class, () -> model().setK(0));
    assertTrue(k.getMessage().contains("k given invalid value 0"), k.getMessage());
  }

  /** Without the check the first bad row fails its task, with the same kind of message: still nothing dropped. */
  @Test
  void withoutTheCheckTheFirstBadRowFailsTheJob() {
    Dataset<Row> df = spoilt(good.get(7), with(20, 3, Float.NaN), good.get(21), good.get(33));
    Dataset<Row> lazy = model().setCheckInput(false).transform(df);
    var e = assertThrows(SparkException.class, lazy::collectAsList);
    Throwable cause = e;
    while (cause != null && !(cause instanceof IllegalArgumentException)) cause = cause.getCause();
    assertTrue(cause != null && cause.getMessage().contains("; row 20 of partition 0: NaN at index 3 (checkInput is off, so the rows after it were not checked)"),
        String.valueOf(cause));
  }

  @Test
  void aFolderThatIsNoModelIsOneLine() throws Exception {
    var none = assertThrows(InputException.class, () -> VaeModel.fromRun(tmp.resolve("nothing").toString()));
    assertEquals(tmp.resolve("nothing") + ": no such run folder", none.getMessage());
    Path half = Files.createDirectories(tmp.resolve("half"));
    Files.copy(run.resolve("config.json"), half.resolve("config.json"));
    var noWeights = assertThrows(InputException.class, () -> VaeModel.fromRun(half.toString()));
    assertTrue(noWeights.getMessage().startsWith(half + ": not a saved latent model (no model.safetensors"), noWeights.getMessage());
    Files.write(half.resolve("model.safetensors"), new byte[] {1, 2, 3});
    var cut = assertThrows(InputException.class, () -> VaeModel.fromRun(half.toString()));
    assertTrue(cut.getMessage().startsWith(half + "/model.safetensors: "), cut.getMessage());
    Files.copy(run.resolve("model.safetensors"), half.resolve("model.safetensors"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(half.resolve("config.json"), Files.readString(run.resolve("config.json")).replace("\"latentSize\" : 3", "\"latentSize\" : 4"));
    var shape = assertThrows(InputException.class, () -> VaeModel.fromRun(half.toString()));
    assertTrue(shape.getMessage().startsWith(half + "/model.safetensors: tensor encoder.loc.weight is F32 [16,3], expected F32 [16, 4]"), shape.getMessage());
  }
}
