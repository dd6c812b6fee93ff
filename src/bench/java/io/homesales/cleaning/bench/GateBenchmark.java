package io.homesales.cleaning.bench;

import io.homesales.cleaning.core.Cleaned;
import io.homesales.cleaning.core.Cleaner;
import io.homesales.cleaning.core.Outcome;
import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.core.Rejected;
import io.homesales.cleaning.core.enrich.EnrichmentRows;
import io.homesales.cleaning.core.enrich.School;
import io.homesales.cleaning.gate.Baseline;
import io.homesales.cleaning.gate.Counts;
import io.homesales.cleaning.gate.GateResult;
import io.homesales.cleaning.gate.GateSettings;
import io.homesales.cleaning.gate.Gates;
import io.homesales.cleaning.sample.SampleData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The quality gates' accounting per record (docs/quality-gates.md), on the outcomes of {@link CleanerBenchmark}'s
 * mix (70% clean sales, 30% defects of every kind): {@link #tallyOnly} counts a record as a run does without gates,
 * {@link #tallyAndGates} also asks the gates after each rejection, against a baseline of 20 runs; the difference
 * is what the gates add per record. A run of 100,000 records is about 30,000 rejections: the counts are reset every
 * 100,000 records, as a run would start again. Run: {@code ./mvnw -Pjmh test-compile exec:exec -Djmh.args=Gate}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class GateBenchmark {

  private static final int RUN = 100_000;

  private Outcome[] outcomes;
  private Gates gates;
  private final Map<String, Integer> reasons = new HashMap<>();
  private long cleaned;
  private long rejected;
  private int next;

  @Setup
  public void setUp() {
    EnrichmentRows rows = EnrichmentRows.of(SampleData.zipPopulation(),
        SampleData.schools().stream().map(s -> new School(s.zipCode(), s.rating())).toList(),
        SampleData.mortgageRates());
    List<RawEvent> sample = SampleData.events();
    Random random = new Random(42);
    Cleaner cleaner = new Cleaner();
    List<Outcome> mix = new ArrayList<>();
    Map<String, Long> byReason = new HashMap<>();
    long rejections = 0;
    for (int i = 0; i < 10_000; i++) {
      RawEvent base = sample.get(random.nextInt(sample.size()));
      Outcome outcome = cleaner.clean(i % 10 < 7 ? base : CleanerBenchmark.defective(base, random), rows);
      mix.add(outcome);
      if (outcome instanceof Rejected r) {
        rejections++;
        r.reasons().forEach(reason -> byReason.merge(reason, 1L, Long::sum));
      }
    }
    outcomes = mix.toArray(Outcome[]::new);
    // A baseline of 20 runs like this mix: the gates compare every share with it, as a warm job's do.
    List<Counts> history = new ArrayList<>();
    for (int run = 0; run < 20; run++) {
      history.add(new Counts(mix.size(), rejections, byReason));
    }
    gates = new Gates(GateSettings.DEFAULTS, new Baseline(history));
  }

  private Outcome nextOutcome() {
    Outcome outcome = outcomes[next];
    next = next + 1 == outcomes.length ? 0 : next + 1;
    if (cleaned + rejected == RUN) {
      cleaned = 0;
      rejected = 0;
      reasons.clear();
    }
    return outcome;
  }

  /** What a run counts per record without gates: the outcome, and a rejection's reasons. */
  @Benchmark
  public long tallyOnly() {
    Outcome outcome = nextOutcome();
    if (outcome instanceof Cleaned) {
      return ++cleaned;
    }
    rejected++;
    for (String reason : ((Rejected) outcome).reasons()) {
      reasons.merge(reason, 1, Integer::sum);
    }
    return rejected;
  }

  /** The same, and the gates asked after each rejection, as the run's watch asks them. */
  @Benchmark
  public Object tallyAndGates() {
    Outcome outcome = nextOutcome();
    if (outcome instanceof Cleaned) {
      return ++cleaned;
    }
    rejected++;
    List<String> given = ((Rejected) outcome).reasons();
    for (String reason : given) {
      reasons.merge(reason, 1, Integer::sum);
    }
    GateResult tripped = gates.afterRejection(cleaned + rejected, rejected, given, reasons);
    return tripped != null ? tripped : (Object) rejected;
  }
}
