package latent.spark;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_min;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;


import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The pass over the input column (and key column) that {@link VaeModel#transform} makes before
 * it scores anything: every row must hold D finite float32 values (and a key, when a key column
 * is given). A DataFrame with bad rows gets one exception, naming the column, the length
 * expected, how many rows failed and the first of them; no row is dropped silently. The pass is
 * one aggregation in Spark SQL: no row objects are built and only those columns are read.
 */
final class InputCheck {
  private InputCheck() {}

  static void run(Dataset<Row> df, InputColumns c) {
    Column values = c.asFloats(col(quote(c.input)));
    // array_contains is null when an array without the value holds a null, so a null element is bad too
    Column nonFinite = coalesce(array_contains(values, Float.NaN).or(array_contains(values, Float.POSITIVE_INFINITY))
        .or(array_contains(values, Float.NEGATIVE_INFINITY)), lit(true));
    Column bad = values.isNull().or(size(values).notEqual(c.size)).or(nonFinite);
    if (c.unitRange) bad = bad.or(array_min(values).lt(0)).or(array_max(values).gt(1));
    Column key = lit(null).cast("string"), keyIsNull = lit(false);
    if (!c.key.isEmpty()) {
      key = col(quote(c.key)).cast("string");
      keyIsNull = col(quote(c.key)).isNull();
      bad = bad.or(keyIsNull);
    }
    // the id, (partition << 33) + the row's place in it, is numbered over every row, then kept for the bad ones
    Row r = df.select(bad.as("bad"), monotonically_increasing_id().as("id"), struct(values.as("values"), keyIsNull.as("keyIsNull"), key.as("key")).as("row"))
        .select(col("bad"), when(col("bad"), col("id")).as("at"), col("row"))
        .agg(count(lit(1)), count_if(col("bad")), min(col("at")), min_by(col("row"), col("at")))
        .first();
    long total = r.getLong(0), failed = r.getLong(1);
    if (failed == 0) return;
    long at = r.getLong(2);
    Row first = r.getStruct(3);
    String place = "row " + (at & ((1L << 33) - 1)) + " of partition " + (at >>> 33);
    String name = c.key.isEmpty() ? place : c.key + " = " + first.getString(2) + " (" + place + ")";
    throw new IllegalArgumentException(message(c, failed, total, name + ": " + c.problem(first.isNullAt(0) ? null : first.getList(0), first.getBoolean(1))));
  }

  /** The one line: column, expected length, count, first bad row. */
  static String message(InputColumns c, long bad, long total, String first) {
    return String.format("%s; %,d of %,d rows are not, nothing was scored (first: %s)", expected(c), bad, total, first);
  }

  /** The line of a task that met a bad row without the check (checkInput false). */
  static String taskMessage(InputColumns c, String row) {
    return expected(c) + "; " + row + " (checkInput is off, so the rows after it were not checked)";
  }

  private static String expected(InputColumns c) {
    return c.owner + ": column '" + c.input + "': expected vectors of " + c.size + (c.unitRange ? " values in [0, 1]" : " finite values") + " in every row"
        + (c.key.isEmpty() ? "" : " and a key in '" + c.key + "'");
  }

  /** A column name as Spark's col() takes it literally (dots and backticks included). */
  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
