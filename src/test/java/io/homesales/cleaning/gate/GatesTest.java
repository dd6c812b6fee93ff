package io.homesales.cleaning.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The judge alone: limits, baselines, the minimum sample and the grammar of the limits. */
class GatesTest {

  private static final GateSettings DEFAULTS = GateSettings.DEFAULTS;

  private static Counts counts(long done, long rejected, Map<String, Long> reasons) {
    return new Counts(done, rejected, reasons);
  }

  /** {@code runs} runs of {@code done} records in which a reason rejects about {@code share}, with binomial noise. */
  private static Baseline history(int runs, int done, String reason, double share, long seed) {
    Random random = new Random(seed);
    List<Counts> list = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long count = 0;
      for (int r = 0; r < done; r++) {
        count += random.nextDouble() < share ? 1 : 0;
      }
      list.add(counts(done, count, Map.of(reason, count)));
    }
    return new Baseline(list);
  }

  @Test
  void nothingTripsBelowTheMinimumSample() {
    Gates gates = new Gates(DEFAULTS, Baseline.NONE);
    int below = DEFAULTS.minSample() - 1;
    assertNull(gates.afterRejection(below, below, List.of("price:missing"), Map.of("price:missing", below)));
    assertEquals(Level.OK, gates.judge(Gates.REJECTED, below, below).level());
    GateResult at = gates.afterRejection(below + 1, below + 1, List.of("price:missing"),
        Map.of("price:missing", below + 1));
    assertEquals(Level.FAIL, at.level());
    assertEquals("reason:price:missing", at.gate(), "of two gates failing at once, the reason's names the break");
  }

  @Test
  void withoutHistoryOnlyTheAbsoluteLimitsApply() {
    Gates gates = new Gates(DEFAULTS, Baseline.NONE);
    assertEquals(Level.OK, gates.judge("reason:bedrooms:missing", 148, 200).level(), "74%");
    assertEquals(Level.WARN, gates.judge("reason:bedrooms:missing", 150, 200).level(), "75%");
    assertEquals(Level.FAIL, gates.judge("reason:bedrooms:missing", 180, 200).level(), "90%");
    assertEquals(Level.WARN, gates.judge(Gates.REJECTED, 170, 200).level(), "85%");
    assertEquals(Level.FAIL, gates.judge(Gates.REJECTED, 190, 200).level(), "95%");
  }

  @Test
  void aShareFarAboveItsOwnHistoryTripsBelowTheAbsoluteLimits() {
    Gates gates = new Gates(DEFAULTS, history(10, 3_000, "price:missing", 0.0023, 1));
    GateResult warned = gates.judge("reason:price:missing", 30, 200);
    assertEquals(Level.WARN, warned.level(), warned.describe());
    GateResult failed = gates.judge("reason:price:missing", 60, 200);
    assertEquals(Level.FAIL, failed.level(), failed.describe());
    assertEquals(10, failed.baselineRuns());
    assertTrue(failed.describe().contains("baseline 0.2% over 10 runs"), failed.describe());
  }

  @Test
  void aSteadyShareNeedsTheLeastRiseAndRatioNotOnlyDistanceInSpreads() {
    // The sample rejects 0.23% with almost no spread: 3% is many spreads above it, and still no trip.
    Gates gates = new Gates(DEFAULTS, history(20, 3_000, "price:missing", 0.0023, 2));
    assertEquals(Level.OK, gates.judge("reason:price:missing", 6, 200).level());
    // A reason at 60% for 20 runs: 70% is a rise of 10 points, but short of the ratio of 2.
    Gates sixty = new Gates(DEFAULTS, history(20, 300, "bedrooms:missing", 0.6, 3));
    assertEquals(Level.OK, sixty.judge("reason:bedrooms:missing", 140, 200).level());
  }

  @Test
  void aSmallSampleHasAWideSpread() {
    // History at 30%: 45 of 100 records is 15 points up, within 4 binomial spreads of a 100-record sample.
    GateSettings small = new GateSettings(GateMode.HOLD, 100, new Limits(1, 1), new Limits(1, 1), Map.of(), 20, 5,
        new Limits(0.1, 0.25), 1);
    Gates gates = new Gates(small, history(20, 1_000, "x:y", 0.3, 4));
    assertEquals(Level.OK, gates.judge("reason:x:y", 45, 100).level());
    assertEquals(Level.WARN, gates.judge("reason:x:y", 4_500, 10_000).level(), "the same share in 10,000 records");
  }

  @Test
  void tooLittleHistoryMeansNoBaseline() {
    Gates gates = new Gates(DEFAULTS, history(DEFAULTS.baselineMinRuns() - 1, 3_000, "price:missing", 0.0023, 5));
    GateResult result = gates.judge("reason:price:missing", 60, 200);
    assertEquals(Level.OK, result.level(), "30% is below the absolute limits");
    assertEquals(0, result.baselineRuns());
  }

  @Test
  void aReasonsOwnLimitsReplaceTheDefaultAndOffTurnsItsGateOff() {
    GateSettings named = new GateSettings(GateMode.HOLD, 200, DEFAULTS.rejected(), DEFAULTS.reason(),
        GateSettings.parseReasons("enrichment:schools=off, price:missing=0.2/0.3"), 20, 5, DEFAULTS.rise(), 2);
    Gates gates = new Gates(named, Baseline.NONE);
    assertEquals(Level.OK, gates.judge("reason:enrichment:schools", 200, 200).level());
    assertEquals(Level.FAIL, gates.judge("reason:price:missing", 60, 200).level());
    assertEquals(Level.WARN, gates.judge("reason:price:missing", 40, 200).level());
  }

  @Test
  void evaluateListsTheWorstFirstAndNothingWhenOff() {
    Map<String, Long> reasons = new HashMap<>();
    reasons.put("price:missing", 199L);
    reasons.put("bedrooms:missing", 2L);
    Counts run = counts(200, 200, reasons);
    List<GateResult> results = new Gates(DEFAULTS, Baseline.NONE).evaluate(run);
    assertEquals(List.of("reason:price:missing", "rejected", "reason:bedrooms:missing"),
        results.stream().map(GateResult::gate).toList());
    assertEquals(Level.FAIL, Gates.worst(results));
    assertEquals(List.of(), new Gates(DEFAULTS.withMode(GateMode.OFF), Baseline.NONE).evaluate(run));
  }

  @Test
  void limitsAreReadAsWrittenAndBadOnesSayWhy() {
    assertEquals(new Limits(0.75, 0.9), Limits.parse("0.75/0.9", 1));
    assertEquals("off/0.9", Limits.parse(" off / 0.9 ", 1).toString());
    assertEquals(Limits.OFF, Limits.parse("off", 1));
    assertEquals("must be WARN/FAIL, each a number or off, such as 0.75/0.9 (got '0.9')",
        assertThrows(IllegalArgumentException.class, () -> Limits.parse("0.9", 1)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Limits.parse("0.9/1.5", 1)).getMessage()
        .contains("at most 1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Limits.parse("0.9/0.5", 1)).getMessage()
        .contains("warn limit at most its fail limit"));
    assertEquals(Map.of("price:missing", new Limits(0.5, 0.8), "database:22P02", Limits.OFF),
        GateSettings.parseReasons("price:missing=0.5/0.8,database:22P02=off"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> GateSettings.parseReasons("price:missing"))
        .getMessage().startsWith("must be REASON=WARN/FAIL entries"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> GateSettings.parseReasons("a:b=off,a:b=off"))
        .getMessage().contains("names a:b twice"));
  }
}
