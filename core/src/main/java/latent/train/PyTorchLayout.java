package latent.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import latent.InputException;
import latent.io.SafeTensors;
import latent.nn.Parameter;

/**
 * The mapping between latent's parameters and the tensors of an exported model file, chosen so
 * that {@code model.load_state_dict(safetensors.torch.load_file(path))} loads them into a
 * PyTorch model of the same architecture built from {@code torch.nn.Linear} layers:
 *
 * <pre>
 *   latent parameter             shape in latent   exported tensor, shape (PyTorch's)
 *   NAME.weight  (dense W)       [in, out]         NAME.weight  [out, in]   = Wᵀ   (y = x Wᵀ + b)
 *   NAME.bias    (dense b)       [1, out]          NAME.bias    [out]
 *   decoder.pixel_logvar         [1, D]            decoder.pixel_logvar  [D]
 * </pre>
 *
 * Names are unchanged ({@code encoder.0.weight}, {@code encoder.loc.bias},
 * {@code decoder.logits.weight}, …; docs/MODEL_FILES.md lists them per architecture). Import is
 * strict, like PyTorch's {@code strict=True}: every expected tensor must be present with its
 * exact shape, and no other tensor may be.
 */
public final class PyTorchLayout {
  private PyTorchLayout() {}

  /** The exported tensors of {@code params}, in order. */
  public static List<SafeTensors.Tensor> export(List<Parameter> params) {
    List<SafeTensors.Tensor> out = new ArrayList<>();
    for (Parameter p : params) {
      var v = p.value;
      if (isDenseWeight(p)) {
        float[] t = new float[v.size()];
        for (int i = 0; i < v.rows; i++) for (int j = 0; j < v.cols; j++) t[j * v.rows + i] = v.data[i * v.cols + j];
        out.add(SafeTensors.Tensor.of(p.name, new long[] {v.cols, v.rows}, t));
      } else {
        out.add(SafeTensors.Tensor.of(p.name, new long[] {v.size()}, v.data.clone()));
      }
    }
    return out;
  }

  /** Fills {@code params} from exported tensors, checking names, dtypes and shapes; {@code file} names the source in errors. */
  public static void load(Path file, SafeTensors.Contents contents, List<Parameter> params) {
    Map<String, SafeTensors.Tensor> tensors = new java.util.LinkedHashMap<>();
    for (SafeTensors.Tensor t : contents.tensors()) tensors.put(t.name(), t);
    Set<String> expected = new HashSet<>();
    for (Parameter p : params) {
      expected.add(p.name);
      var v = p.value;
      SafeTensors.Tensor e = tensors.get(p.name);
      long[] want = isDenseWeight(p) ? new long[] {v.cols, v.rows} : new long[] {v.size()};
      if (e == null) throw new InputException(file + ": missing tensor " + p.name + " " + Arrays.toString(want) + " (names and layouts: docs/MODEL_FILES.md)");
      if (!e.dtype().equals("F32")) {
        throw new InputException(file + ": tensor " + p.name + " has dtype " + e.dtype() + ", expected F32 (in PyTorch: tensor.float())");
      }
      if (!Arrays.equals(e.shape(), want)) {
        throw new InputException(file + ": tensor " + p.name + " has shape " + Arrays.toString(e.shape()) + ", expected " + Arrays.toString(want)
            + (isDenseWeight(p) ? " ([out, in], as torch.nn.Linear stores it)" : ""));
      }
      float[] values = e.floats(file.toString());
      if (isDenseWeight(p)) {
        for (int i = 0; i < v.rows; i++) for (int j = 0; j < v.cols; j++) v.data[i * v.cols + j] = values[j * v.rows + i];
      } else {
        System.arraycopy(values, 0, v.data, 0, v.size());
      }
      for (float f : v.data) {
        if (!Float.isFinite(f)) throw new InputException(file + ": tensor " + p.name + " holds " + f + "; expected finite weights");
      }
    }
    for (String name : tensors.keySet()) {
      if (!expected.contains(name)) throw new InputException(file + ": unexpected tensor " + name + "; this architecture has " + expected.size() + " tensors, listed in docs/MODEL_FILES.md");
    }
  }

  private static boolean isDenseWeight(Parameter p) {
    return p.name.endsWith(".weight");
  }
}
