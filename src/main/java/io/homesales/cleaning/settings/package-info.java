/**
 * How the job is configured: every setting declared once ({@link io.homesales.cleaning.settings.Setting}, gathered
 * in a {@link io.homesales.cleaning.settings.SettingRegistry}) and read from the environment (libpq's {@code PG*} variables and
 * {@code CLEANING_JOB_*}) or from a verticle's JSON config, checked as a whole so that one line names every bad
 * one, with warnings for likely typos; the trust a TLS connection to the database needs; the event-bus addresses.
 * It uses nothing else of this project's, and of Vert.x only its JSON and the PostgreSQL client's options.
 *
 * <p>Supported: {@link io.homesales.cleaning.settings.JobSettings}, {@link io.homesales.cleaning.settings.Addresses}
 * and {@link io.homesales.cleaning.settings.SettingsException}. {@link io.homesales.cleaning.settings.SettingsReader},
 * {@link io.homesales.cleaning.settings.Setting}, {@link io.homesales.cleaning.settings.SettingRegistry},
 * {@link io.homesales.cleaning.settings.PemFile} and {@link io.homesales.cleaning.settings.UnknownSettings} are
 * public for the HTTP surface's settings and the command line, and not supported.
 */
package io.homesales.cleaning.settings;
