package latent.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import latent.InputException;

/**
 * A set of named tensors (float32 or int32) and string metadata in the safetensors layout,
 * sealed with a SHA-256 checksum in the metadata so that any changed byte is detected:
 *
 * <pre>
 *   [8 bytes]  N, little-endian: length of the JSON header (padded with spaces to a multiple of 8)
 *   [N bytes]  {"NAME": {"dtype": "F32"|"I32", "shape": [...], "data_offsets": [begin, end]}, ...,
 *               "__metadata__": {..., "sha256": "64 hex digits"}}
 *   [...]      the tensors' bytes, little-endian, offsets relative to the end of the header
 *
 *   sha256 = SHA-256(the whole file with the checksum's 64 digits written as '0')
 * </pre>
 *
 * Any safetensors reader loads the tensors; {@link #parse} also verifies the checksum, and
 * checks every length and offset against the file's size before allocating, so a damaged or
 * hostile file costs one {@link InputException} and no more memory than its own size.
 */
public final class SafetensorsState {
  static final String CHECKSUM = "sha256";
  private static final String ZEROS = "0".repeat(64);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One tensor: {@code f32} or {@code i32} holds the values, row-major, of the given shape. */
  public record Tensor(String name, long[] shape, float[] f32, int[] i32) {
    public static Tensor of(String name, int rows, int cols, float[] values) {
      return new Tensor(name, new long[] {rows, cols}, values, null);
    }

    public static Tensor ints(String name, int[] values) {
      return new Tensor(name, new long[] {values.length}, null, values);
    }

    int bytes() {
      return 4 * (f32 != null ? f32.length : i32.length);
    }
  }

  /** The tensors in file order and the metadata (without the checksum). */
  public record Contents(List<Tensor> tensors, Map<String, String> metadata) {
    public Tensor tensor(String name, String file) {
      for (Tensor t : tensors) if (t.name().equals(name)) return t;
      throw new InputException(file + ": missing tensor " + name);
    }

    public String meta(String key, String file) {
      String v = metadata.get(key);
      if (v == null) throw new InputException(file + ": missing metadata entry " + key);
      return v;
    }
  }

  private SafetensorsState() {}

  /** Writes {@code c} to {@code out}, checksum included. */
  public static void write(Contents c, OutputStream out) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    long offset = 0;
    for (Tensor t : c.tensors()) {
      ObjectNode e = header.putObject(t.name());
      e.put("dtype", t.f32() != null ? "F32" : "I32");
      var shape = e.putArray("shape");
      for (long d : t.shape()) shape.add(d);
      e.putArray("data_offsets").add(offset).add(offset + t.bytes());
      offset += t.bytes();
    }
    ObjectNode meta = header.putObject("__metadata__");
    c.metadata().forEach(meta::put);
    meta.put(CHECKSUM, ZEROS);
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    byte[] head = new byte[8 + padded];
    ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
    System.arraycopy(json, 0, head, 8, json.length);
    for (int i = 8 + json.length; i < head.length; i++) head[i] = ' ';
    ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(offset)).order(ByteOrder.LITTLE_ENDIAN);
    for (Tensor t : c.tensors()) {
      if (t.f32() != null) for (float v : t.f32()) data.putFloat(v);
      else for (int v : t.i32()) data.putInt(v);
    }
    MessageDigest sha = sha256();
    sha.update(head);
    sha.update(data.array());
    byte[] digits = HexFormat.of().formatHex(sha.digest()).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(digits, 0, head, checksumAt(head, head.length, ZEROS), 64);
    out.write(head);
    out.write(data.array());
  }

  /** Reads and verifies a file's bytes; {@code file} names it in messages. */
  public static Contents parse(byte[] bytes, String file) {
    if (bytes.length < 8) throw new InputException(file + ": not a checkpoint (" + bytes.length + " bytes, shorter than the 8-byte header length)");
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 2 || n > bytes.length - 8) {
      throw new InputException(file + ": not a checkpoint (header length " + n + " with " + bytes.length + " bytes in the file)");
    }
    JsonNode header;
    try {
      header = JSON.readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InputException(file + ": damaged checkpoint (header is not valid JSON)");
    }
    if (header == null || !header.isObject()) throw new InputException(file + ": damaged checkpoint (header is not a JSON object)");
    String sum = header.path("__metadata__").path(CHECKSUM).asText("");
    if (!sum.matches("[0-9a-f]{64}")) throw new InputException(file + ": damaged checkpoint (no SHA-256 checksum in its metadata)");
    byte[] zeroed = bytes.clone();
    int at = checksumAt(zeroed, (int) (8 + n), sum);
    if (at < 0) throw new InputException(file + ": damaged checkpoint (checksum not where the writer puts it)");
    System.arraycopy(ZEROS.getBytes(StandardCharsets.US_ASCII), 0, zeroed, at, 64);
    String actual = HexFormat.of().formatHex(sha256().digest(zeroed));
    if (!actual.equals(sum)) {
      throw new InputException(file + ": damaged checkpoint (SHA-256 " + actual.substring(0, 12) + "… does not match the recorded "
          + sum.substring(0, 12) + "…)");
    }
    long dataStart = 8 + n, dataBytes = bytes.length - dataStart;
    List<Tensor> tensors = new ArrayList<>();
    Map<String, String> meta = new LinkedHashMap<>();
    for (var e : header.properties()) {
      if (e.getKey().equals("__metadata__")) {
        e.getValue().properties().forEach(m -> {
          if (!m.getKey().equals(CHECKSUM)) meta.put(m.getKey(), m.getValue().asText());
        });
        continue;
      }
      tensors.add(tensor(e.getKey(), e.getValue(), bytes, dataStart, dataBytes, file));
    }
    return new Contents(tensors, meta);
  }

  private static Tensor tensor(String name, JsonNode t, byte[] bytes, long dataStart, long dataBytes, String file) {
    String dtype = t.path("dtype").asText("");
    JsonNode shape = t.path("shape"), off = t.path("data_offsets");
    if (!dtype.equals("F32") && !dtype.equals("I32")) throw new InputException(file + ": tensor " + name + " has dtype '" + dtype + "', expected F32 or I32");
    if (!shape.isArray() || shape.size() > 8 || !off.isArray() || off.size() != 2) {
      throw new InputException(file + ": tensor " + name + " has a malformed shape or data_offsets");
    }
    long count = 1;
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i).canConvertToLong() ? shape.get(i).asLong() : -1;
      if (dims[i] < 0 || dims[i] > dataBytes) throw new InputException(file + ": tensor " + name + " has shape " + shape + " beyond the file");
      count *= dims[i];
      if (count > dataBytes) throw new InputException(file + ": tensor " + name + " has shape " + shape + " beyond the file");
    }
    long begin = off.get(0).canConvertToLong() ? off.get(0).asLong() : -1, end = off.get(1).canConvertToLong() ? off.get(1).asLong() : -1;
    if (begin < 0 || end < begin || end > dataBytes || end - begin != 4 * count) {
      throw new InputException(file + ": tensor " + name + " has data offsets " + off + " that disagree with its shape " + shape
          + " or lie outside the file");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, (int) (dataStart + begin), (int) (4 * count)).order(ByteOrder.LITTLE_ENDIAN);
    if (dtype.equals("F32")) {
      float[] v = new float[(int) count];
      b.asFloatBuffer().get(v);
      return new Tensor(name, dims, v, null);
    }
    int[] v = new int[(int) count];
    b.asIntBuffer().get(v);
    return new Tensor(name, dims, null, v);
  }

  /** Where {@code "sha256":"<digits>"} puts its digits in {@code bytes[8, end)}, or −1. */
  private static int checksumAt(byte[] bytes, int end, String digits) {
    byte[] key = ("\"" + CHECKSUM + "\":\"" + digits + "\"").getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 8; i <= end - key.length; i++) {
      for (int j = 0; j < key.length; j++) if (bytes[i + j] != key[j]) continue outer;
      return i + key.length - 65;
    }
    return -1;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
