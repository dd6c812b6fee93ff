/**
 * The operations surface over HTTP: the JSON API, the dashboard's files, Prometheus metrics, health and the
 * bearer token. It reaches the job only through the event bus ({@link io.homesales.cleaning.http.JobClient}).
 *
 * <p>Supported: what docs/embedding.md documents, {@link io.homesales.cleaning.http.OperationsApi} (a router to
 * mount) and {@link io.homesales.cleaning.http.HttpSettings}; {@link io.homesales.cleaning.http.OperationsServer}
 * is what {@code run} deploys. The others may change between releases.
 */
package io.homesales.cleaning.http;
