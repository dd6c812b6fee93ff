package io.homesales.cleaning.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.homesales.cleaning.core.enrich.EnrichmentRows;
import io.homesales.cleaning.core.enrich.MortgageRate;
import io.homesales.cleaning.core.enrich.School;
import io.homesales.cleaning.core.enrich.ZipPopulation;
import io.homesales.cleaning.sample.SampleData;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shipped King County sample, fed as a feed would send it (the CSV's column names, string values).
 * The contract rejects exactly seven of its 3,000 rows; each was checked by hand against the CSV.
 */
class KingCountySampleTest {

  /** CSV id + date of each row the contract rejects, with its reasons. */
  private static final Map<String, List<String>> EXPECTED_REJECTIONS = Map.of(
      // 33 bedrooms: above the bound of 20.
      "2402100895/20140625T000000", List.of("bedrooms:range"),
      // Sold in 2014 but renovated in 2015: yr_renovated must be <= year(sale_date).
      "8712100320/20140728T000000", List.of("yr_renovated:range"),
      "9141100005/20141028T000000", List.of("yr_renovated:range"),
      "7284900030/20140522T000000", List.of("yr_renovated:range"),
      "3585900665/20140606T000000", List.of("yr_renovated:range"),
      "3585900190/20141006T000000", List.of("yr_renovated:range"),
      "8935100100/20140701T000000", List.of("yr_renovated:range"));

  @Test
  void everySampleRowHasTheContractsOutcome() {
    List<RawEvent> events = SampleData.events();
    List<Map<String, String>> rows = SampleData.saleRows();
    List<ZipPopulation> population = SampleData.zipPopulation();
    List<School> schools = SampleData.schools().stream().map(s -> new School(s.zipCode(), s.rating())).toList();
    List<MortgageRate> rates = SampleData.mortgageRates();
    EnrichmentRows enrichment = EnrichmentRows.of(population, schools, rates);
    Map<String, ZipPopulation> populationByZip = population.stream()
        .collect(Collectors.toMap(ZipPopulation::zipCode, p -> p));
    Map<String, Long> schoolCount = schools.stream().collect(Collectors.groupingBy(School::zipCode, Collectors.counting()));

    assertEquals(3000, events.size());
    Map<String, List<String>> rejected = new HashMap<>();
    int cleaned = 0;
    for (int i = 0; i < events.size(); i++) {
      Map<String, String> row = rows.get(i);
      Outcome outcome = Fixtures.CLEANER.clean(events.get(i), enrichment);
      String key = row.get("id") + "/" + row.get("date");
      if (outcome instanceof Rejected r) {
        rejected.put(key, r.reasons());
        continue;
      }
      cleaned++;
      CleanRecord c = ((Cleaned) outcome).record();
      String where = "row " + key;
      LocalDate sold = LocalDate.parse(row.get("date").substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE);
      assertEquals(sold, c.saleDate(), where);
      assertEquals(new BigDecimal(row.get("price")).setScale(2, RoundingMode.HALF_UP), c.price(), where);
      assertEquals(row.get("zipcode"), c.zipCode(), where);
      assertEquals(Short.parseShort(row.get("bedrooms")), c.bedrooms(), where);
      assertEquals(0, new BigDecimal(row.get("bathrooms")).compareTo(c.bathrooms()), where);
      assertEquals(Integer.parseInt(row.get("sqft_living")), c.sqftLiving(), where);
      assertEquals(Integer.valueOf(row.get("sqft_lot")), c.sqftLot(), where);
      assertEquals(0, new BigDecimal(row.get("floors")).compareTo(c.floors()), where);
      assertEquals(row.get("waterfront").equals("1"), c.waterfront(), where);
      assertEquals(Short.valueOf(row.get("view")), c.view(), where);
      assertEquals(Short.valueOf(row.get("condition")), c.condition(), where);
      assertEquals(Short.valueOf(row.get("grade")), c.grade(), where);
      assertEquals(Short.valueOf(row.get("yr_built")), c.yrBuilt(), where);
      if (row.get("yr_renovated").equals("0")) {
        assertNull(c.yrRenovated(), where);
      } else {
        assertEquals(Short.valueOf(row.get("yr_renovated")), c.yrRenovated(), where);
      }
      assertEquals(Double.parseDouble(row.get("lat")), c.latitude(), where);
      assertEquals(Double.parseDouble(row.get("long")), c.longitude(), where);
      ZipPopulation zip = populationByZip.get(c.zipCode());
      assertEquals(zip.population(), c.zipPopulation(), where);
      assertEquals(zip.population() / zip.landAreaSqMi(), c.zipDensity(), where);
      assertEquals(zip.medianHouseholdIncome(), c.zipMedianIncome(), where);
      assertEquals(schoolCount.get(c.zipCode()).intValue(), c.schoolCount(), where);
      assertNull(c.schoolAvgRating(), where); // the source has no ratings
      assertEquals(newestRateWithinThirteenDays(rates, sold), c.mortgageRate30yr(), where);
      assertEquals(c.price().divide(BigDecimal.valueOf(c.sqftLiving()), 2, RoundingMode.HALF_UP), c.pricePerSqft(), where);
    }
    assertEquals(EXPECTED_REJECTIONS, rejected);
    assertEquals(2993, cleaned);
  }

  @Test
  void scientificNotationPricesAreReadExactly() {
    // "1.225e+006" in the CSV, sent as the string "1.225e+006".
    RawEvent event = SampleData.events().stream().filter(e -> e.payload().contains("\"1.225e+006\"")).findFirst()
        .orElseThrow();
    CleanRecord record = ((Cleaned) Fixtures.CLEANER.clean(event, EnrichmentRows.of(SampleData.zipPopulation(),
        SampleData.schools().stream().map(s -> new School(s.zipCode(), s.rating())).toList(),
        SampleData.mortgageRates()))).record();
    assertEquals(new BigDecimal("1225000.00"), record.price());
  }

  private static BigDecimal newestRateWithinThirteenDays(List<MortgageRate> rates, LocalDate sold) {
    MortgageRate best = null;
    for (MortgageRate rate : rates) {
      boolean inWindow = !rate.weekOf().isAfter(sold) && !rate.weekOf().isBefore(sold.minusDays(13));
      if (inWindow && (best == null || rate.weekOf().isAfter(best.weekOf()))) {
        best = rate;
      }
    }
    return best == null ? null : best.rate30yrFixed();
  }
}
