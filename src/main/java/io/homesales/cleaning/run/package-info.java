/**
 * One run, and nothing of the event bus: from the job's lock to its row in the run history
 * ({@link io.homesales.cleaning.run.CleaningRun}), its pages prepared while the last is written
 * ({@link io.homesales.cleaning.run.PagePipeline}), its pipelined per-record writes
 * ({@link io.homesales.cleaning.run.WriteWindow}, with its bookkeeping in
 * {@link io.homesales.cleaning.run.WindowSlots}, pure and tested without a database), its counts and meters, and a run outside the scheduler
 * ({@link io.homesales.cleaning.run.RunOnce}). It uses {@code core}, {@code store} and {@code settings}; the
 * {@code job} and {@code cli} packages use it.
 *
 * <p>Supported: what a run answers, {@link io.homesales.cleaning.run.RunSummary},
 * {@link io.homesales.cleaning.run.RunStatus} and {@link io.homesales.cleaning.run.RunTrigger}. The other public
 * types serve the job's other packages and say so.
 */
package io.homesales.cleaning.run;
