package io.homesales.cleaning.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The signature a receiver checks, and the targets' grammar. */
class SignatureTest {

  private static final String SECRET = "s3cret-s3cret-s3cret-s3cret-s3cret";
  private static final String OTHER = "another-secret-another-secret-abc";

  @Test
  void aReceiverVerifiesTheTimestampAndTheBodyWithinTheReplayWindow() {
    long now = 1_765_170_000L;
    String body = "{\"event\":\"quality.firing\"}";
    String header = Signature.header(List.of(SECRET), now, body);
    assertTrue(header.matches("t=1765170000,v1=[0-9a-f]{64}"), header);
    // HMAC-SHA256 over "1765170000." + body, as any language computes it (openssl dgst -sha256 -hmac ...).
    assertEquals(Signature.sign(SECRET, now, body), header.substring(header.indexOf("v1=") + 3));
    assertTrue(Signature.verify(SECRET, header, body, now + 299));
    assertFalse(Signature.verify(SECRET, header, body, now + 301), "outside the 5-minute window: a replay");
    assertFalse(Signature.verify(SECRET, header, body.replace("firing", "resolved"), now), "a changed body");
    assertFalse(Signature.verify(OTHER, header, body, now), "another secret");
    assertFalse(Signature.verify(SECRET, null, body, now));
    assertFalse(Signature.verify(SECRET, "t=abc,v1=00", body, now));
  }

  @Test
  void duringARotationBothSignaturesAreSentAndEitherSecretVerifies() {
    String header = Signature.header(List.of(SECRET, OTHER), 100, "{}");
    assertEquals(2, header.split(",v1=").length - 1);
    assertTrue(Signature.verify(SECRET, header, "{}", 100));
    assertTrue(Signature.verify(OTHER, header, "{}", 100));
  }

  @Test
  void targetsAreUrlsOptionallyInSlacksShapeAndNeverShown() {
    List<NotifyTarget> targets = NotifyTarget.parseAll(
        "https://hooks.example.com/a?k=1, slack+https://hooks.slack.com/services/T0/B0/XYZ");
    assertEquals(NotifyTarget.Shape.JSON, targets.get(0).shape());
    assertEquals(NotifyTarget.Shape.SLACK, targets.get(1).shape());
    assertEquals("https://hooks.slack.com/services/T0/B0/XYZ", targets.get(1).uri().toString());
    assertFalse(targets.toString().contains("XYZ"), targets.toString());
    assertEquals("https://hooks.example.com/a?k=1,slack+https://hooks.slack.com/services/T0/B0/XYZ",
        NotifyTarget.writeAll(targets));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> NotifyTarget.parseAll("https://ok.example.com,ftp://secret-host/xyz"));
    assertEquals("has an entry (number 2) that is not an http or https URL with a host (a Slack URL is written"
        + " slack+https://...)", bad.getMessage());
    assertFalse(bad.getMessage().contains("secret-host"));
  }
}
