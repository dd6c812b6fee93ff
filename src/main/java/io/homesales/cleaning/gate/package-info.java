/**
 * Quality gates, pure: a run judged as a whole against thresholds and its own history (docs/quality-gates.md).
 * No I/O and nothing else of this project: the run counts, the gates judge, the store keeps the verdicts.
 *
 * <p>Public: {@link io.homesales.cleaning.gate.GateSettings} and what it is made of
 * ({@link io.homesales.cleaning.gate.GateMode}, {@link io.homesales.cleaning.gate.Limits}),
 * {@link io.homesales.cleaning.gate.Gates} (the judge), {@link io.homesales.cleaning.gate.Counts} (what it judges),
 * {@link io.homesales.cleaning.gate.Baseline} (the history it compares with) and its answers
 * ({@link io.homesales.cleaning.gate.Level}, {@link io.homesales.cleaning.gate.GateResult}).
 */
package io.homesales.cleaning.gate;
