package io.homesales.cleaning.core;

import io.homesales.cleaning.core.validate.SaleCandidate;
import java.time.LocalDate;

/** An event whose every field is valid; it still needs its enrichment rows. */
public record ValidSale(RawEvent event, SaleCandidate sale) implements Checked {

  @Override
  public long id() {
    return event.id();
  }

  public String zipCode() {
    return sale.zipCode();
  }

  public LocalDate saleDate() {
    return sale.saleDate();
  }
}
