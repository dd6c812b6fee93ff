package io.homesales.cleaning.core.validate;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.math.BigDecimal;

/**
 * The annotated decimal is within {@code [min, max]} (both inclusive, either may be omitted) and, when
 * {@code step} is given, an exact multiple of it: one field's whole "valid when" rule in one annotation.
 */
@Target(FIELD)
@Retention(RUNTIME)
@Constraint(validatedBy = Within.Validator.class)
public @interface Within {

  String min() default "";

  String max() default "";

  String step() default "";

  String message() default "range";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  final class Validator implements ConstraintValidator<Within, BigDecimal> {
    private BigDecimal min;
    private BigDecimal max;
    private BigDecimal step;

    @Override
    public void initialize(Within annotation) {
      min = annotation.min().isEmpty() ? null : new BigDecimal(annotation.min());
      max = annotation.max().isEmpty() ? null : new BigDecimal(annotation.max());
      step = annotation.step().isEmpty() ? null : new BigDecimal(annotation.step());
    }

    @Override
    public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
      return value == null
          || ((min == null || value.compareTo(min) >= 0)
              && (max == null || value.compareTo(max) <= 0)
              && (step == null || value.remainder(step).signum() == 0));
    }
  }
}
