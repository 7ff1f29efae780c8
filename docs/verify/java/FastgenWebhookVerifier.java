import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Fastgen webhooks with the JDK only (Java 11+).
 *
 * <ul>
 *   <li>{@code X-Fastgen-Signature}: lowercase hex HMAC-SHA256 of the raw body, keyed with the
 *       whole secret string (UTF-8 bytes).
 *   <li>Standard Webhooks: {@code webhook-signature} holds space-separated {@code v1,<base64>}
 *       entries, HMAC-SHA256 of {@code <webhook-id>.<webhook-timestamp>.<body>} keyed with the
 *       base64-decoded part of the secret after {@code whsec_}.
 * </ul>
 *
 * Always pass the raw request body bytes, never a re-serialised object.
 */
public final class FastgenWebhookVerifier {
  public static final long DEFAULT_TOLERANCE_SECONDS = 300;
  private static final String SECRET_PREFIX = "whsec_";

  /** Thrown when a webhook must be refused; {@link #reason} is a short code. */
  public static final class VerificationException extends Exception {
    private static final long serialVersionUID = 1L;
    public final String reason;

    public VerificationException(String reason) {
      super(reason);
      this.reason = reason;
    }
  }

  private FastgenWebhookVerifier() {}

  public static String signFastgen(String secret, byte[] body) {
    return toLowerHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
  }

  public static String signStandard(String secret, String id, long timestamp, byte[] body)
      throws VerificationException {
    return "v1," + Base64.getEncoder().encodeToString(standardMac(standardKey(secret), id, timestamp, body));
  }

  /** Checks X-Fastgen-Signature. Only the exact lowercase hex digest is accepted. */
  public static void verifyFastgen(String secret, byte[] body, String header) throws VerificationException {
    String given = header == null ? "" : header.trim();
    if (given.isEmpty()) throw new VerificationException("missing_header");
    if (!given.matches("[0-9a-f]{64}")) throw new VerificationException("malformed_header");
    byte[] expected = signFastgen(secret, body).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII))) {
      throw new VerificationException("signature_mismatch");
    }
  }

  /** Checks the Standard Webhooks headers against the system clock, 5-minute tolerance. */
  public static void verifyStandard(String secret, Map<String, String> headers, byte[] body)
      throws VerificationException {
    verifyStandard(secret, headers, body, DEFAULT_TOLERANCE_SECONDS, System.currentTimeMillis() / 1000);
  }

  /**
   * Checks webhook-id, webhook-timestamp and webhook-signature (header names case-insensitive).
   * Accepts if any {@code v1,} entry matches; refuses timestamps outside the tolerance.
   */
  public static void verifyStandard(
      String secret, Map<String, String> headers, byte[] body, long toleranceSeconds, long nowSeconds)
      throws VerificationException {
    byte[] key = standardKey(secret);
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) headers.forEach((k, v) -> { if (k != null && v != null) h.put(k, v.trim()); });
    String id = h.getOrDefault("webhook-id", "");
    String ts = h.getOrDefault("webhook-timestamp", "");
    String sig = h.getOrDefault("webhook-signature", "");
    if (id.isEmpty() || ts.isEmpty() || sig.isEmpty()) throw new VerificationException("missing_header");
    if (!ts.matches("[0-9]{1,15}")) throw new VerificationException("malformed_header");
    long timestamp = Long.parseLong(ts);
    if (nowSeconds - timestamp > toleranceSeconds) throw new VerificationException("timestamp_too_old");
    if (timestamp - nowSeconds > toleranceSeconds) throw new VerificationException("timestamp_too_new");

    byte[] expected = Base64.getEncoder().encodeToString(standardMac(key, id, timestamp, body))
        .getBytes(StandardCharsets.US_ASCII);
    boolean matched = false;
    for (String entry : sig.split(" ")) {
      int comma = entry.indexOf(',');
      if (comma < 0 || !entry.substring(0, comma).equals("v1")) continue;
      byte[] given = entry.substring(comma + 1).getBytes(StandardCharsets.UTF_8);
      matched |= MessageDigest.isEqual(expected, given); // every entry is compared
    }
    if (!matched) throw new VerificationException("signature_mismatch");
  }

  private static byte[] standardKey(String secret) throws VerificationException {
    if (secret == null || !secret.startsWith(SECRET_PREFIX)) throw new VerificationException("invalid_secret");
    String encoded = secret.substring(SECRET_PREFIX.length());
    byte[] key;
    try {
      key = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new VerificationException("invalid_secret");
    }
    // Only the canonical spelling is a key (the JDK decoder tolerates stray bits and missing padding).
    if (key.length == 0 || !Base64.getEncoder().encodeToString(key).equals(encoded)) {
      throw new VerificationException("invalid_secret");
    }
    return key;
  }

  private static byte[] standardMac(byte[] key, String id, long timestamp, byte[] body) {
    byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, content, 0, prefix.length);
    System.arraycopy(body, 0, content, prefix.length, body.length);
    return hmac(key, content);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // An empty key is legal HMAC but SecretKeySpec rejects it; a secret is never empty here.
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String toLowerHex(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    return sb.toString();
  }
}
