/**
 * The runnable jar's command line: {@code run}, {@code run-once}, {@code init-schema}, {@code load-sample},
 * {@code reprocess}, {@code await}, {@code demo} and {@code help}; their options, help, exit statuses and signal
 * handling. It uses the job and the HTTP surface; nothing uses it. No supported API but
 * {@link io.homesales.cleaning.cli.Main}.
 */
package io.homesales.cleaning.cli;
