#!/usr/bin/env python3
"""Derives the project's shipped sample (src/main/resources/io/homesales/cleaning/sample/) from the public source files.

Run from the repository root with the sources beside it:  python3 src/tools/derive_sample.py ../shared/data
The sources and their licences are listed in src/main/resources/io/homesales/cleaning/sample/SOURCES.md. Output is deterministic.
"""
import csv
import io
import random
import re
import sys
from pathlib import Path

SRC = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
OUT = Path("src/main/resources/io/homesales/cleaning/sample")
SAMPLE_SIZE = 3000


def kc_sample():
    lines = (SRC / "kc_house_data.csv").read_text().splitlines()
    header, body = lines[0], lines[1:]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    keep = set()
    for i, r in enumerate(rows):
        sale_year = int(r["date"][:4])
        quirky = (int(r["bedrooms"]) in (0, 33) or float(r["bathrooms"]) == 0
                  or (int(r["yr_renovated"]) > sale_year))
        if quirky:
            keep.add(i)
    rng = random.Random(20141013)
    sci = [i for i, r in enumerate(rows) if "e" in r["price"]]
    keep.update(rng.sample(sci, 300))
    renovated = [i for i, r in enumerate(rows) if r["yr_renovated"] != "0"]
    keep.update(rng.sample(renovated, 100))
    waterfront = [i for i, r in enumerate(rows) if r["waterfront"] == "1"]
    keep.update(rng.sample(waterfront, 40))
    ids = {}
    for i, r in enumerate(rows):
        ids.setdefault(r["id"], []).append(i)
    resales = [i for group in ids.values() if len(group) > 1 for i in group]
    keep.update(resales[:60])
    rest = [i for i in range(len(rows)) if i not in keep]
    keep.update(rng.sample(rest, SAMPLE_SIZE - len(keep)))
    chosen = sorted(keep)
    (OUT / "kc_house_sales.csv").write_text(header + "\n" + "\n".join(body[i] for i in chosen) + "\n")
    return {rows[i]["zipcode"] for i in chosen}, {rows[i]["zipcode"] for i in range(len(rows))}


def number(text):
    return text.replace(",", "").strip()


def zip_population(zips):
    income_pop = {}
    with open(SRC / "MedianZIP-3.csv", encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            income_pop[r["Zip"]] = (number(r["Median $"]), number(r["Pop"]))
    area = {}
    with open(SRC / "Gaz_zcta_national.txt", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["GEOID"]:
                area[r["GEOID"].strip()] = r["ALAND_SQMI"].strip()
    with open(OUT / "zip_population.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["zip_code", "population", "land_area_sq_mi", "median_household_income"])
        for z in sorted(zips):
            income, pop = income_pop[z]
            w.writerow([z, pop, area.get(z, ""), income])


def schools(zips):
    zip_re = re.compile(r"(\d{5})(?:-\d{4})?\s*$")
    with open(SRC / "Washington_State_Public_Schools.csv", encoding="utf-8-sig", newline="") as f, \
            open(OUT / "public_schools.csv", "w", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["school_id", "zip_code", "name", "rating", "enrollment"])
        for r in csv.DictReader(f):
            m = zip_re.search(r["PhysicalAddress"])
            if m and m.group(1) in zips:
                # The source has no rating or enrollment columns: both stay empty (null).
                w.writerow([r["OrganizationId"], m.group(1), r["SchoolName"].strip(), "", ""])


def mortgage_rates():
    with open(SRC / "MORTGAGE30US.csv", newline="") as f, open(OUT / "mortgage_rates.csv", "w", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["week_of", "rate_30yr_fixed"])
        for r in csv.DictReader(f):
            if "2013-12-01" <= r["DATE"] <= "2015-12-31":
                w.writerow([r["DATE"], r["MORTGAGE30US"]])


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    sample_zips, all_zips = kc_sample()
    zip_population(all_zips)
    schools(all_zips)
    mortgage_rates()
