package io.homesales.cleaning.core.enrich;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The enrichment rows fetched for a page of sales, indexed for lookup. Rows for other zips or dates may
 * be present; the rules of {@link Enricher} pick what applies.
 */
public final class EnrichmentRows {

  public static final EnrichmentRows NONE = of(List.of(), List.of(), List.of());

  private final Map<String, ZipPopulation> populationByZip = new HashMap<>();
  private final Map<String, List<School>> schoolsByZip = new HashMap<>();
  private final NavigableMap<LocalDate, BigDecimal> ratesByWeek = new TreeMap<>();

  private EnrichmentRows() {}

  public static EnrichmentRows of(Collection<ZipPopulation> population, Collection<School> schools,
      Collection<MortgageRate> rates) {
    EnrichmentRows rows = new EnrichmentRows();
    population.forEach(p -> rows.populationByZip.put(p.zipCode(), p));
    schools.forEach(s -> rows.schoolsByZip.computeIfAbsent(s.zipCode(), z -> new ArrayList<>()).add(s));
    rates.forEach(r -> rows.ratesByWeek.put(r.weekOf(), r.rate30yrFixed()));
    return rows;
  }

  ZipPopulation population(String zip) {
    return populationByZip.get(zip);
  }

  List<School> schools(String zip) {
    return schoolsByZip.getOrDefault(zip, List.of());
  }

  NavigableMap<LocalDate, BigDecimal> ratesByWeek() {
    return ratesByWeek;
  }
}
