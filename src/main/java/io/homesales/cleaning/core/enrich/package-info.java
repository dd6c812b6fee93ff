/**
 * Enrichment of a valid sale (docs/data-rules.md sections 4.4 and 6) from rows fetched for a whole page: zip
 * population and density, schools and their ratings, the week's mortgage rate, and the derived columns. The row
 * types are public for the store that fetches them.
 */
package io.homesales.cleaning.core.enrich;
