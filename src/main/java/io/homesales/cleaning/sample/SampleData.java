package io.homesales.cleaning.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.core.enrich.MortgageRate;
import io.homesales.cleaning.core.enrich.ZipPopulation;
import io.homesales.cleaning.store.UpstreamTables;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shipped King County sample (see {@code SOURCES.md} beside these classes) as the rows of the upstream tables. Each
 * sale becomes a raw event as a feed would send it: the CSV's own column names, every value a string.
 */
public final class SampleData {


  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");

  private SampleData() {}

  /**
   * Loads the sample through {@code tables}: its enrichment rows (those already there are kept) and its 3,000
   * events; answers how many events.
   */
  public static Future<Integer> load(UpstreamTables tables) {
    List<RawEvent> events = events();
    return tables.insertPopulation(zipPopulation())
        .compose(v -> tables.insertSchools(schools()))
        .compose(v -> tables.insertRates(mortgageRates()))
        .compose(v -> tables.insertEvents(events))
        .map(v -> events.size());
  }

  /**
   * One event per sample sale, ids 1..n in file order. An event is received the morning after its sale,
   * a few seconds apart, so that newest-first order is a real order over the sample.
   */
  public static List<RawEvent> events() {
    List<Map<String, String>> rows = Csv.read("kc_house_sales.csv");
    List<RawEvent> events = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Map<String, String> row = rows.get(i);
      LocalDate sold = LocalDate.parse(row.get("date").substring(0, 8), BASIC_DATE);
      OffsetDateTime received = sold.plusDays(1).atTime(8, 0).atOffset(ZoneOffset.UTC).plusSeconds(i);
      events.add(new RawEvent(i + 1L, received, toJson(row)));
    }
    return events;
  }

  /** The sample's CSV rows, in file order (event id = index + 1). */
  public static List<Map<String, String>> saleRows() {
    return Csv.read("kc_house_sales.csv");
  }

  public static List<ZipPopulation> zipPopulation() {
    return Csv.read("zip_population.csv").stream()
        .map(r -> new ZipPopulation(r.get("zip_code"), Integer.parseInt(r.get("population")),
            r.get("land_area_sq_mi").isEmpty() ? null : Double.valueOf(r.get("land_area_sq_mi")),
            integerOrNull(r.get("median_household_income"))))
        .toList();
  }

  public static List<UpstreamTables.SchoolRow> schools() {
    return Csv.read("public_schools.csv").stream()
        .map(r -> new UpstreamTables.SchoolRow(r.get("school_id"), r.get("zip_code"), r.get("name"),
            integerOrNull(r.get("rating")), integerOrNull(r.get("enrollment"))))
        .toList();
  }

  public static List<MortgageRate> mortgageRates() {
    return Csv.read("mortgage_rates.csv").stream()
        .map(r -> new MortgageRate(LocalDate.parse(r.get("week_of")), new BigDecimal(r.get("rate_30yr_fixed"))))
        .toList();
  }

  private static Integer integerOrNull(String s) {
    return s.isEmpty() ? null : Integer.valueOf(s);
  }

  private static String toJson(Map<String, String> row) {
    try {
      return JSON.writeValueAsString(row);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
