package io.homesales.cleaning.core;

/** What the first pass (parse, pre-load, validate) made of an event: a valid sale, or a rejection. */
public sealed interface Checked permits ValidSale, Rejected {

  long id();
}
