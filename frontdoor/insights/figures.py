"""A measure's figures, grouped: from the daily rollups where they cover the days asked
for, counted live for the rest (`rollups` on top of `engine`'s live counting)."""

from __future__ import annotations

from datetime import date
from typing import Any

from . import engine, rollups
from .catalogue import measure
from .engine import Totals, Windows


def totals(
    key: str,
    start: date,
    end: date,
    filters: Any,
    group_by: tuple[str, ...],
    within: Windows = (),
) -> Totals:
    """`key` grouped by `group_by` ("day", "hour" or dimensions), keyed by the group's values,
    as (numerator, denominator)."""
    spec = engine.SPECS[key]
    active = filters.as_query() if hasattr(filters, "as_query") else dict(filters)
    # A filter that does not apply to a measure is ignored (the catalogue says which apply).
    applies = measure(key).filters
    active = {name: value for name, value in active.items() if name in applies}
    if spec.point:
        result = rollups.point_totals(key, end, active, group_by)
    else:
        result = rollups.totals(key, start, end, active, group_by, within)
    if spec.den in engine.STAFF_DENOMINATORS:
        advisors = engine.advisors_by_team(active, group_by, spec.den)
        if group_by == ("team",):
            result = {k: (n, advisors.get(k[0], 0)) for k, (n, _d) in result.items()}
        else:
            result = {k: (n, advisors[None]) for k, (n, _d) in result.items()}
    return result
