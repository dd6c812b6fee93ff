package io.homesales.cleaning.core.validate;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** A sale cannot be dated after the UTC day the event was received; reported on {@code saleDate}. */
@Target(TYPE)
@Retention(RUNTIME)
@Constraint(validatedBy = SaleDateNotAfterReceipt.Validator.class)
public @interface SaleDateNotAfterReceipt {

  String message() default "range";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  final class Validator implements ConstraintValidator<SaleDateNotAfterReceipt, SaleCandidate> {
    @Override
    public boolean isValid(SaleCandidate sale, ConstraintValidatorContext context) {
      if (sale.saleDate() == null || !sale.saleDate().isAfter(sale.receivedDate())) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
          .addPropertyNode("saleDate").addConstraintViolation();
      return false;
    }
  }
}
