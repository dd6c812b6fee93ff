package io.homesales.cleaning.core.validate;

import io.homesales.cleaning.core.Field;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.groups.Default;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.hibernate.validator.HibernateValidator;

/** Runs the constraints of {@link SaleCandidate} and names the fields out of range. Thread-safe. */
public final class RecordValidator {

  // Built once: a ValidatorFactory is expensive and its validators are thread-safe. Messages are never
  // shown (a violation only names its field), so the template is passed through untouched: no
  // Expression Language implementation is needed and no time is spent interpolating.
  private static final ValidatorFactory FACTORY = Validation.byProvider(HibernateValidator.class)
      .configure()
      .messageInterpolator(new VerbatimMessages())
      .buildValidatorFactory();

  private static final class VerbatimMessages implements MessageInterpolator {
    @Override
    public String interpolate(String template, Context context) {
      return template;
    }

    @Override
    public String interpolate(String template, Context context, Locale locale) {
      return template;
    }
  }

  private final Validator validator = FACTORY.getValidator();

  /** The fields of {@code candidate} that break a "valid when" rule (each is {@code <field>:range}). */
  public Set<Field> fieldsOutOfRange(SaleCandidate candidate) {
    // One call runs both groups. Its cross-field results stand unless a field they depend on is itself
    // invalid; then that pass is redone without it (contract 4.2: such a bound is not checked).
    Set<Field> own = EnumSet.noneOf(Field.class);
    Set<Field> crossField = EnumSet.noneOf(Field.class);
    for (ConstraintViolation<SaleCandidate> violation : validator.validate(candidate, Default.class, CrossField.class)) {
      boolean cross = violation.getConstraintDescriptor().getGroups().contains(CrossField.class);
      (cross ? crossField : own).add(field(violation));
    }
    if (own.contains(Field.SALE_DATE) || own.contains(Field.YR_BUILT)) {
      crossField.clear();
      for (ConstraintViolation<SaleCandidate> violation
          : validator.validate(candidate.withoutInvalid(own), CrossField.class)) {
        crossField.add(field(violation));
      }
    }
    own.addAll(crossField);
    return own;
  }

  private static Field field(ConstraintViolation<SaleCandidate> violation) {
    String property = null;
    for (Path.Node node : violation.getPropertyPath()) {
      property = node.getName();
    }
    return Field.forProperty(property);
  }
}
