package latent.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import latent.eval.RowKeys;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What a {@link VaeModel} reads from each row: the input column, of D values per row (a Spark
 * ML {@code Vector}, {@code array<float>} or {@code array<double>}), and the optional key column
 * (integers, or strings, hashed) that seeds the row's noise in place of a hash of its values.
 * Checked against the DataFrame's schema before any job runs; each row's problem, if it has
 * one, is a short phrase for {@link InputCheck}'s message.
 */
final class InputColumns implements Serializable {
  private enum Kind { VECTOR, FLOATS, DOUBLES }

  /** The class whose input this is, which messages start with: VaeModel or Vae. */
  final String owner;
  final String input;
  final String key;
  final int size;
  private final int inputIndex;
  private final Kind kind;
  private final int keyIndex;
  private final boolean keyIsText;
  /** Whether the values must also lie in [0, 1] (training data; scoring clamps instead). */
  final boolean unitRange;

  private InputColumns(String owner, String input, int inputIndex, Kind kind, int size, String key, int keyIndex, boolean keyIsText, boolean unitRange) {
    this.owner = owner;
    this.input = input;
    this.inputIndex = inputIndex;
    this.kind = kind;
    this.size = size;
    this.key = key;
    this.keyIndex = keyIndex;
    this.keyIsText = keyIsText;
    this.unitRange = unitRange;
  }

  /** These columns as training reads them: values outside [0, 1] are bad too, and messages name Vae. */
  InputColumns forTraining() {
    return new InputColumns("Vae", input, inputIndex, kind, size, key, keyIndex, keyIsText, true);
  }

  /** D, the length of the first non-null vector of column {@code input}; a column with none is bad input. */
  static int sizeOfFirst(org.apache.spark.sql.Dataset<Row> df, String input) {
    Column values = of("Vae", df.schema(), input, "", 1).asFloats(org.apache.spark.sql.functions.col(InputCheck.quote(input)));
    List<Row> first = df.select(org.apache.spark.sql.functions.size(values)).where(values.isNotNull()).limit(1).collectAsList();
    if (first.isEmpty()) throw new IllegalArgumentException("Vae: column '" + input + "' has no vectors to train on");
    return first.getFirst().getInt(0);
  }

  /** The columns named {@code input} and {@code key} (empty: none) of {@code schema}, checked; {@code owner} starts messages. */
  static InputColumns of(String owner, StructType schema, String input, String key, int size) {
    StructField in = field(owner, schema, input, "inputCol");
    DataType t = in.dataType();
    Kind kind;
    if (t.equals(SQLDataTypes.VectorType())) kind = Kind.VECTOR;
    else if (t instanceof ArrayType a && a.elementType().equals(DataTypes.FloatType)) kind = Kind.FLOATS;
    else if (t instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) kind = Kind.DOUBLES;
    else {
      throw new IllegalArgumentException(owner + ": column '" + input + "' is " + t.simpleString() + "; expected vectors of " + size
          + " values (a Spark ML vector, array<float> or array<double>)");
    }
    if (key.isEmpty()) return new InputColumns(owner, input, schema.fieldIndex(input), kind, size, key, -1, false, false);
    DataType k = field(owner, schema, key, "keyCol").dataType();
    boolean integral = k.equals(DataTypes.LongType) || k.equals(DataTypes.IntegerType) || k.equals(DataTypes.ShortType) || k.equals(DataTypes.ByteType);
    if (!integral && !k.equals(DataTypes.StringType)) {
      throw new IllegalArgumentException(owner + ": key column '" + key + "' is " + k.simpleString() + "; expected integers or strings");
    }
    return new InputColumns(owner, input, schema.fieldIndex(input), kind, size, key, schema.fieldIndex(key), !integral, false);
  }

  private static StructField field(String owner, StructType schema, String name, String param) {
    if (!Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new IllegalArgumentException(owner + ": no column '" + name + "' (" + param + "); the DataFrame has " + Arrays.toString(schema.fieldNames()));
    }
    return schema.apply(name);
  }

  /**
   * Copies the row's D values, as float32, into {@code out[offset ..]}; returns null, or what is
   * wrong with them: "null", "783 values", "NaN at index 5", "Infinity at index 5", or a null key.
   */
  String read(Row row, float[] out, int offset) {
    if (keyIndex >= 0 && row.isNullAt(keyIndex)) return "a null " + key;
    if (row.isNullAt(inputIndex)) return "null";
    if (kind == Kind.VECTOR) {
      Vector v = row.getAs(inputIndex);
      if (v.size() != size) return v.size() + " values";
      double[] d = v.toArray();
      for (int j = 0; j < size; j++) out[offset + j] = (float) d[j];
      return nonFinite(out, offset);
    }
    return copy(row.getList(inputIndex), out, offset);
  }

  /** What {@link #read} would say of a row whose values, as float32, are {@code values} (null: a null vector). */
  String problem(List<?> values, boolean keyIsNull) {
    if (keyIsNull) return "a null " + key;
    return values == null ? "null" : copy(values, new float[size], 0);
  }

  /** Copies D numbers (any Number, each rounded to float32) into {@code out[offset ..]}; returns what is wrong with them, or null. */
  private String copy(List<?> values, float[] out, int offset) {
    if (values.size() != size) return values.size() + " values";
    for (int j = 0; j < size; j++) {
      Object v = values.get(j);
      if (v == null) return "a null value at index " + j;
      out[offset + j] = ((Number) v).floatValue();
    }
    return nonFinite(out, offset);
  }

  private String nonFinite(float[] values, int offset) {
    for (int j = 0; j < size; j++) {
      float v = values[offset + j];
      if (!Float.isFinite(v)) return v + " at index " + j;
    }
    if (unitRange) {
      for (int j = 0; j < size; j++) {
        float v = values[offset + j];
        if (v < 0 || v > 1) return v + " at index " + j + ", outside [0, 1]";
      }
    }
    return null;
  }

  /** The input column as Spark SQL sees it in float32: array<float>, whatever the column's type. */
  Column asFloats(Column in) {
    return switch (kind) {
      case VECTOR -> org.apache.spark.ml.functions.vector_to_array(in, "float32");
      case DOUBLES -> in.cast("array<float>");
      case FLOATS -> in;
    };
  }

  /** The key that seeds the row's noise: the key column's, or a hash of the row's scaled values ({@link RowKeys}). */
  long key(Row row, float[] scaled, int offset) {
    if (keyIndex < 0) return RowKeys.ofValues(scaled, offset, size);
    return keyIsText ? RowKeys.ofText(row.getString(keyIndex)) : ((Number) row.get(keyIndex)).longValue();
  }

  /** How a message names a row: its key column's value, or its place in the partition. */
  String name(Row row, int partition, long index) {
    String place = "row " + index + " of partition " + partition;
    return keyIndex < 0 ? place : key + " = " + row.get(keyIndex) + " (" + place + ")";
  }
}
