import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks FastgenWebhookVerifier against the repository's signature vectors.
 *
 * <pre>
 * javac -d /tmp/fastgen-verify FastgenWebhookVerifier.java VerifyVectors.java
 * java -cp /tmp/fastgen-verify VerifyVectors path/to/signatures.json   (or VECTORS=path)
 * </pre>
 *
 * Exits non-zero on any failure.
 */
public final class VerifyVectors {
  private static int passed;
  private static final List<String> failed = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    String p = args.length > 0 ? args[0] : System.getenv("VECTORS");
    if (p == null || p.isEmpty()) p = "../../../libs/signing/test-vectors/signatures.json";
    Path path = Paths.get(p);
    if (!Files.isRegularFile(path)) {
      System.err.println("signature vectors not found at " + path.toAbsolutePath() + " (pass a path or set VECTORS)");
      System.exit(2);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> root = (Map<String, Object>) new Json(Files.readString(path, StandardCharsets.UTF_8)).parse();

    List<Map<String, Object>> valid = list(root.get("valid"));
    check("vectors file has valid cases", !valid.isEmpty());
    for (Map<String, Object> v : valid) {
      String n = str(v, "name"), s = str(v, "secret");
      byte[] b = bytes(v);
      long ts = num(v, "webhook_timestamp");
      check(n + ": sign x-fastgen-signature", FastgenWebhookVerifier.signFastgen(s, b).equals(str(v, "x_fastgen_signature")));
      check(n + ": sign webhook-signature",
          FastgenWebhookVerifier.signStandard(s, str(v, "webhook_id"), ts, b).equals(str(v, "webhook_signature")));
      check(n + ": verify x-fastgen-signature", refused(() -> FastgenWebhookVerifier.verifyFastgen(s, b, str(v, "x_fastgen_signature"))) == null);
      check(n + ": verify webhook-signature", refused(() -> FastgenWebhookVerifier.verifyStandard(s, headers(v, null), b, 300, ts)) == null);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> r = (Map<String, Object>) root.get("rotation");
    List<String> secrets = new ArrayList<>();
    for (Object o : (List<?>) r.get("secrets_newest_first")) secrets.add((String) o);
    byte[] rb = bytes(r);
    long rts = num(r, "webhook_timestamp");
    List<String> entries = new ArrayList<>();
    for (String s : secrets) entries.add(FastgenWebhookVerifier.signStandard(s, str(r, "webhook_id"), rts, rb));
    check("rotation: sign webhook-signature", String.join(" ", entries).equals(str(r, "webhook_signature")));
    check("rotation: sign x-fastgen-signature (newest)",
        FastgenWebhookVerifier.signFastgen(secrets.get(0), rb).equals(str(r, "x_fastgen_signature")));
    check("rotation: verify x-fastgen-signature (newest)",
        refused(() -> FastgenWebhookVerifier.verifyFastgen(secrets.get(0), rb, str(r, "x_fastgen_signature"))) == null);
    for (int i = 0; i < secrets.size(); i++) {
      String s = secrets.get(i);
      check("rotation: verify webhook-signature with secret #" + i,
          refused(() -> FastgenWebhookVerifier.verifyStandard(s, headers(r, null), rb, 300, rts)) == null);
    }

    for (Map<String, Object> v : list(root.get("invalid"))) {
      String n = str(v, "name"), s = str(v, "secret");
      byte[] b = bytes(v);
      long ts = num(v, "webhook_timestamp");
      check(n + ": reject x-fastgen-signature", refused(() -> FastgenWebhookVerifier.verifyFastgen(s, b, str(v, "x_fastgen_signature"))) != null);
      check(n + ": reject webhook-signature", refused(() -> FastgenWebhookVerifier.verifyStandard(s, headers(v, null), b, 300, ts)) != null);
    }

    Map<String, Object> v = valid.get(0);
    String s = str(v, "secret");
    byte[] b = bytes(v);
    long ts = num(v, "webhook_timestamp");
    Object[][] edges = {{300L, null}, {-300L, null}, {301L, "timestamp_too_old"}, {-301L, "timestamp_too_new"}};
    for (Object[] e : edges) {
      long now = ts + (Long) e[0];
      String got = refused(() -> FastgenWebhookVerifier.verifyStandard(s, headers(v, null), b, 300, now));
      check(String.format("tolerance: now = timestamp %+d", (Long) e[0]), Objects.equals(got, e[1]));
    }
    String several = "v1,AAAA " + str(v, "webhook_signature") + " v1a,xyz";
    check("several signatures in one header",
        refused(() -> FastgenWebhookVerifier.verifyStandard(s, headers(v, several), b, 300, ts)) == null);
    Map<String, String> badTs = headers(v, null);
    badTs.put("webhook-timestamp", "soon");
    check("malformed: no headers", "missing_header".equals(refused(() -> FastgenWebhookVerifier.verifyStandard(s, new HashMap<>(), b, 300, ts))));
    check("malformed: non-numeric timestamp", "malformed_header".equals(refused(() -> FastgenWebhookVerifier.verifyStandard(s, badTs, b, 300, ts))));
    check("malformed: signature without scheme",
        refused(() -> FastgenWebhookVerifier.verifyStandard(s, headers(v, str(v, "webhook_signature").substring(3)), b, 300, ts)) != null);
    check("malformed: uppercase hex",
        "malformed_header".equals(refused(() -> FastgenWebhookVerifier.verifyFastgen(s, b, str(v, "x_fastgen_signature").toUpperCase()))));
    check("malformed: unusable secret",
        "invalid_secret".equals(refused(() -> FastgenWebhookVerifier.verifyStandard("whsec_***", headers(v, null), b, 300, ts))));

    System.out.println("java vectors: " + passed + " passed, " + failed.size() + " failed");
    System.exit(failed.isEmpty() ? 0 : 1);
  }

  interface Check {
    void run() throws FastgenWebhookVerifier.VerificationException;
  }

  private static String refused(Check c) {
    try {
      c.run();
      return null;
    } catch (FastgenWebhookVerifier.VerificationException e) {
      return e.reason;
    }
  }

  private static void check(String name, boolean ok) {
    if (ok) {
      passed++;
    } else {
      failed.add(name);
      System.out.println("FAIL " + name);
    }
  }

  private static Map<String, String> headers(Map<String, Object> v, String signature) {
    Map<String, String> h = new HashMap<>();
    h.put("Webhook-Id", str(v, "webhook_id"));
    h.put("Webhook-Timestamp", Long.toString(num(v, "webhook_timestamp")));
    h.put("Webhook-Signature", signature != null ? signature : str(v, "webhook_signature"));
    return h;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return o == null ? new ArrayList<>() : (List<Map<String, Object>>) o;
  }

  private static String str(Map<String, Object> v, String k) {
    return (String) Objects.requireNonNull(v.get(k), k);
  }

  private static long num(Map<String, Object> v, String k) {
    return Long.parseLong((String) Objects.requireNonNull(v.get(k), k)); // numbers are kept as text
  }

  private static byte[] bytes(Map<String, Object> v) {
    return str(v, "body").getBytes(StandardCharsets.UTF_8);
  }

  /** Minimal JSON reader (the JDK has none): objects, arrays, strings, numbers kept as text, literals. */
  static final class Json {
    private final String s;
    private int i;

    Json(String s) {
      this.s = s;
    }

    Object parse() {
      Object v = value();
      ws();
      if (i != s.length()) throw error("trailing data");
      return v;
    }

    private Object value() {
      ws();
      if (i >= s.length()) throw error("unexpected end");
      char c = s.charAt(i);
      if (c == '{') {
        i++;
        Map<String, Object> m = new LinkedHashMap<>();
        ws();
        if (peek() == '}') { i++; return m; }
        while (true) {
          ws();
          String k = string();
          ws();
          expect(':');
          m.put(k, value());
          ws();
          char d = s.charAt(i++);
          if (d == '}') return m;
          if (d != ',') throw error("expected , or }");
        }
      }
      if (c == '[') {
        i++;
        List<Object> a = new ArrayList<>();
        ws();
        if (peek() == ']') { i++; return a; }
        while (true) {
          a.add(value());
          ws();
          char d = s.charAt(i++);
          if (d == ']') return a;
          if (d != ',') throw error("expected , or ]");
        }
      }
      if (c == '"') return string();
      if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
      if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
      if (s.startsWith("null", i)) { i += 4; return null; }
      int start = i;
      while (i < s.length() && "+-.eE0123456789".indexOf(s.charAt(i)) >= 0) i++;
      if (start == i) throw error("unexpected character");
      return s.substring(start, i);
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (i >= s.length()) throw error("unterminated string");
        char c = s.charAt(i++);
        if (c == '"') return sb.toString();
        if (c != '\\') { sb.append(c); continue; }
        char e = s.charAt(i++);
        switch (e) {
          case '"': case '\\': case '/': sb.append(e); break;
          case 'b': sb.append('\b'); break;
          case 'f': sb.append('\f'); break;
          case 'n': sb.append('\n'); break;
          case 'r': sb.append('\r'); break;
          case 't': sb.append('\t'); break;
          case 'u': sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break; // UTF-16 units pair up by themselves
          default: throw error("bad escape");
        }
      }
    }

    private char peek() {
      return i < s.length() ? s.charAt(i) : '\0';
    }

    private void expect(char c) {
      if (peek() != c) throw error("expected '" + c + "'");
      i++;
    }

    private void ws() {
      while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++;
    }

    private IllegalArgumentException error(String msg) {
      return new IllegalArgumentException("vectors JSON: " + msg + " at offset " + i);
    }
  }
}
