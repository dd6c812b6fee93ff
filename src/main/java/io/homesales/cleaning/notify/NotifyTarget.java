package io.homesales.cleaning.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a notification goes, and in which shape: the job's JSON event, or Slack's {@code {"text": ...}} for a URL
 * written with the {@code slack+} prefix ({@code slack+https://hooks.slack.com/services/...}). A URL is a
 * credential (a Slack webhook's path is its secret): {@link #toString} never shows it.
 */
public record NotifyTarget(URI uri, Shape shape) {

  /** The body a target receives. */
  public enum Shape {
    /** The job's event as JSON, signed. */
    JSON,
    /** {@code {"text": "..."}}, as Slack's incoming webhooks take it; signed too. */
    SLACK
  }

  static final String SLACK_PREFIX = "slack+";

  /**
   * Reads a comma-separated list of http or https URLs, each optionally prefixed with {@code slack+}; an
   * {@link IllegalArgumentException} names the entry (by position, never by its text) and what is wrong.
   */
  public static List<NotifyTarget> parseAll(String text) {
    List<NotifyTarget> targets = new ArrayList<>();
    String[] entries = text.split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        continue;
      }
      Shape shape = Shape.JSON;
      if (entry.toLowerCase(Locale.ROOT).startsWith(SLACK_PREFIX)) {
        shape = Shape.SLACK;
        entry = entry.substring(SLACK_PREFIX.length());
      }
      URI uri;
      try {
        uri = new URI(entry);
      } catch (URISyntaxException notAUri) {
        throw new IllegalArgumentException("has an entry (number " + (i + 1) + ") that is not a URL");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new IllegalArgumentException("has an entry (number " + (i + 1) + ") that is not an http or https URL"
            + " with a host (a Slack URL is written slack+https://...)");
      }
      targets.add(new NotifyTarget(uri, shape));
    }
    return List.copyOf(targets);
  }

  /** As {@link #parseAll} reads it: the credential is there, so only a config may hold it. */
  public static String writeAll(List<NotifyTarget> targets) {
    return String.join(",", targets.stream()
        .map(t -> (t.shape == Shape.SLACK ? SLACK_PREFIX : "") + t.uri).toList());
  }

  /** The port the URL names, or its scheme's. */
  int port() {
    return uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  boolean tls() {
    return "https".equalsIgnoreCase(uri.getScheme());
  }

  /** The path and query, as the request line takes them. */
  String requestUri() {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  /** Never the URL: its scheme and shape only, for logs. */
  @Override
  public String toString() {
    return shape.name().toLowerCase(Locale.ROOT) + " target (" + uri.getScheme() + ")";
  }
}
