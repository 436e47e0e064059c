"""docs/measures.md, written from the catalogue and the dimensions the engine breaks each
measure down by (above both, so that neither imports the other back)."""

from __future__ import annotations

from .catalogue import FILTER_LABELS, FILTERS, MEASURES, UNITS, Measure
from .engine import dimensions


def _shown(m: Measure) -> str:
    if m.headline:
        return " (on the dashboard)"
    return f" (on the dashboard, under {m.group})" if m.group else ""


def as_markdown() -> str:
    """docs/measures.md: the catalogue in words (written by `frontdoor insights_docs`)."""
    lines = [
        "# Measures",
        "",
        "<!-- Written by `frontdoor insights_docs` from frontdoor/insights/catalogue.py: edit",
        "the catalogue, then run the command; a test checks this file matches. -->",
        "",
        "Every measure the insights dashboard and the evaluation report show. Counting rules",
        "follow the DfE Children in Need census where they overlap: a referral is a child in",
        "need episode counted on its referral date; a re-referral is a referral within 12",
        "months of a previous referral of the same child; an assessment is completed on the",
        "day a manager authorised it.",
        "",
        "- A record about several children (a contact, a strategy discussion) counts once, and",
        "  its age band, ethnicity and locality are those of its first child (added first).",
        "- Age bands are the child's age on the record's date (the referral date for",
        "  workload): unborn, under 1, 1 to 4, 5 to 9, 10 to 15, 16 and over (CIN census bands).",
        "- Locality is the locality team covering the child's current postcode district, or",
        "  the referral's locality team for records that belong to a referral.",
        "- Team is the named CSW's team for contacts, the decision maker's for decisions, the",
        "  referral's team for everything that belongs to a referral.",
        "- Dates are days in London time. A window is inclusive of both ends.",
        "- Comparisons: against the previous window of the same length, and against the same",
        "  window 52 weeks earlier (the same weekdays). A percentage changes in percentage",
        "  points (20% to 30% is up 10 percentage points); anything else as a percentage of the",
        "  earlier value (20 to 30 is up 50%), none when the earlier value is 0. The dashboard,",
        "  the review and their CSVs (column change_unit) all say it the same way.",
        "- Before and after: the given number of weeks before a change date (to the day before",
        "  it) against as many weeks from it, with a series by week (Monday to Sunday).",
        "- Rates per 10,000 use the FRONTDOOR_CHILD_POPULATION setting and are not annualised.",
        "- A filter that does not apply to a measure is ignored for it.",
        "- The learning measures (audits, monitored calls, the partner survey, oversight) are",
        "  read from the records as they are now: an audit moderated later counts with its",
        "  moderated grade in the period it was done.",
        "",
        "| unit | meaning |",
        "| --- | --- |",
        *[f"| {unit} | {meaning} |" for unit, meaning in UNITS.items()],
        "",
    ]
    for m in MEASURES.values():
        extra = [d for d in dimensions(m.key) if d not in FILTERS]
        lines += [
            f"## {m.name}",
            "",
            f"`{m.key}`{_shown(m)}",
            "",
            m.definition,
            "",
            f"- Counts: {m.counts}",
            f"- Date: {m.date_field}{' (as at the last day)' if m.point_in_time else ''}",
            f"- Filters: {', '.join(FILTER_LABELS[f].split(' (')[0].lower() for f in m.filters)}",
            *([f"- Also broken down by: {', '.join(extra)}"] if extra else []),
            f"- Unit: {m.unit}; higher is {m.higher_is}",
            "",
        ]
    return "\n".join(lines)
