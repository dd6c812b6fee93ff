package io.homesales.cleaning.core.enrich;

import io.homesales.cleaning.core.CleanRecord;
import io.homesales.cleaning.core.Cleaned;
import io.homesales.cleaning.core.Outcome;
import io.homesales.cleaning.core.Reasons;
import io.homesales.cleaning.core.Rejected;
import io.homesales.cleaning.core.ValidSale;
import io.homesales.cleaning.core.validate.SaleCandidate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** docs/data-rules.md section 4.4, and the derived columns of section 6: enrichment of a valid sale from fetched
 * rows. */
public final class Enricher {

  /** A rate applies to a sale when its week is at most this many days before the sale (and not after). */
  public static final int RATE_WINDOW_DAYS = 13;

  private Enricher() {}

  public static Outcome enrich(ValidSale valid, EnrichmentRows rows) {
    SaleCandidate sale = valid.sale();
    ZipPopulation population = rows.population(sale.zipCode());
    List<School> schools = rows.schools(sale.zipCode());
    BigDecimal rate = rateFor(sale.saleDate(), rows);

    List<String> missing = new ArrayList<>(3);
    if (population == null) {
      missing.add(Reasons.ENRICHMENT_POPULATION);
    }
    if (schools.isEmpty()) {
      missing.add(Reasons.ENRICHMENT_SCHOOLS);
    }
    if (rate == null) {
      missing.add(Reasons.ENRICHMENT_MORTGAGE_RATE);
    }
    if (!missing.isEmpty()) {
      return new Rejected(valid.id(), missing);
    }
    return new Cleaned(record(valid, population, schools, rate));
  }

  /** The newest rate whose week is within {@value #RATE_WINDOW_DAYS} days before the sale, or null. */
  static BigDecimal rateFor(LocalDate saleDate, EnrichmentRows rows) {
    Map.Entry<LocalDate, BigDecimal> newest = rows.ratesByWeek().floorEntry(saleDate);
    if (newest == null || newest.getKey().isBefore(saleDate.minusDays(RATE_WINDOW_DAYS))) {
      return null;
    }
    return newest.getValue();
  }

  /** population / land area; null when the area is unknown or 0. */
  static Double density(ZipPopulation population) {
    Double area = population.landAreaSqMi();
    return area == null || area == 0.0 ? null : population.population() / area;
  }

  /** Mean of the rated schools, as a correctly rounded double; null when none is rated. */
  static Double averageRating(List<School> schools) {
    long sum = 0;
    int rated = 0;
    for (School school : schools) {
      if (school.rating() != null) {
        sum += school.rating();
        rated++;
      }
    }
    return rated == 0 ? null : (double) sum / rated;
  }

  /** price / sqft_living rounded half away from zero to cents, from the already rounded price. */
  static BigDecimal pricePerSqft(BigDecimal price, int sqftLiving) {
    return price.divide(BigDecimal.valueOf(sqftLiving), 2, RoundingMode.HALF_UP);
  }

  private static CleanRecord record(ValidSale valid, ZipPopulation population, List<School> schools,
      BigDecimal rate) {
    SaleCandidate s = valid.sale();
    BigDecimal price = s.price().setScale(2, RoundingMode.UNNECESSARY);
    int sqftLiving = s.sqftLiving().intValueExact();
    return new CleanRecord(
        valid.id(),
        valid.event().receivedAt(),
        s.saleDate(),
        price,
        s.zipCode(),
        s.bedrooms().shortValueExact(),
        s.bathrooms(),
        sqftLiving,
        s.sqftLot() == null ? null : s.sqftLot().intValueExact(),
        s.floors(),
        s.waterfront(),
        shortOrNull(s.view()),
        shortOrNull(s.condition()),
        shortOrNull(s.grade()),
        shortOrNull(s.yrBuilt()),
        shortOrNull(s.yrRenovated()),
        s.latitude() == null ? null : s.latitude().doubleValue(),
        s.longitude() == null ? null : s.longitude().doubleValue(),
        population.population(),
        density(population),
        population.medianHouseholdIncome(),
        schools.size(),
        averageRating(schools),
        rate,
        pricePerSqft(price, sqftLiving));
  }

  private static Short shortOrNull(BigDecimal value) {
    return value == null ? null : value.shortValueExact();
  }
}
