package io.homesales.cleaning.run;

import io.homesales.cleaning.core.Outcome;

/**
 * One event of a page, ready to be written: its outcome (a clean record or a rejection), or, when the core
 * failed on it unexpectedly, the error, and no outcome: such an event is left unprocessed.
 */
record PageItem(long id, Outcome outcome, Throwable error) {}
