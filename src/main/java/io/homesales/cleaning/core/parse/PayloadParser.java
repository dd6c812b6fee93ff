package io.homesales.cleaning.core.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.homesales.cleaning.core.Reasons;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * docs/data-rules.md section 4.1: a payload is at most 1,000,000 code points of strict JSON (RFC 8259: no BOM, no
 * comments, no trailing content), nested at most 500 levels, with no key twice in any object, whose root is an
 * object.
 *
 * <p>Jackson's streaming parser does the tokenising; this class walks the tokens iteratively (so a
 * 100,000-level document costs no stack) and keeps only the root object's members. Numbers are kept as
 * their exact text: Jackson never converts them, so its number-length limit is lifted.
 */
public final class PayloadParser {

  public static final int MAX_CODE_POINTS = 1_000_000;
  public static final int MAX_DEPTH = 500;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH + 1) // our own count decides; Jackson's is a backstop
          .maxNumberLength(Integer.MAX_VALUE)
          .maxStringLength(Integer.MAX_VALUE)
          .maxNameLength(Integer.MAX_VALUE)
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // Canonicalising names into a shared symbol table lets crafted keys trip Jackson's hash-flood guard,
      // which would turn valid JSON into a parse error. Payload keys are read once; no table is needed.
      .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
      .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
      .build();

  /** What the payload turned out to be. */
  public sealed interface Result {}

  /** The payload is a JSON object; its members in the order written. */
  public record ObjectPayload(List<PayloadMember> members) implements Result {}

  /** The payload cannot be used; {@code reason} is its reason string (docs/data-rules.md section 4.1). */
  public record Unusable(String reason) implements Result {}

  public static final Unusable TOO_LARGE = new Unusable(Reasons.PAYLOAD_TOO_LARGE);
  public static final Unusable NOT_JSON = new Unusable(Reasons.PAYLOAD_NOT_JSON);
  public static final Unusable NOT_OBJECT = new Unusable(Reasons.PAYLOAD_NOT_OBJECT);

  private PayloadParser() {}

  public static Result parse(String payload) {
    if (payload.length() > MAX_CODE_POINTS && payload.codePointCount(0, payload.length()) > MAX_CODE_POINTS) {
      return TOO_LARGE;
    }
    try (JsonParser parser = FACTORY.createParser(payload)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return NOT_JSON;
      }
      List<PayloadMember> members = null;
      if (first == JsonToken.START_OBJECT) {
        members = readRootObject(parser);
      } else if (first == JsonToken.START_ARRAY) {
        skipContainer(parser, 1);
      }
      if (parser.nextToken() != null) {
        return NOT_JSON; // trailing content after the root value
      }
      return members == null ? NOT_OBJECT : new ObjectPayload(members);
    } catch (IOException malformed) {
      // Jackson reports every syntax error, duplicate key and limit overflow as an IOException.
      return NOT_JSON;
    }
  }

  private static List<PayloadMember> readRootObject(JsonParser parser) throws IOException {
    List<PayloadMember> members = new ArrayList<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonToken token = parser.nextToken();
      members.add(new PayloadMember(key, readValue(parser, token)));
    }
    return members;
  }

  private static JsonValue readValue(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> new JsonValue.Text(parser.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new JsonValue.Number(ExactNumber.parse(parser.getText()));
      case VALUE_TRUE -> JsonValue.TRUE;
      case VALUE_FALSE -> JsonValue.FALSE;
      case VALUE_NULL -> JsonValue.NULL;
      case START_OBJECT -> {
        skipContainer(parser, 2);
        yield JsonValue.OBJECT;
      }
      case START_ARRAY -> {
        skipContainer(parser, 2);
        yield JsonValue.ARRAY;
      }
      default -> throw new IOException("unexpected token " + token);
    };
  }

  /** Reads to the end of the container just opened at {@code depth}, failing past {@link #MAX_DEPTH}. */
  private static void skipContainer(JsonParser parser, int depth) throws IOException {
    int level = depth;
    if (level > MAX_DEPTH) {
      throw new IOException("nested deeper than " + MAX_DEPTH);
    }
    while (level >= depth) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw new IOException("unexpected end of input");
      }
      if (token.isStructStart()) {
        if (++level > MAX_DEPTH) {
          throw new IOException("nested deeper than " + MAX_DEPTH);
        }
      } else if (token.isStructEnd()) {
        level--;
      }
    }
  }
}
