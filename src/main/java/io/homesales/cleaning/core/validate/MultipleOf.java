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

/** The annotated decimal is an exact multiple of {@link #value()} (e.g. bathrooms in quarters). */
@Target(FIELD)
@Retention(RUNTIME)
@Constraint(validatedBy = MultipleOf.Validator.class)
public @interface MultipleOf {

  String value();

  String message() default "range";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  final class Validator implements ConstraintValidator<MultipleOf, BigDecimal> {
    private BigDecimal step;

    @Override
    public void initialize(MultipleOf annotation) {
      step = new BigDecimal(annotation.value());
    }

    @Override
    public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
      return value == null || value.remainder(step).signum() == 0;
    }
  }
}
