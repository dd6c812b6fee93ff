/**
 * The pre-load step of docs/data-rules.md sections 4.2 and 4.3: keys normalised to fields, placeholders to
 * missing, values converted to each field's kind, with a reason for each that cannot be. Used by
 * {@link io.homesales.cleaning.core.Cleaner}; not a supported API of its own.
 */
package io.homesales.cleaning.core.convert;
