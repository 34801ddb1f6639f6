package latent.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import latent.InputException;
import latent.nn.Parameter;

/**
 * Model weights in the safetensors format, written atomically:
 *
 * <pre>
 *   [8 bytes]  N, unsigned little-endian: length of the JSON header
 *   [N bytes]  {"NAME": {"dtype": "F32", "shape": [rows, cols], "data_offsets": [begin, end]}, ...,
 *               "__metadata__": {"key": "value", ...}}
 *   [...]      the tensors' bytes, little-endian float32, offsets relative to the end of the header
 * </pre>
 *
 * Names are the parameters' ({@code encoder.0.weight}); dense weights are stored {@code [in, out]}.
 */
public final class Checkpoint {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L << 20;

  private Checkpoint() {}

  public static void save(Path file, List<Parameter> params, Map<String, String> metadata) {
    ObjectNode header = JSON.createObjectNode();
    long offset = 0;
    for (Parameter p : params) {
      ObjectNode t = header.putObject(p.name);
      t.put("dtype", "F32");
      t.putArray("shape").add(p.value.rows).add(p.value.cols);
      t.putArray("data_offsets").add(offset).add(offset + 4L * p.size());
      offset += 4L * p.size();
    }
    ObjectNode meta = header.putObject("__metadata__");
    metadata.forEach(meta::put);
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    // pad the header with spaces so the data starts 8-byte aligned, as the reference writer does
    int padded = (json.length + 7) / 8 * 8;
    AtomicFiles.write(file, out -> {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
      out.write(len.array());
      out.write(json);
      for (int i = json.length; i < padded; i++) out.write(' ');
      for (Parameter p : params) {
        ByteBuffer buf = ByteBuffer.allocate(4 * p.size()).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(p.value.data);
        out.write(buf.array());
      }
    });
  }

  /** Loads into {@code params} (names and shapes must match, every value finite) and returns the metadata. */
  public static Map<String, String> load(Path file, List<Parameter> params) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such checkpoint");
    } catch (IOException e) {
      throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
    }
    if (bytes.length < 8) throw new InputException(file + ": not a safetensors file (shorter than its 8-byte header length)");
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 2 || n > MAX_HEADER || n > bytes.length - 8) {
      throw new InputException(file + ": not a safetensors file (header length " + n + " with " + bytes.length + " bytes in the file)");
    }
    JsonNode header;
    try {
      header = JSON.readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InputException(file + ": safetensors header is not valid JSON");
    }
    long dataStart = 8 + n;
    for (Parameter p : params) {
      JsonNode t = header.get(p.name);
      if (t == null) throw new InputException(file + ": missing tensor " + p.name);
      JsonNode shape = t.path("shape"), off = t.path("data_offsets");
      if (!"F32".equals(t.path("dtype").asText()) || !shape.isArray() || shape.size() != 2 || shape.get(0).asInt() != p.value.rows
          || shape.get(1).asInt() != p.value.cols) {
        throw new InputException(file + ": tensor " + p.name + " is " + t.path("dtype").asText() + " " + shape
            + ", expected F32 [" + p.value.rows + ", " + p.value.cols + "]");
      }
      long begin = off.isArray() ? off.path(0).asLong(-1) : -1, end = off.isArray() ? off.path(1).asLong(-1) : -1;
      long dataBytes = bytes.length - dataStart;
      if (begin < 0 || end < begin || end > dataBytes || end - begin != 4L * p.size()) {
        throw new InputException(file + ": tensor " + p.name + " has data offsets " + off + " outside the file");
      }
      ByteBuffer.wrap(bytes, (int) (dataStart + begin), 4 * p.size()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(p.value.data);
      for (float v : p.value.data) {
        if (!Float.isFinite(v)) throw new InputException(file + ": tensor " + p.name + " holds " + v + "; expected finite weights");
      }
    }
    Map<String, String> meta = new java.util.LinkedHashMap<>();
    header.path("__metadata__").properties().forEach(e -> meta.put(e.getKey(), e.getValue().asText()));
    return meta;
  }
}
