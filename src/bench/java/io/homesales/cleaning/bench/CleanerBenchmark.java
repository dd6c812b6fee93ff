package io.homesales.cleaning.bench;

import io.homesales.cleaning.core.Cleaner;
import io.homesales.cleaning.core.Outcome;
import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.core.convert.PreLoad;
import io.homesales.cleaning.core.enrich.EnrichmentRows;
import io.homesales.cleaning.core.enrich.School;
import io.homesales.cleaning.core.parse.PayloadParser;
import io.homesales.cleaning.core.validate.SaleCandidate;
import io.homesales.cleaning.sample.SampleData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 * The cleaning core alone, one thread, on a realistic mix: 70% King County sample sales that clean, 30%
 * defective payloads of every kind. One operation is one record. Run: {@code ./mvnw -Pjmh test-compile exec:exec}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class CleanerBenchmark {

  private final Cleaner cleaner = new Cleaner();
  private EnrichmentRows rows;
  private RawEvent[] events;
  private int next;

  @Setup
  public void setUp() {
    rows = EnrichmentRows.of(SampleData.zipPopulation(),
        SampleData.schools().stream().map(s -> new School(s.zipCode(), s.rating())).toList(),
        SampleData.mortgageRates());
    List<RawEvent> sample = SampleData.events();
    Random random = new Random(42);
    List<RawEvent> mix = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      RawEvent base = sample.get(random.nextInt(sample.size()));
      mix.add(i % 10 < 7 ? base : defective(base, random));
    }
    Collections.shuffle(mix, random);
    events = mix.toArray(RawEvent[]::new);
  }

  /** The sale with one defect of the kinds a dirty feed has. */
  static RawEvent defective(RawEvent base, Random random) {
    String p = base.payload();
    String payload = switch (random.nextInt(10)) {
      case 0 -> p.substring(0, p.length() / 2);                                   // truncated: not_json
      case 1 -> p.replaceFirst("\"price\":\"[^\"]*\"", "\"price\":\"N/A\"");      // price:missing
      case 2 -> p.replaceFirst("\"bedrooms\":\"[^\"]*\"", "\"bedrooms\":\"three\""); // bedrooms:type
      case 3 -> p.replaceFirst("\"date\":\"[^\"]*\"", "\"date\":\"2014-02-30\"");  // sale_date:format
      case 4 -> p.replaceFirst("\"zipcode\":\"[^\"]*\"", "\"zipcode\":\"9817\"");  // zip_code:format
      case 5 -> p.replaceFirst("\"bathrooms\":\"[^\"]*\"", "\"bathrooms\":\"2.3\""); // bathrooms:range
      case 6 -> p.replaceFirst("\\{", "{\"beds\":\"99\",");                        // bedrooms:conflict
      case 7 -> p.replaceFirst("\"zipcode\":\"[^\"]*\"", "\"zipcode\":\"10001\""); // enrichment reasons
      case 8 -> "[" + p + "]";                                                     // not_object
      default -> p.replaceFirst("\"yr_built\":\"[^\"]*\"", "\"yr_built\":\"2999\""); // yr_built:range
    };
    return new RawEvent(base.id(), base.receivedAt(), payload);
  }

  private RawEvent nextEvent() {
    RawEvent event = events[next];
    next = next + 1 == events.length ? 0 : next + 1;
    return event;
  }

  /** The whole core: parse, pre-load, validate, enrich. The figure the README reports. */
  @Benchmark
  public Outcome cleanOneRecord() {
    return cleaner.clean(nextEvent(), rows);
  }

  /** Stage breakdown: JSON parsing alone. */
  @Benchmark
  public PayloadParser.Result parseOnly() {
    return PayloadParser.parse(nextEvent().payload());
  }

  /** Stage breakdown: parsing and the pre-load step, without validation. */
  @Benchmark
  public Object parseAndPreLoad() {
    RawEvent event = nextEvent();
    PayloadParser.Result parsed = PayloadParser.parse(event.payload());
    if (parsed instanceof PayloadParser.ObjectPayload object) {
      return SaleCandidate.from(event.receivedDateUtc(), PreLoad.apply(object.members()));
    }
    return parsed;
  }
}
