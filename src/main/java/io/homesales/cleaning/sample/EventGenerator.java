package io.homesales.cleaning.sample;

import io.homesales.cleaning.core.Field;
import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.core.enrich.ZipPopulation;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Synthetic raw events for the chaos test and the benchmark: about 70% clean in varied surface forms
 * (aliases, key spellings, number, date and zip forms), 30% with one defect each, of every kind the
 * data rules name (docs/data-rules.md section 4.2). Sales fall in 2014-2015 in the sample's King County zips, so the
 * shipped enrichment tables ({@link SampleData}) serve them. Deterministic for a seed.
 */
public final class EventGenerator {

  /** The defects, one per defective event, drawn evenly. */
  enum Defect {
    NOT_JSON, NOT_OBJECT, TOO_LARGE, MISSING, TYPE, DATE_FORMAT, ZIP_FORMAT, RANGE, MULTIPLE_OF, CROSS_FIELD,
    CONFLICT, DUPLICATE_KEY, TOO_DEEP, HUGE_NUMBER, UNKNOWN_ZIP, NO_RATE, FUTURE_SALE
  }

  private static final LocalDate FIRST_SALE = LocalDate.of(2014, 1, 1);
  private static final int SALE_DAYS = 690; // to late 2015, inside the shipped weekly rates

  private final Random random;
  private final List<String> zips;
  private final OffsetDateTime firstReceived;

  public EventGenerator(long seed) {
    this.random = new Random(seed);
    this.zips = SampleData.zipPopulation().stream().map(ZipPopulation::zipCode).toList();
    this.firstReceived = OffsetDateTime.of(2016, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  }

  /** Events with ids {@code firstId..firstId+count-1}, received a second or so apart in id order. */
  public List<RawEvent> events(long firstId, int count) {
    List<RawEvent> events = new ArrayList<>(count);
    OffsetDateTime received = firstReceived.plusSeconds(firstId);
    for (int i = 0; i < count; i++) {
      received = received.plusNanos(random.nextInt(2_000_000_000));
      events.add(new RawEvent(firstId + i, received, random.nextInt(10) < 7 ? clean() : defective()));
    }
    return events;
  }

  private String clean() {
    return sale().json();
  }

  private Sale sale() {
    Sale s = new Sale();
    LocalDate sold = FIRST_SALE.plusDays(random.nextInt(SALE_DAYS));
    s.put(pick("date", "sale_date", "Sale Date", "soldDate", "DATE"), dateText(sold));
    s.put(pick("price", "Sale Price", "sold_price", "PRICE"), priceText(80_000 + random.nextInt(2_900_000)));
    s.put(pick("zipcode", "zip", "Postal-Code", "ZIP"), zipText(zips.get(random.nextInt(zips.size()))));
    s.put(pick("bedrooms", "beds", "Bedrooms"), intText(1 + random.nextInt(6)));
    s.put(pick("bathrooms", "baths", "BATHROOMS"), quarters(1 + random.nextInt(4)));
    s.put(pick("sqft_living", "livingArea", "living sqft"), intText(500 + random.nextInt(5500)));
    if (random.nextBoolean()) {
      s.put(pick("sqft_lot", "lotSize", "lot.sqft"), intText(1000 + random.nextInt(40_000)));
    }
    if (random.nextBoolean()) {
      s.put(pick("floors", "stories"), random.nextBoolean() ? "1.5" : "\"2\"");
    }
    if (random.nextInt(4) == 0) {
      s.put("waterfront", pick("true", "false", "0", "1", "\"yes\"", "\"N\""));
    }
    if (random.nextBoolean()) {
      s.put("view", intText(random.nextInt(5)));
      s.put("condition", intText(1 + random.nextInt(5)));
      s.put("grade", intText(3 + random.nextInt(10)));
    }
    int built = 1900 + random.nextInt(sold.getYear() - 1900);
    if (random.nextBoolean()) {
      s.put(pick("yr_built", "yearBuilt"), intText(built));
      s.put(pick("yr_renovated", "Year Renovated"), random.nextInt(5) == 0 ? intText(built) : "0");
    }
    if (random.nextBoolean()) {
      s.put("lat", String.format(Locale.ROOT, "%.4f", 47.1 + random.nextDouble() * 0.7));
      s.put(pick("long", "lng", "lon"), String.format(Locale.ROOT, "\"%.3f\"", -122.5 + random.nextDouble() * 0.8));
    }
    if (random.nextInt(3) == 0) {
      s.put("notes", pick("\"N/A\"", "null", "\"renovated kitchen, \\u00e9t\\u00e9\"", "[1,2]"));
    }
    return s;
  }

  private String defective() {
    Defect defect = Defect.values()[random.nextInt(Defect.values().length)];
    Sale s = sale();
    return switch (defect) {
      case NOT_JSON -> s.json().substring(0, 20 + random.nextInt(20));
      case NOT_OBJECT -> "[" + s.json() + "]";
      case TOO_LARGE -> random.nextInt(50) == 0 ? s.with("notes", "\"" + "x".repeat(1_000_001) + "\"").json()
          : s.with("price", "true").json(); // a million characters is costly: 1 in 50 of these
      case MISSING -> s.without(pick("date", "price", "zip", "beds", "baths", "sqft")).json();
      case TYPE -> s.with(pick("price", "beds", "baths"), pick("\"lots\"", "true", "{}", "3.5")).json();
      case DATE_FORMAT -> s.with("date", pick("\"2014-02-30\"", "\"13/13/2014\"", "\"yesterday\"", "20141013")).json();
      case ZIP_FORMAT -> s.with("zip", pick("\"9817\"", "\"98178-12\"", "123456", "true")).json();
      case RANGE -> s.with(pick("price", "beds", "sqft"), pick("\"$500\"", "33", "99999999999", "-1")).json();
      case MULTIPLE_OF -> s.with(pick("baths", "floors"), pick("2.3", "\"1.1\"", "0.1")).json();
      case CROSS_FIELD -> s.with("yr_built", "2999").with("yr_renovated", "1799").json();
      case CONFLICT -> s.with("beds", "2").also("Bedrooms", "\"3\"").json();
      case DUPLICATE_KEY -> s.json().replaceFirst("\\{", "{\"a\":1,\"a\":1,");
      case TOO_DEEP -> s.with("notes", "[".repeat(600) + "]".repeat(600)).json();
      case HUGE_NUMBER -> s.with("price", pick("1e999999", "1" + "0".repeat(1500))).json();
      case UNKNOWN_ZIP -> s.with("zip", "\"10001\"").json();
      case NO_RATE -> s.with("date", "\"1990-06-15\"").json();
      case FUTURE_SALE -> s.with("date", "\"2099-01-01\"").json();
    };
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  private String dateText(LocalDate d) {
    return switch (random.nextInt(5)) {
      case 0 -> "\"" + d + "\"";
      case 1 -> "\"" + d.toString().replace("-", "") + "T000000\"";
      case 2 -> "\"" + d.getMonthValue() + "/" + d.getDayOfMonth() + "/" + d.getYear() + "\"";
      case 3 -> "\"" + d + "T10:30:00Z\"";
      default -> "\"" + d.toString().replace('-', '/') + "\"";
    };
  }

  private String priceText(int dollars) {
    return switch (random.nextInt(4)) {
      case 0 -> Integer.toString(dollars);
      case 1 -> String.format(Locale.ROOT, "\"$%,d\"", dollars);
      case 2 -> String.format(Locale.ROOT, "\"%.4e\"", (double) dollars);
      default -> "\"" + dollars + ".00\"";
    };
  }

  private String zipText(String zip) {
    return switch (random.nextInt(3)) {
      case 0 -> Integer.toString(Integer.parseInt(zip));
      case 1 -> "\"" + zip + "\"";
      default -> "\"" + zip + "-" + (1000 + random.nextInt(9000)) + "\"";
    };
  }

  private String intText(int value) {
    return switch (random.nextInt(3)) {
      case 0 -> Integer.toString(value);
      case 1 -> "\"" + value + "\"";
      default -> value + ".0";
    };
  }

  private String quarters(int whole) {
    return pick(whole + "", whole + ".25", "\"" + whole + ".5\"", whole + ".75");
  }

  /** A payload under construction; keys keep their order. A defect replaces or drops a field's member. */
  private static final class Sale {
    private final LinkedHashMap<String, String> members = new LinkedHashMap<>();

    void put(String key, String rawJson) {
      members.put(key, rawJson);
    }

    /** Replaces every member feeding the field of {@code key} (by its first alias) with {@code key}. */
    Sale with(String key, String rawJson) {
      members.keySet().removeIf(k -> sameField(k, key));
      members.put(key, rawJson);
      return this;
    }

    /** Adds a member, even for a field already fed: two keys, one field. */
    Sale also(String key, String rawJson) {
      members.put(key, rawJson);
      return this;
    }

    Sale without(String key) {
      members.keySet().removeIf(k -> sameField(k, key));
      return this;
    }

    private static boolean sameField(String a, String b) {
      var fa = Field.forKey(a);
      return fa != null && fa == Field.forKey(b);
    }

    String json() {
      StringBuilder json = new StringBuilder("{");
      members.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
      return json.append('}').toString();
    }
  }
}
