package io.homesales.cleaning.core.validate;

import io.homesales.cleaning.core.Field;
import io.homesales.cleaning.core.convert.FieldValues;
import io.homesales.cleaning.core.parse.ExactNumber;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;

/**
 * The typed record after the pre-load step, with the "valid when" column of docs/data-rules.md section 4.2 as
 * constraints (the analogue of marshmallow's {@code @validates}). A field that is absent or had a pre-load problem is
 * null here, and a null passes every constraint, so each field gets at most one reason.
 *
 * <p>Numbers are {@link BigDecimal}s made by {@link ExactNumber#toBoundedDecimal()}: exact against every
 * bound below even for {@code 1e999999} or a thousand-digit fraction. Every violation means
 * {@code <field>:range}; the field is found from the violation's property name.
 */
@SaleDateNotAfterReceipt
@YearsConsistent(groups = CrossField.class)
public record SaleCandidate(
    LocalDate receivedDate,
    @NotBefore("1900-01-01") LocalDate saleDate,
    @Within(min = "1000", max = "100000000") BigDecimal price,
    String zipCode,
    @Within(min = "0", max = "20") BigDecimal bedrooms,
    @Within(min = "0", max = "20", step = "0.25") BigDecimal bathrooms,
    @Within(min = "100", max = "30000") BigDecimal sqftLiving,
    @Within(min = "100", max = "50000000") BigDecimal sqftLot,
    @Within(min = "1", max = "5", step = "0.5") BigDecimal floors,
    Boolean waterfront,
    @Within(min = "0", max = "4") BigDecimal view,
    @Within(min = "1", max = "5") BigDecimal condition,
    @Within(min = "1", max = "13") BigDecimal grade,
    @Within(min = "1800") BigDecimal yrBuilt,
    @Within(min = "1800") BigDecimal yrRenovated,
    @Within(min = "-90", max = "90") BigDecimal latitude,
    @Within(min = "-180", max = "180") BigDecimal longitude) {

  /** Builds the typed record from the pre-load step's values. */
  public static SaleCandidate from(LocalDate receivedDate, FieldValues v) {
    return new SaleCandidate(
        receivedDate,
        v.get(Field.SALE_DATE),
        decimal(v, Field.PRICE),
        v.get(Field.ZIP_CODE),
        decimal(v, Field.BEDROOMS),
        decimal(v, Field.BATHROOMS),
        decimal(v, Field.SQFT_LIVING),
        decimal(v, Field.SQFT_LOT),
        decimal(v, Field.FLOORS),
        v.get(Field.WATERFRONT),
        decimal(v, Field.VIEW),
        decimal(v, Field.CONDITION),
        decimal(v, Field.GRADE),
        decimal(v, Field.YR_BUILT),
        yearRenovated(v),
        decimal(v, Field.LATITUDE),
        decimal(v, Field.LONGITUDE));
  }

  /** docs/data-rules.md section 4.2: a renovation year of 0 means "never renovated" and is stored as null. */
  private static BigDecimal yearRenovated(FieldValues v) {
    ExactNumber year = v.get(Field.YR_RENOVATED);
    return year == null || year.isZero() ? null : year.toBoundedDecimal();
  }

  private static BigDecimal decimal(FieldValues v, Field field) {
    ExactNumber n = v.get(field);
    return n == null ? null : n.toBoundedDecimal();
  }

  /**
   * The same candidate with the fields that other bounds depend on cleared when they are invalid, for the
   * {@link CrossField} pass.
   */
  SaleCandidate withoutInvalid(Set<Field> invalid) {
    return new SaleCandidate(receivedDate,
        invalid.contains(Field.SALE_DATE) ? null : saleDate,
        price, zipCode, bedrooms, bathrooms, sqftLiving, sqftLot, floors, waterfront, view, condition, grade,
        invalid.contains(Field.YR_BUILT) ? null : yrBuilt,
        yrRenovated, latitude, longitude);
  }
}
