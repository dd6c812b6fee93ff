package io.homesales.cleaning.core.validate;

import io.homesales.cleaning.core.Field;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.groups.Default;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.hibernate.validator.HibernateValidator;

/** Runs the constraints of {@link SaleCandidate} and names the fields out of range. Thread-safe. */
public final class RecordValidator {

  /**
   * Built once, on first use rather than when a {@code RecordValidator} is made: the factory's bootstrap costs
   * a fresh JVM a few hundred milliseconds, which {@link #prepare()} lets a caller spend off its critical path.
   * Its validators are thread-safe. Messages are never shown (a violation only names its field), so the
   * template is passed through untouched: no Expression Language implementation is needed and no time is
   * spent interpolating.
   */
  private static final class Shared {
    static final Validator VALIDATOR = Validation.byProvider(HibernateValidator.class)
        .configure()
        .messageInterpolator(new VerbatimMessages())
        .buildValidatorFactory()
        .getValidator();
  }

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

  /**
   * Bootstraps the validator and builds its metadata for {@link SaleCandidate}'s constraints, which the first
   * validation would otherwise do. Idempotent, and cheap once done.
   */
  public void prepare() {
    Shared.VALIDATOR.getConstraintsForClass(SaleCandidate.class);
  }

  /** The fields of {@code candidate} that break a "valid when" rule (each is {@code <field>:range}). */
  public Set<Field> fieldsOutOfRange(SaleCandidate candidate) {
    // One call runs both groups. Its cross-field results stand unless a field they depend on is itself
    // invalid; then that pass is redone without it (docs/data-rules.md section 4.2: such a bound is not checked).
    Set<Field> own = EnumSet.noneOf(Field.class);
    Set<Field> crossField = EnumSet.noneOf(Field.class);
    for (ConstraintViolation<SaleCandidate> violation
        : Shared.VALIDATOR.validate(candidate, Default.class, CrossField.class)) {
      boolean cross = violation.getConstraintDescriptor().getGroups().contains(CrossField.class);
      (cross ? crossField : own).add(field(violation));
    }
    if (own.contains(Field.SALE_DATE) || own.contains(Field.YR_BUILT)) {
      crossField.clear();
      for (ConstraintViolation<SaleCandidate> violation
          : Shared.VALIDATOR.validate(candidate.withoutInvalid(own), CrossField.class)) {
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
