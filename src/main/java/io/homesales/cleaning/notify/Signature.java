package io.homesales.cleaning.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A notification's signature (docs/quality-gates.md): HMAC-SHA256 with the secret over {@code timestamp + "." +
 * body}, hex-encoded, sent in one header with the timestamp: {@code X-Cleaning-Job-Signature: t=1765170000,v1=...};
 * during a rotation, one {@code v1=} per secret. A receiver recomputes it with its secret, compares in constant
 * time, and refuses a timestamp more than {@link #TOLERANCE_SECONDS} from its clock.
 */
public final class Signature {

  /** The header's name. */
  public static final String HEADER = "X-Cleaning-Job-Signature";
  /** How far from its own clock a receiver should accept a timestamp: the replay window. */
  public static final long TOLERANCE_SECONDS = 300;
  /** The shortest secret accepted, in bytes. */
  public static final int MIN_SECRET_BYTES = 32;

  private Signature() {}

  /** The hex HMAC-SHA256 of {@code timestamp + "." + body} with {@code secret}. */
  public static String sign(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException missing) { // every JVM has HmacSHA256
      throw new IllegalStateException(missing);
    }
  }

  /** The header's value: the timestamp, then one signature per secret. */
  public static String header(List<String> secrets, long timestamp, String body) {
    StringBuilder value = new StringBuilder("t=").append(timestamp);
    for (String secret : secrets) {
      value.append(",v1=").append(sign(secret, timestamp, body));
    }
    return value.toString();
  }

  /**
   * What a receiver does: true when the header carries a signature of {@code body} with {@code secret} and a
   * timestamp within {@link #TOLERANCE_SECONDS} of {@code nowSeconds}.
   */
  public static boolean verify(String secret, String header, String body, long nowSeconds) {
    if (header == null) {
      return false;
    }
    long timestamp = -1;
    List<String> parts = List.of(header.split(","));
    for (String part : parts) {
      if (part.startsWith("t=")) {
        try {
          timestamp = Long.parseLong(part.substring(2));
        } catch (NumberFormatException bad) {
          return false;
        }
      }
    }
    if (timestamp < 0 || Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS) {
      return false;
    }
    byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    for (String part : parts) {
      if (part.startsWith("v1=")
          && MessageDigest.isEqual(expected, part.substring(3).getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }
}
