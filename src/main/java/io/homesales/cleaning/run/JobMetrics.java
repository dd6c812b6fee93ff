package io.homesales.cleaning.run;

import io.homesales.cleaning.core.Cleaned;
import io.homesales.cleaning.core.Outcome;
import io.homesales.cleaning.core.ReasonRegistry;
import io.homesales.cleaning.core.Rejected;
import io.homesales.cleaning.gate.GateResult;
import io.homesales.cleaning.gate.Gates;
import io.homesales.cleaning.gate.Level;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The job's meters, on the registry the host gives (or the job's own). Every label has a bounded set of
 * values: triggers, statuses, outcomes, and rejection reasons, which are those of docs/data-rules.md section 5
 * (sixteen fields times five problems, three payload and three enrichment reasons) plus {@code database:<SQLSTATE>}
 * for the few dozen SQLSTATEs of classes 22 and 23.
 *
 * <p>Recording is cheap enough for the write path: a record costs a counter increment and a timer sample,
 * and the meters a record touches are looked up once and kept.
 *
 * <p>Public for the job's own packages; not a supported API (docs/embedding.md lists what is).
 */
public final class JobMetrics {

  /** Meters nobody reads: for runs outside the verticle ({@code run-once}, tests) and dry runs. */
  /** The {@code reason} label of a reason no part of the job registered: a stage's bug, bounded to one value. */
  public static final String UNREGISTERED = "unregistered";

  public static final JobMetrics NONE = new JobMetrics(new CompositeMeterRegistry());

  private final MeterRegistry registry;
  private final Counter cleaned;
  private final Counter rejected;
  private final Counter errored;
  private final Timer write;
  private final Timer pageLoad;
  private final Map<String, Counter> byReason = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> gateStates = new ConcurrentHashMap<>();
  private final ReasonRegistry reasons;
  /** Everything registered, to take off the host's registry when the job is undeployed. */
  private final Set<Meter> registered = ConcurrentHashMap.newKeySet();

  /** The job's meters with the core's reasons as the {@code reason} label's values. */
  public JobMetrics(MeterRegistry registry) {
    this(registry, ReasonRegistry.CORE);
  }

  /**
   * The job's meters; the {@code reason} label takes the reasons {@code reasons} knows, and every other reason
   * (one that a stage gave without registering it) counts under {@link #UNREGISTERED}, so that the label stays
   * bounded.
   */
  public JobMetrics(MeterRegistry registry, ReasonRegistry reasons) {
    this.registry = registry;
    this.reasons = reasons;
    this.cleaned = records("cleaned");
    this.rejected = records("rejected");
    this.errored = records("failed");
    this.write = Timer.builder("cleaning.job.write")
        .description("Time from sending a record's statement to its answer (pipelined statements overlap)")
        .register(registry);
    registered.add(write);
    this.pageLoad = Timer.builder("cleaning.job.page.load")
        .description("Time to select, load, check and enrich a page of events")
        .register(registry);
    registered.add(pageLoad);
  }

  private Counter records(String outcome) {
    return keep(Counter.builder("cleaning.job.records").tag("outcome", outcome)
        .description("Records finished with by real runs, by outcome (failed: left unprocessed by an unexpected error)")
        .register(registry));
  }

  private <M extends Meter> M keep(M meter) {
    registered.add(meter);
    return meter;
  }

  /** Takes the job's meters off the registry (the host's may outlive the job). */
  public void close() {
    registered.forEach(registry::remove);
    registered.clear();
    byReason.clear();
    gateStates.clear();
  }

  public MeterRegistry registry() {
    return registry;
  }

  void recordWritten(Outcome outcome, long nanos) {
    write.record(nanos, TimeUnit.NANOSECONDS);
    if (outcome instanceof Cleaned) {
      cleaned.increment();
      return;
    }
    rejected.increment();
    for (String reason : ((Rejected) outcome).reasons()) {
      Counter counter = byReason.get(reason);
      if (counter == null) {
        // Only a registered reason gets its own entry: the label, and this map, stay bounded.
        counter = byReason.computeIfAbsent(reasons.isKnown(reason) ? reason : UNREGISTERED, this::rejections);
      }
      counter.increment();
    }
  }

  private Counter rejections(String reason) {
    return keep(Counter.builder("cleaning.job.rejections").tag("reason", reason)
        .description("Rejection reasons of the records rejected by real runs (a record counts under each of its reasons)")
        .register(registry));
  }

  void errored() {
    errored.increment();
  }

  void pageLoaded(long nanos) {
    pageLoad.record(nanos, TimeUnit.NANOSECONDS);
  }

  void runEnded(RunSummary summary) {
    keep(Counter.builder("cleaning.job.runs")
        .tag("trigger", summary.trigger().label()).tag("status", summary.status().label())
        .tag("dry_run", Boolean.toString(summary.dryRun()))
        .description("Runs by trigger and status")
        .register(registry)).increment();
    keep(Timer.builder("cleaning.job.run.duration")
        .tag("trigger", summary.trigger().label()).tag("status", summary.status().label())
        .tag("dry_run", Boolean.toString(summary.dryRun()))
        .description("Run durations")
        .register(registry)).record(summary.duration());
  }

  /**
   * The gates' verdicts on a run that ended: each gate's state (0 ok, 1 warn, 2 fail) as a gauge, which keeps the
   * last run's verdict until the next judges the gate again, and the warnings and failures counted by gate. A
   * reason's gate is labelled as its reason is ({@link #UNREGISTERED} for one nobody registered).
   */
  void gatesJudged(List<GateResult> results) {
    Set<String> seen = new HashSet<>();
    for (GateResult result : results) {
      String gate = gateLabel(result.gate());
      seen.add(gate);
      gateStates.computeIfAbsent(gate, label -> {
        AtomicInteger state = new AtomicInteger();
        keep(Gauge.builder("cleaning.job.gate.state", state, AtomicInteger::get).tag("gate", label)
            .description("Each quality gate's verdict on the last run that judged it: 0 ok, 1 warn, 2 fail")
            .register(registry));
        return state;
      }).set(result.level().ordinal());
      if (result.level() != Level.OK) {
        keep(Counter.builder("cleaning.job.gate.trips").tag("gate", gate).tag("level", result.level().label())
            .description("Runs a quality gate warned about or failed, by gate and level")
            .register(registry)).increment();
      }
    }
    // A gate the run did not judge (a reason it did not give) is ok for it.
    gateStates.forEach((gate, state) -> {
      if (!seen.contains(gate)) {
        state.set(Level.OK.ordinal());
      }
    });
  }

  private String gateLabel(String gate) {
    if (!gate.startsWith(Gates.REASON)) {
      return gate;
    }
    return reasons.isKnown(Gates.reasonOf(gate)) ? gate : Gates.REASON + UNREGISTERED;
  }

  /** A gauge read when the registry is scraped; {@code unit} is its base unit, or null. */
  public void gauge(String name, String unit, String description, Supplier<Number> value) {
    keep(Gauge.builder(name, value).baseUnit(unit).description(description).strongReference(true)
        .register(registry));
  }
}
