package io.homesales.cleaning.core;

import io.homesales.cleaning.core.convert.FieldValues;
import io.homesales.cleaning.core.convert.PreLoad;
import io.homesales.cleaning.core.enrich.Enricher;
import io.homesales.cleaning.core.enrich.EnrichmentRows;
import io.homesales.cleaning.core.parse.PayloadParser;
import io.homesales.cleaning.core.validate.RecordValidator;
import io.homesales.cleaning.core.validate.SaleCandidate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * docs/data-rules.md section 4 in two passes, with no I/O: {@link #check} parses, pre-loads and validates one event;
 * {@link #enrich} finishes a valid sale with the enrichment rows fetched for its page. The job fetches the
 * rows between the passes, once per page, for the zips and dates of the valid sales only.
 * Thread-safe.
 */
public final class Cleaner {

  private final RecordValidator validator = new RecordValidator();

  /**
   * Does the one-time work the first record would otherwise do (the validator's bootstrap and its metadata
   * for the record's constraints), so that a caller can do it while it waits for something else. Optional,
   * idempotent and thread-safe.
   */
  public void prepare() {
    validator.prepare();
  }

  /** Payload, keys, values and "valid when" rules: a valid sale, or every field problem as a reason. */
  public Checked check(RawEvent event) {
    PayloadParser.Result parsed = PayloadParser.parse(event.payload());
    if (parsed instanceof PayloadParser.Unusable unusable) {
      return new Rejected(event.id(), List.of(unusable.reason()));
    }
    FieldValues values = PreLoad.apply(((PayloadParser.ObjectPayload) parsed).members());
    SaleCandidate candidate = SaleCandidate.from(event.receivedDateUtc(), values);

    TreeSet<String> reasons = new TreeSet<>();
    for (Map.Entry<Field, Problem> problem : values.problems().entrySet()) {
      reasons.add(problem.getKey().reason(problem.getValue()));
    }
    Set<Field> outOfRange = validator.fieldsOutOfRange(candidate);
    for (Field field : outOfRange) {
      reasons.add(field.reason(Problem.RANGE));
    }
    return reasons.isEmpty() ? new ValidSale(event, candidate) : Rejected.of(event.id(), reasons);
  }

  /** docs/data-rules.md section 4.4: the enrichment of a valid sale, or its {@code enrichment:*} reasons. */
  public Outcome enrich(ValidSale sale, EnrichmentRows rows) {
    return Enricher.enrich(sale, rows);
  }

  /** Both passes at once, for callers that already hold the enrichment rows. */
  public Outcome clean(RawEvent event, EnrichmentRows rows) {
    Checked checked = check(event);
    return checked instanceof ValidSale valid ? enrich(valid, rows) : (Rejected) checked;
  }
}
