package io.homesales.cleaning.core.enrich;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One row of {@code mortgage_rates}. */
public record MortgageRate(LocalDate weekOf, BigDecimal rate30yrFixed) {}
