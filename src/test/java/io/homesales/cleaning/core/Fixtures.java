package io.homesales.cleaning.core;

import io.homesales.cleaning.core.enrich.EnrichmentRows;
import io.homesales.cleaning.core.enrich.MortgageRate;
import io.homesales.cleaning.core.enrich.School;
import io.homesales.cleaning.core.enrich.ZipPopulation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Events and enrichment rows shared by the core tests. */
public final class Fixtures {

  public static final OffsetDateTime RECEIVED = OffsetDateTime.parse("2015-06-01T12:00:00Z");
  public static final Cleaner CLEANER = new Cleaner();

  /** A payload valid in every field: {@code {"date":..., ...}} plus the extra members given. */
  public static final String VALID_MEMBERS = "\"date\":\"2014-10-13\",\"price\":221900,\"zipcode\":\"98178\","
      + "\"bedrooms\":3,\"bathrooms\":1,\"sqft_living\":1180";

  /** Enrichment for zip 98178 and a weekly rate every Thursday from 1899 to 2015. */
  public static final EnrichmentRows ROWS = EnrichmentRows.of(
      List.of(new ZipPopulation("98178", 24_092, 4.9, 53_000)),
      List.of(new School("98178", 7), new School("98178", null), new School("98178", 8)),
      weeklyRates(LocalDate.of(1899, 12, 28), LocalDate.of(2015, 12, 31)));

  private Fixtures() {}

  public static List<MortgageRate> weeklyRates(LocalDate first, LocalDate last) {
    List<MortgageRate> rates = new ArrayList<>();
    for (LocalDate week = first; !week.isAfter(last); week = week.plusWeeks(1)) {
      rates.add(new MortgageRate(week, new BigDecimal("4.120")));
    }
    return rates;
  }

  public static RawEvent event(String payload) {
    return new RawEvent(1, RECEIVED, payload);
  }

  /** The valid payload with {@code extra} members added (they may override nothing: keys must differ). */
  public static String validWith(String extra) {
    return "{" + VALID_MEMBERS + (extra.isEmpty() ? "" : "," + extra) + "}";
  }

  public static Outcome clean(String payload) {
    return CLEANER.clean(event(payload), ROWS);
  }

  /** The sorted reasons of a rejection, or an empty list when the payload was cleaned. */
  public static List<String> reasons(String payload) {
    Outcome outcome = clean(payload);
    return outcome instanceof Rejected rejected ? rejected.reasons() : List.of();
  }

  /** The clean record of a payload that must be cleaned. */
  public static CleanRecord cleaned(String payload) {
    Outcome outcome = clean(payload);
    if (outcome instanceof Cleaned c) {
      return c.record();
    }
    throw new AssertionError("expected a clean record for " + abbreviate(payload) + " but got " + outcome);
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
