package io.homesales.cleaning.core.enrich;

/** One row of {@code zip_population}. */
public record ZipPopulation(String zipCode, int population, Double landAreaSqMi, Integer medianHouseholdIncome) {}
