package io.homesales.cleaning.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Lets a request through when it carries {@code Authorization: Bearer <CLEANING_JOB_API_TOKEN>}. Without a
 * configured token nothing gets through (403, saying how to enable it): writes over HTTP are never open. The
 * comparison takes the same time whatever the token given: both sides are hashed first, and the hashes are
 * compared in constant time, so neither the token's characters nor its length leak through timing.
 */
final class BearerAuth implements Handler<RoutingContext> {

  private static final String PREFIX = "Bearer ";

  private final byte[] expected;

  BearerAuth(String token) {
    this.expected = token == null ? null : sha256(token);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (expected == null) {
      new HttpError(403, "this endpoint needs the API token, and none is configured: set CLEANING_JOB_API_TOKEN"
          + " (at least " + HttpSettings.MIN_TOKEN_LENGTH + " characters) and send it as 'Authorization: Bearer"
          + " <token>'").send(ctx);
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      unauthorized(ctx, "this endpoint needs 'Authorization: Bearer <token>'");
      return;
    }
    if (!MessageDigest.isEqual(expected, sha256(header.substring(PREFIX.length()).strip()))) {
      unauthorized(ctx, "the token is not the API token");
      return;
    }
    ctx.next();
  }

  private static void unauthorized(RoutingContext ctx, String message) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"cleaning-job\"");
    new HttpError(401, message).send(ctx);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException unavailable) {
      throw new IllegalStateException("every Java runtime has SHA-256", unavailable);
    }
  }
}
