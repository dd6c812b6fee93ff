package io.homesales.cleaning.core.convert;

import io.homesales.cleaning.core.Field;
import io.homesales.cleaning.core.Problem;
import io.homesales.cleaning.core.parse.JsonValue;
import io.homesales.cleaning.core.parse.PayloadMember;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The pre-load step (docs/data-rules.md sections 4.2 and 4.3), the analogue of marshmallow's {@code @pre_load}: maps
 * each payload key to its field, drops missing values, converts the rest and applies the conflict rule.
 */
public final class PreLoad {

  private PreLoad() {}

  public static FieldValues apply(List<PayloadMember> members) {
    Map<Field, List<JsonValue>> present = new EnumMap<>(Field.class);
    for (PayloadMember member : members) {
      Field field = Field.forKey(member.key());
      if (field != null && !ValueConverter.isMissing(member.value())) {
        present.computeIfAbsent(field, f -> new ArrayList<>(1)).add(member.value());
      }
    }
    FieldValues result = new FieldValues();
    for (Field field : Field.values()) {
      List<JsonValue> raws = present.get(field);
      if (raws == null) {
        if (field.required()) {
          result.fail(field, Problem.MISSING);
        }
      } else if (raws.size() == 1) {
        keep(result, field, ValueConverter.convert(field.kind(), raws.get(0)));
      } else {
        keep(result, field, agree(field, raws));
      }
    }
    return result;
  }

  /** Several keys fed one field: one value if all convert cleanly to the same value, else a conflict. */
  private static Converted agree(Field field, List<JsonValue> raws) {
    Object agreed = null;
    for (JsonValue raw : raws) {
      Converted converted = ValueConverter.convert(field.kind(), raw);
      if (!(converted instanceof Converted.Value value) || (agreed != null && !agreed.equals(value.value()))) {
        return new Converted.Failed(Problem.CONFLICT);
      }
      agreed = value.value();
    }
    return new Converted.Value(agreed);
  }

  private static void keep(FieldValues result, Field field, Converted converted) {
    if (converted instanceof Converted.Value value) {
      result.put(field, value.value());
    } else {
      result.fail(field, ((Converted.Failed) converted).problem());
    }
  }
}
