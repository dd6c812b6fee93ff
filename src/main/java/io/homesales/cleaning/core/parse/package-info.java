/**
 * Step one of docs/data-rules.md section 4.1: the payload as strict JSON, its numbers read exactly, its duplicate
 * keys and depth refused. Used by {@link io.homesales.cleaning.core.Cleaner}; not a supported API of its own.
 */
package io.homesales.cleaning.core.parse;
