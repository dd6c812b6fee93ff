/**
 * The range and cross-field rules of docs/data-rules.md section 4.2, as Hibernate Validator constraints on
 * {@link io.homesales.cleaning.core.validate.SaleCandidate}. Used by {@link io.homesales.cleaning.core.Cleaner};
 * not a supported API of its own.
 */
package io.homesales.cleaning.core.validate;
