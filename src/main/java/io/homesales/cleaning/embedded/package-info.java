/**
 * A throwaway PostgreSQL from embedded binaries, for the demo and the tests; left out of the production image's
 * jar. Not a supported API.
 */
package io.homesales.cleaning.embedded;
