"""What a measure is (`Measure`), the filters every measure may be narrowed by and the units
it may be in: the catalogue's terms, apart so that each section of the catalogue can use them
(`catalogue` gathers the sections)."""

from __future__ import annotations

from dataclasses import dataclass

FILTERS = ("source", "channel", "locality", "team", "age_band", "ethnicity")

FILTER_LABELS = {
    "source": "Referral source (CIN census code)",
    "channel": "Channel",
    "locality": "Locality",
    "team": "Team",
    "age_band": "Age band",
    "ethnicity": "Ethnicity",
}

UNITS = {
    "count": "a count of records",
    "percent": "a percentage (numerator / denominator x 100)",
    "per_10k": "a rate per 10,000 children in the council's child population",
    "per_worker": "an average per worker (records / workers)",
    "score": "a mean score (the scores added up / the number of scores)",
}


@dataclass(frozen=True)
class Measure:
    key: str
    name: str
    definition: str
    counts: str
    date_field: str
    filters: tuple[str, ...]
    unit: str
    higher_is: str = "neutral"
    point_in_time: bool = False  # counted "as at" the window's last day, not over the window
    headline: bool = False  # on the dashboard's default page
    group: str = ""  # a group of figures of its own on the dashboard ("Learning")
