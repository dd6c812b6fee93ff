/**
 * SQL and nothing else: the run lock, the pending set, pages of unprocessed ids, the events and enrichment
 * they need, the record writer, the run history, re-queuing, the status view and the API's queries, each as a
 * Vert.x SQL client template. It uses {@code core} for its row types and nothing above it.
 *
 * <p>Supported: {@link io.homesales.cleaning.store.Schema} (the DDL an embedder applies). The other public types
 * serve the job's packages and the tests, and may change between releases.
 */
package io.homesales.cleaning.store;
