package io.homesales.cleaning.core.validate;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.LocalDate;

/** The annotated date is on or after the ISO date {@link #value()}. */
@Target(FIELD)
@Retention(RUNTIME)
@Constraint(validatedBy = NotBefore.Validator.class)
public @interface NotBefore {

  String value();

  String message() default "range";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  final class Validator implements ConstraintValidator<NotBefore, LocalDate> {
    private LocalDate earliest;

    @Override
    public void initialize(NotBefore annotation) {
      earliest = LocalDate.parse(annotation.value());
    }

    @Override
    public boolean isValid(LocalDate value, ConstraintValidatorContext context) {
      return value == null || !value.isBefore(earliest);
    }
  }
}
