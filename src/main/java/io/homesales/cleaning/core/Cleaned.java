package io.homesales.cleaning.core;

/** An event that passed every rule and found all its enrichment. */
public record Cleaned(CleanRecord record) implements Outcome {

  @Override
  public long id() {
    return record.id();
  }
}
