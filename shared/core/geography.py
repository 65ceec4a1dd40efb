"""Sweden's 290 municipalities and 21 counties (SCB codes, population 31 Dec 2024).

The data ships with the package (``data/municipalities.csv``, sources in
``data/SOURCES.md``); codes are text, since leading zeros matter.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class County:
    """A county (län) by its two-digit SCB code."""

    code: str
    name: str


@dataclass(frozen=True)
class Municipality:
    """A municipality (kommun) by its four-digit SCB code."""

    code: str
    name: str
    county_code: str
    population: int
    population_year: int


@functools.cache
def municipalities() -> dict[str, Municipality]:
    """Return every municipality by code, in code order."""
    with (DATA_DIR / "municipalities.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: Municipality(
                code=row["code"],
                name=row["name"],
                county_code=row["county_code"],
                population=int(row["population"]),
                population_year=int(row["population_year"]),
            )
            for row in csv.DictReader(handle)
        }


@functools.cache
def counties() -> dict[str, County]:
    """Return every county by code, in code order."""
    with (DATA_DIR / "regions.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: County(code=row["code"], name=row["name"])
            for row in csv.DictReader(handle)
        }


def unknown_codes(codes: Iterable[str]) -> list[str]:
    """Return the codes that are not one of Sweden's municipalities, in the order given."""
    known = municipalities()
    return [code for code in codes if code not in known]


def population_of(codes: Iterable[str]) -> int:
    """Return the total population of the municipalities ``codes``."""
    known = municipalities()
    return sum(known[code].population for code in set(codes))


def municipality_choices() -> list[tuple[str, str]]:
    """Return (code, "Name (code)") pairs for form fields."""
    return [(m.code, f"{m.name} ({m.code})") for m in municipalities().values()]
