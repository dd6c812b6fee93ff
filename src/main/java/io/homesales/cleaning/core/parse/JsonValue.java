package io.homesales.cleaning.core.parse;

/**
 * A top-level value of a payload object, as the pre-load step needs it. Numbers keep their exact text;
 * nested objects and arrays are only ever a type problem, so their content is validated and dropped.
 */
public sealed interface JsonValue {

  record Text(String value) implements JsonValue {}

  record Number(ExactNumber value) implements JsonValue {}

  record Bool(boolean value) implements JsonValue {}

  record Null() implements JsonValue {}

  record Container(boolean array) implements JsonValue {}

  Null NULL = new Null();
  Bool TRUE = new Bool(true);
  Bool FALSE = new Bool(false);
  Container OBJECT = new Container(false);
  Container ARRAY = new Container(true);
}
