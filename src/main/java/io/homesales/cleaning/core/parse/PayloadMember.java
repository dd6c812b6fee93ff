package io.homesales.cleaning.core.parse;

/** One key of the payload object with its value, in the order written. */
public record PayloadMember(String key, JsonValue value) {}
