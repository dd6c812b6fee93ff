/**
 * The job: one run (its lifecycle, page pipeline and write window), the verticle with its event-bus API and
 * state, the settings, status, readiness and re-cleaning. It uses {@code core} and {@code store}; the
 * {@code http} and {@code cli} packages use it.
 *
 * <p>Supported: what docs/embedding.md documents ({@link io.homesales.cleaning.job.CleaningJobVerticle},
 * {@link io.homesales.cleaning.job.JobSchema}, {@link io.homesales.cleaning.job.SettingsException}) and the types
 * their methods take and return ({@link io.homesales.cleaning.job.JobSettings},
 * {@link io.homesales.cleaning.job.Addresses}, {@link io.homesales.cleaning.job.RunSummary},
 * {@link io.homesales.cleaning.job.RunStatus}, {@link io.homesales.cleaning.job.RunTrigger}). Other public types
 * serve the command line and the operations server, and may change between releases.
 */
package io.homesales.cleaning.job;
