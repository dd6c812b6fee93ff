package io.homesales.cleaning.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the cleaner over random and hostile payloads: it never throws, it always answers with a
 * clean record that keeps the contract's ranges or with sorted, non-empty, well-formed contract reasons,
 * and the answer does not depend on anything but the payload.
 */
class CleanerPropertiesTest {

  private static final int CASES_PER_SEED = 2_000;

  private static final Pattern FIELD_REASON = Pattern.compile(
      "(sale_date|price|zip_code|bedrooms|bathrooms|sqft_living|sqft_lot|floors|waterfront|view|condition|grade"
          + "|yr_built|yr_renovated|latitude|longitude):(missing|type|format|range|conflict)");
  private static final Set<String> PAYLOAD_REASONS = Set.of("payload:too_large", "payload:not_json", "payload:not_object");
  private static final Set<String> ENRICHMENT_REASONS =
      Set.of("enrichment:population", "enrichment:schools", "enrichment:mortgage_rate");
  private static final Set<String> REQUIRED = Set.of("sale_date", "price", "zip_code", "bedrooms", "bathrooms", "sqft_living");

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 10);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomPayloadsGetAWellFormedAnswer(long seed) {
    RandomPayloads payloads = new RandomPayloads(seed);
    int cleaned = 0;
    int rejectedForFields = 0;
    for (int i = 0; i < CASES_PER_SEED; i++) {
      String payload = payloads.next();
      try {
        Outcome outcome = assertWellFormed(payload);
        cleaned += outcome instanceof Cleaned ? 1 : 0;
        rejectedForFields += outcome instanceof Rejected r && r.reasons().get(0).contains(":")
            && FIELD_REASON.matcher(r.reasons().get(0)).matches() ? 1 : 0;
      } catch (AssertionError | RuntimeException e) {
        fail("seed " + seed + " case " + i + ": " + Payload.quote(payload), e);
      }
    }
    // The generator must reach both answers, or the property says little.
    assertTrue(cleaned > CASES_PER_SEED / 50, "cleaned " + cleaned);
    assertTrue(rejectedForFields > CASES_PER_SEED / 5, "rejected for fields " + rejectedForFields);
  }

  /** Issue 4's hostile inputs, each with the reason the contract gives it. */
  @Test
  void hostileInputsGetTheirContractReason() {
    assertEquals(List.of("payload:too_large"), answer("x".repeat(1_000_001)));
    assertEquals(List.of("payload:too_large"), answer("\"" + "a".repeat(2_000_000) + "\""));
    assertEquals(List.of("payload:not_json"), answer("[".repeat(100_000) + "]".repeat(100_000)));
    assertEquals(List.of("payload:not_json"), answer("{\"a\":" + "[".repeat(100_000)));
    assertEquals(List.of("payload:not_json"), answer("\u0000"));
    assertEquals(List.of("payload:not_json"), answer("{\"price\":\"\u0000\"}"));
    assertEquals(List.of("payload:not_json"), answer("\uD800{}"));
    assertEquals(List.of("price:range"), answer(Payload.valid().set(Field.PRICE, "1e999999").json()));
    assertEquals(List.of("price:range"), answer(Payload.valid().set(Field.PRICE, "-1e999999").json()));
    assertEquals(List.of("price:range"), answer(Payload.valid().set(Field.PRICE, "9".repeat(900_000)).json()));
    assertEquals(List.of("latitude:range"), answer(Payload.valid().with("lat", "4" + "7".repeat(900_000)).json()));
    assertEquals(List.of("bedrooms:type"), answer(Payload.valid().set(Field.BEDROOMS, "3." + "0".repeat(900_000) + "1").json()));
    assertEquals(List.of("price:type"), answer(Payload.valid().set(Field.PRICE, Payload.quote("1" + ",".repeat(900_000) + "x")).json()));
    assertEquals(List.of(), answer(Payload.valid().with("notes", Payload.quote("\u0000\uD800\uDFFF".repeat(100_000))).json()));
    assertEquals(List.of("zip_code:format"), answer(Payload.valid().set(Field.ZIP_CODE, Payload.quote("\uDC00" + "9".repeat(500_000))).json()));
    assertEquals(List.of("sale_date:format"), answer(Payload.valid().set(Field.SALE_DATE, Payload.quote("2014-10-13".repeat(90_000))).json()));
    // A key of a million characters, lone surrogates in keys, raw (unescaped) lone surrogates in strings.
    assertEquals(List.of(), answer(Payload.valid().with("k".repeat(900_000), "1").json()));
    assertEquals(List.of("price:type"), answer(Payload.valid().set(Field.PRICE, "\"\uD800\"").json()));
  }

  private static List<String> answer(String payload) {
    Outcome outcome = assertWellFormed(payload);
    return outcome instanceof Rejected r ? r.reasons() : List.of();
  }

  @Test
  void addingUnknownKeysOrWhitespaceChangesNothing() {
    RandomPayloads payloads = new RandomPayloads(99);
    for (int i = 0; i < CASES_PER_SEED; i++) {
      String payload = payloads.next();
      String trimmed = payload.strip();
      if (!trimmed.startsWith("{") || !trimmed.endsWith("}") || trimmed.length() > 100_000) {
        continue;
      }
      Outcome original = Fixtures.clean(payload);
      String inner = trimmed.substring(1, trimmed.length() - 1).strip();
      String extra = "{\"zz unknown key " + i + "\":[1,{\"b\":null}]" + (inner.isEmpty() ? "" : "," + inner) + "}";
      assertEquals(original, Fixtures.clean(extra), () -> "with an unknown key: " + extra);
      assertEquals(original, Fixtures.clean(" \n" + payload + "\t\r\n"), () -> "with whitespace: " + payload);
    }
  }

  private static Outcome assertWellFormed(String payload) {
    Outcome outcome = Fixtures.clean(payload);
    assertEquals(outcome, Fixtures.clean(payload), "the same payload must get the same answer");
    if (outcome instanceof Rejected rejected) {
      List<String> reasons = rejected.reasons();
      assertFalse(reasons.isEmpty());
      for (int i = 1; i < reasons.size(); i++) {
        assertTrue(reasons.get(i - 1).compareTo(reasons.get(i)) < 0, "sorted and distinct: " + reasons);
      }
      boolean payloadProblem = reasons.stream().anyMatch(PAYLOAD_REASONS::contains);
      boolean enrichment = reasons.stream().anyMatch(ENRICHMENT_REASONS::contains);
      if (payloadProblem) {
        assertEquals(1, reasons.size(), "a payload reason stands alone: " + reasons);
      } else if (enrichment) {
        assertTrue(ENRICHMENT_REASONS.containsAll(reasons), "enrichment only without field problems: " + reasons);
      } else {
        for (String reason : reasons) {
          assertTrue(FIELD_REASON.matcher(reason).matches(), "a contract reason: " + reason);
          String field = reason.substring(0, reason.indexOf(':'));
          String problem = reason.substring(reason.indexOf(':') + 1);
          if (problem.equals("missing")) {
            assertTrue(REQUIRED.contains(field), reason);
          }
          if (problem.equals("format")) {
            assertTrue(field.equals("sale_date") || field.equals("zip_code"), reason);
          }
          if (problem.equals("range")) {
            assertFalse(field.equals("zip_code") || field.equals("waterfront"), reason);
          }
        }
      }
    } else {
      assertCleanRecordKeepsTheRanges(((Cleaned) outcome).record());
    }
    return outcome;
  }

  private static void assertCleanRecordKeepsTheRanges(CleanRecord r) {
    assertTrue(r.price().compareTo(BigDecimal.valueOf(1000)) >= 0 && r.price().compareTo(BigDecimal.valueOf(100_000_000)) <= 0);
    assertEquals(2, r.price().scale());
    assertTrue(r.bedrooms() >= 0 && r.bedrooms() <= 20);
    assertTrue(r.bathrooms().multiply(BigDecimal.valueOf(4)).stripTrailingZeros().scale() <= 0, "quarters");
    assertTrue(r.sqftLiving() >= 100 && r.sqftLiving() <= 30_000);
    assertTrue(r.zipCode().matches("[0-9]{5}"));
    assertFalse(r.saleDate().isBefore(java.time.LocalDate.of(1900, 1, 1)));
    assertFalse(r.saleDate().isAfter(Fixtures.RECEIVED.toLocalDate()));
    if (r.latitude() != null) {
      assertTrue(Math.abs(r.latitude()) <= 90);
    }
    if (r.longitude() != null) {
      assertTrue(Math.abs(r.longitude()) <= 180);
    }
    if (r.yrRenovated() != null) {
      assertTrue(r.yrRenovated() >= 1800 && r.yrRenovated() <= r.saleDate().getYear());
    }
  }
}
