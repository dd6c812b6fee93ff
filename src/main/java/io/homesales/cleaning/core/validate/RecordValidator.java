package io.homesales.cleaning.core.validate;

import io.homesales.cleaning.core.Field;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
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
    Set<Field> invalid = EnumSet.noneOf(Field.class);
    collect(validator.validate(candidate), invalid);
    collect(validator.validate(candidate.withoutInvalid(invalid), CrossField.class), invalid);
    return invalid;
  }

  private static void collect(Set<ConstraintViolation<SaleCandidate>> violations, Set<Field> into) {
    for (ConstraintViolation<SaleCandidate> violation : violations) {
      String property = null;
      for (Path.Node node : violation.getPropertyPath()) {
        property = node.getName();
      }
      into.add(Field.forProperty(property));
    }
  }
}
