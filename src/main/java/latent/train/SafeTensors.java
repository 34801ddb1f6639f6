package latent.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import latent.InputException;

/**
 * Named float32 tensors of any rank in the safetensors format (Hugging Face), the format
 * Python's {@code safetensors.torch.load_file} reads:
 *
 * <pre>
 *   [8 bytes]  N, unsigned little-endian: length of the JSON header
 *   [N bytes]  {"NAME": {"dtype": "F32", "shape": [d0, d1, …], "data_offsets": [begin, end]}, …,
 *               "__metadata__": {"key": "value", …}}   (UTF-8, padded with spaces)
 *   [...]      the tensors' bytes, row-major little-endian, offsets relative to the end of the header
 * </pre>
 *
 * Unlike {@link Checkpoint}, which fills a model's own parameters, this reads whatever a file
 * holds, so that weights written elsewhere can be checked name by name and shape by shape.
 * Only dtype F32 is read; every problem is one {@link InputException} naming the file.
 */
public final class SafeTensors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L << 20;
  private static final long MAX_FILE = Integer.MAX_VALUE - 8;

  private SafeTensors() {}

  /** One tensor: its name, shape and values (row-major). */
  public record Entry(String name, long[] shape, float[] data) {
    public Entry {
      long n = 1;
      for (long d : shape) n *= d;
      if (n != data.length) throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n + " values, not " + data.length);
    }
  }

  /** A file's tensors (in header order) and its metadata. */
  public record Contents(Map<String, Entry> tensors, Map<String, String> metadata) {}

  /** Writes {@code tensors} in order, atomically, with the data section 8-byte aligned. */
  public static void write(Path file, List<Entry> tensors, Map<String, String> metadata) {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Entry e : tensors) {
      ObjectNode t = header.putObject(e.name());
      t.put("dtype", "F32");
      var shape = t.putArray("shape");
      for (long d : e.shape()) shape.add(d);
      t.putArray("data_offsets").add(offset).add(offset + 4L * e.data().length);
      offset += 4L * e.data().length;
    }
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    AtomicFiles.write(file, out -> {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(json);
      for (int i = json.length; i < padded; i++) out.write(' ');
      for (Entry e : tensors) {
        ByteBuffer buf = ByteBuffer.allocate(4 * e.data().length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(e.data());
        out.write(buf.array());
      }
    });
  }

  /** Reads and checks every tensor of {@code file}: dtype, shape against byte range, ranges inside the data section. */
  public static Contents read(Path file) {
    if (!Files.isRegularFile(file)) throw new InputException(file + ": no such file (expected a .safetensors file)");
    try (InputStream in = Files.newInputStream(file)) {
      long length = Files.size(file);
      if (length > MAX_FILE) throw new InputException(file + ": " + length + " bytes, larger than the " + MAX_FILE + " that can be read");
      byte[] lenBytes = in.readNBytes(8);
      if (lenBytes.length < 8) throw new InputException(file + ": not a safetensors file (shorter than its 8-byte header length)");
      long n = ByteBuffer.wrap(lenBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (n < 2 || n > MAX_HEADER || n > length - 8) {
        throw new InputException(file + ": not a safetensors file (header length " + n + " with " + length + " bytes in the file)");
      }
      JsonNode header;
      try {
        header = JSON.readTree(new String(in.readNBytes((int) n), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new InputException(file + ": safetensors header is not valid JSON");
      }
      if (header == null || !header.isObject()) throw new InputException(file + ": safetensors header is not a JSON object");
      long dataBytes = length - 8 - n;
      byte[] data = in.readNBytes((int) dataBytes);
      Map<String, Entry> tensors = new LinkedHashMap<>();
      Map<String, String> meta = new LinkedHashMap<>();
      for (var field : header.properties()) {
        String name = field.getKey();
        JsonNode t = field.getValue();
        if (name.equals("__metadata__")) {
          t.properties().forEach(m -> meta.put(m.getKey(), m.getValue().asText()));
          continue;
        }
        String dtype = t.path("dtype").asText("?");
        if (!dtype.equals("F32")) {
          throw new InputException(file + ": tensor " + name + " has dtype " + dtype + ", expected F32 (in PyTorch: tensor.float())");
        }
        JsonNode shapeNode = t.path("shape"), off = t.path("data_offsets");
        if (!shapeNode.isArray() || !off.isArray() || off.size() != 2) throw new InputException(file + ": tensor " + name + " lacks a shape or data_offsets");
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
          shape[i] = shapeNode.get(i).asLong(-1);
          if (shape[i] < 0 || shape[i] > MAX_FILE) throw new InputException(file + ": tensor " + name + " has shape " + shapeNode);
          count *= shape[i];
          if (count > MAX_FILE) throw new InputException(file + ": tensor " + name + " has shape " + shapeNode + ", more values than the file holds");
        }
        long begin = off.get(0).asLong(-1), end = off.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataBytes) {
          throw new InputException(file + ": tensor " + name + " has data offsets " + off + " outside the " + dataBytes + "-byte data section");
        }
        if (end - begin != 4 * count) {
          throw new InputException(file + ": tensor " + name + " of shape " + shapeNode + " needs " + 4 * count + " bytes, its offsets " + off + " give " + (end - begin));
        }
        float[] values = new float[(int) count];
        ByteBuffer.wrap(data, (int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        tensors.put(name, new Entry(name, shape, values));
      }
      return new Contents(tensors, meta);
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file (expected a .safetensors file)");
    } catch (IOException e) {
      throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }
}
