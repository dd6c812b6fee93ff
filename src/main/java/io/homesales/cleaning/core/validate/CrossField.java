package io.homesales.cleaning.core.validate;

/**
 * Validation group of the bounds that need another field. The rules check such a bound (docs/data-rules.md section
 * 4.2) only when the other field is present and valid, so this group runs after the default one, on a candidate from
 * which the invalid fields have been cleared.
 */
public interface CrossField {}
