/**
 * The job as a verticle, and the requests it answers: the schedule and forced runs
 * ({@link io.homesales.cleaning.job.CleaningJobVerticle}), its status and readiness, the run history's and data
 * quality's reads ({@link io.homesales.cleaning.job.QueryAnswers}), re-cleaning requests, and the JSON fields of
 * every request ({@link io.homesales.cleaning.job.RequestFields}). It uses {@code run}, {@code store} and
 * {@code settings}; the {@code http} and {@code cli} packages use it.
 *
 * <p>Supported (docs/embedding.md): {@link io.homesales.cleaning.job.CleaningJobVerticle} and
 * {@link io.homesales.cleaning.job.JobSchema}. The other public types serve the command line and the operations
 * server, and say so.
 */
package io.homesales.cleaning.job;
