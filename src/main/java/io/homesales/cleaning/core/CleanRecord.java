package io.homesales.cleaning.core;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** One row of {@code home_sales_clean}, less {@code cleaned_at}, which the database sets. */
public record CleanRecord(
    long id,
    OffsetDateTime receivedAt,
    LocalDate saleDate,
    BigDecimal price,
    String zipCode,
    short bedrooms,
    BigDecimal bathrooms,
    int sqftLiving,
    Integer sqftLot,
    BigDecimal floors,
    Boolean waterfront,
    Short view,
    Short condition,
    Short grade,
    Short yrBuilt,
    Short yrRenovated,
    Double latitude,
    Double longitude,
    int zipPopulation,
    Double zipDensity,
    Integer zipMedianIncome,
    int schoolCount,
    Double schoolAvgRating,
    BigDecimal mortgageRate30yr,
    BigDecimal pricePerSqft) {}
