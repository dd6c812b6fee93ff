/**
 * The shipped King County sample as upstream rows, and a generator of realistic and hostile events for tests and
 * benchmarks. Not a supported API.
 */
package io.homesales.cleaning.sample;
