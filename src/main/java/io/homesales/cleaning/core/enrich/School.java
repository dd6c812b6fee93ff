package io.homesales.cleaning.core.enrich;

/** The part of a {@code public_schools} row enrichment needs. */
public record School(String zipCode, Integer rating) {}
