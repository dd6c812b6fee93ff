package io.homesales.cleaning.core;

/** The final answer for one event: a clean record to insert, or a rejection with its sorted reasons. */
public sealed interface Outcome permits Cleaned, Rejected {

  long id();
}
