package io.homesales.cleaning.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.core.Cleaned;
import io.homesales.cleaning.core.Cleaner;
import io.homesales.cleaning.core.Outcome;
import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.core.Rejected;
import io.homesales.cleaning.core.enrich.EnrichmentRows;
import io.homesales.cleaning.core.enrich.School;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The generator gives what the chaos test and the benchmark rely on: the mix and every kind of defect. */
class EventGeneratorTest {

  @Test
  void aboutSeventyPercentCleanAndEveryKindOfDefect() {
    List<RawEvent> events = new EventGenerator(7).events(1, 20_000);
    EnrichmentRows rows = EnrichmentRows.of(SampleData.zipPopulation(),
        SampleData.schools().stream().map(s -> new School(s.zipCode(), s.rating())).toList(),
        SampleData.mortgageRates());
    Cleaner cleaner = new Cleaner();
    int cleaned = 0;
    Set<String> reasons = new TreeSet<>();
    for (RawEvent event : events) {
      Outcome outcome = cleaner.clean(event, rows);
      if (outcome instanceof Cleaned) {
        cleaned++;
      } else {
        for (String reason : ((Rejected) outcome).reasons()) {
          reasons.add(reason.startsWith("payload:") || reason.startsWith("enrichment:") ? reason
              : "field:" + reason.substring(reason.indexOf(':') + 1));
        }
      }
    }
    double share = cleaned / (double) events.size();
    assertTrue(share > 0.66 && share < 0.74, "clean share " + share);
    assertEquals(new TreeSet<>(List.of("enrichment:mortgage_rate", "enrichment:population", "enrichment:schools",
        "field:conflict", "field:format", "field:missing", "field:range", "field:type", "payload:not_json",
        "payload:not_object", "payload:too_large")), reasons);
    assertEquals(events, new EventGenerator(7).events(1, 20_000), "the same seed gives the same events");
  }
}
