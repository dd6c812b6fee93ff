package io.homesales.cleaning.notify;

import java.util.ArrayList;
import java.util.List;

/**
 * Where notifications go and how they are signed.
 *
 * @param targets the URLs, each with its shape; empty: no notifications
 * @param secret the HMAC secret (at least {@link Signature#MIN_SECRET_BYTES} bytes); null: none
 * @param secondSecret a second secret during a rotation, whose signature is sent too; null: none
 */
public record NotifySettings(List<NotifyTarget> targets, String secret, String secondSecret) {

  public static final NotifySettings NONE = new NotifySettings(List.of(), null, null);

  public NotifySettings {
    targets = List.copyOf(targets);
  }

  public boolean enabled() {
    return !targets.isEmpty();
  }

  /** The secrets a signature is made with, in order. */
  public List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    if (secret != null) {
      secrets.add(secret);
    }
    if (secondSecret != null) {
      secrets.add(secondSecret);
    }
    return secrets;
  }

  /** Never the URLs or the secrets. */
  @Override
  public String toString() {
    return "NotifySettings[targets=" + targets.size() + ", secret=" + (secret == null ? "none" : "***")
        + ", secondSecret=" + (secondSecret == null ? "none" : "***") + "]";
  }
}
