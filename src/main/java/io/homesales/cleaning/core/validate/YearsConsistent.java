package io.homesales.cleaning.core.validate;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.math.BigDecimal;

/**
 * The year bounds that need another field (docs/data-rules.md section 4.2): {@code yr_built <= year(sale_date) + 1},
 * {@code yr_renovated <= year(sale_date)} and {@code yr_renovated >= yr_built}. Each broken bound is
 * reported on the field it bounds. A null other field (absent or invalid) leaves its bounds unchecked.
 */
@Target(TYPE)
@Retention(RUNTIME)
@Constraint(validatedBy = YearsConsistent.Validator.class)
public @interface YearsConsistent {

  String message() default "range";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  final class Validator implements ConstraintValidator<YearsConsistent, SaleCandidate> {
    @Override
    public boolean isValid(SaleCandidate sale, ConstraintValidatorContext context) {
      BigDecimal saleYear = sale.saleDate() == null ? null : BigDecimal.valueOf(sale.saleDate().getYear());
      BigDecimal built = sale.yrBuilt();
      BigDecimal renovated = sale.yrRenovated();
      boolean builtOk = built == null || saleYear == null || built.compareTo(saleYear.add(BigDecimal.ONE)) <= 0;
      // yr_built breaking its own bound is not valid, so it then bounds nothing.
      BigDecimal validBuilt = builtOk ? built : null;
      boolean renovatedOk = renovated == null
          || ((saleYear == null || renovated.compareTo(saleYear) <= 0)
              && (validBuilt == null || renovated.compareTo(validBuilt) >= 0));
      if (builtOk && renovatedOk) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      if (!builtOk) {
        report(context, "yrBuilt");
      }
      if (!renovatedOk) {
        report(context, "yrRenovated");
      }
      return false;
    }

    private static void report(ConstraintValidatorContext context, String property) {
      context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
          .addPropertyNode(property).addConstraintViolation();
    }
  }
}
