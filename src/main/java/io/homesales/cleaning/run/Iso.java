package io.homesales.cleaning.run;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as the API writes them: ISO-8601 (RFC 3339) in UTC, always with seconds. {@code OffsetDateTime.toString()}
 * drops seconds that are zero ({@code 2026-12-01T19:00Z}), which RFC 3339 parsers refuse. Public for the job's
 * answers; not a supported API.
 */
public final class Iso {

  private Iso() {}

  public static String of(OffsetDateTime time) {
    return time == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC));
  }
}
