/**
 * The data rules, pure: a raw event in, a clean record or a rejection with its reasons out (docs/data-rules.md).
 * No I/O, no Vert.x, no database, and nothing else of this project: every rule lives here once.
 *
 * <p>Supported: {@link io.homesales.cleaning.core.Cleaner} (check, then enrich), its results
 * ({@link io.homesales.cleaning.core.Outcome}, {@link io.homesales.cleaning.core.Cleaned},
 * {@link io.homesales.cleaning.core.Rejected}, {@link io.homesales.cleaning.core.CleanRecord}), the reason
 * vocabulary ({@link io.homesales.cleaning.core.Reasons}, {@link io.homesales.cleaning.core.ReasonPattern}, and
 * {@link io.homesales.cleaning.core.ReasonRegistry}, where a later stage registers its own reasons) and
 * {@link io.homesales.cleaning.core.RawEvent}. The sub-packages are the steps, public for the job and the tests.
 */
package io.homesales.cleaning.core;
