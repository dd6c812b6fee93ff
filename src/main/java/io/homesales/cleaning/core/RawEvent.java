package io.homesales.cleaning.core;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** One row of {@code raw_home_sale_events}. */
public record RawEvent(long id, OffsetDateTime receivedAt, String payload) {

  /** The UTC date of {@code received_at}: no sale can be dated after it. */
  public LocalDate receivedDateUtc() {
    return receivedAt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
  }
}
