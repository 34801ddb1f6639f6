package latent.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import latent.InputException;
import latent.io.SafeTensors;
import latent.nn.Parameter;

/**
 * A model's parameters as a safetensors file, {@code model.safetensors}: one F32 tensor per
 * parameter under its name ({@code encoder.0.weight}), dense weights stored {@code [in, out]},
 * biases {@code [1, out]}. {@code latent export} writes PyTorch's layout instead.
 */
public final class Weights {
  private Weights() {}

  /** Writes {@code params} and {@code metadata} to {@code file}, atomically. */
  public static void save(Path file, List<Parameter> params, Map<String, String> metadata) {
    SafeTensors.write(file, contents(params, metadata));
  }

  /** The file {@link #save} writes, as bytes. */
  public static byte[] bytes(List<Parameter> params, Map<String, String> metadata) {
    var out = new java.io.ByteArrayOutputStream();
    try {
      SafeTensors.write(out, contents(params, metadata), false);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);   // a byte array does not fail
    }
    return out.toByteArray();
  }

  private static SafeTensors.Contents contents(List<Parameter> params, Map<String, String> metadata) {
    List<SafeTensors.Tensor> tensors = new ArrayList<>();
    for (Parameter p : params) tensors.add(SafeTensors.Tensor.matrix(p.name, p.value.rows, p.value.cols, p.value.data));
    return new SafeTensors.Contents(tensors, metadata);
  }

  /** Loads into {@code params} (names and shapes must match, every value finite) and returns the metadata. */
  public static Map<String, String> load(Path file, List<Parameter> params) {
    return load(SafeTensors.read(file, SafeTensors.Kind.WEIGHTS), file.toString(), params);
  }

  /** As {@link #load(Path, List)}, from the file's parsed contents ({@code file} names it in messages). */
  public static Map<String, String> load(SafeTensors.Contents c, String file, List<Parameter> params) {
    for (Parameter p : params) {
      SafeTensors.Tensor t = c.tensor(p.name, file);
      if (!t.dtype().equals("F32") || !t.isMatrix(p.value.rows, p.value.cols)) {
        throw new InputException(file + ": tensor " + p.name + " is " + t.dtype() + " " + t.shapeText() + ", expected F32 ["
            + p.value.rows + ", " + p.value.cols + "]");
      }
      float[] values = t.floats(file);
      for (float v : values) {
        if (!Float.isFinite(v)) throw new InputException(file + ": tensor " + p.name + " holds " + v + "; expected finite weights");
      }
      System.arraycopy(values, 0, p.value.data, 0, p.size());
    }
    return c.metadata();
  }
}
