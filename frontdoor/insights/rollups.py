"""Reading the daily rollups (`totals`, `point_totals`); `rollup_build` builds them.

Reading a measure for days up to the watermark uses `DailyCount` when no more than one
dimension is asked for (a total, one filter, or one breakdown, or the hour of day alone), and
`Fact` for any other combination; days after the watermark are read live from the records.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet, Sum, Value

from . import engine
from .models import DailyCount, Fact
from .rollup_families import FAMILIES, KEYS, event_querysets, fact_column, grains, watermark


def _rolled(
    key: str,
    start: date,
    end: date,
    filters: dict[str, str],
    group_by: tuple[str, ...],
    within: engine.Windows = (),
) -> engine.Totals | None:
    """`key` from the rollups, or None when they do not hold what is asked."""
    if key not in KEYS:
        return None
    name, rows, num = KEYS[key]
    family = FAMILIES[name]
    wanted = set(filters) | {g for g in group_by if g != "day"}
    known = set(family.dims) | ({family.extra_dim} if family.extra_dim else set())
    if not wanted <= known:
        return None
    spec = engine.SPECS[key]
    if len(wanted) <= 1 and (not wanted or next(iter(wanted)) in grains(key)):
        grain = next(iter(wanted)) if wanted else "total"
        qs: QuerySet[Any] = DailyCount.objects.filter(
            measure=key, grain=grain, day__gte=start, day__lte=end
        )
        aggs: dict[str, Any] = {"t_num": Sum("num"), "t_den": Sum("den")}
    else:
        qs = Fact.objects.filter(family=name, day__gte=start, day__lte=end).filter(rows)
        aggs = {
            "t_num": Sum("n", filter=num) if num is not None else Sum("n"),
            "t_den": Sum("n") if spec.den == "rows" else Sum(Value(0)),
        }
    if within:
        days = Q()
        for a, b in within:
            days |= Q(day__gte=a, day__lte=b)
        qs = qs.filter(days)
    for dim, value in filters.items():
        qs = qs.filter(**{fact_column(dim): value})
    columns = [fact_column(g) for g in group_by]
    if not columns:
        row = qs.aggregate(**aggs)
        return {(): (int(row["t_num"] or 0), int(row["t_den"] or 0))}
    out: engine.Totals = {}
    for row in qs.values(*columns).annotate(**aggs).order_by():
        out[tuple(row[c] for c in columns)] = (int(row["t_num"] or 0), int(row["t_den"] or 0))
    return out


def _merge(a: engine.Totals, b: engine.Totals) -> engine.Totals:
    out = dict(a)
    for k, (n, d) in b.items():
        n0, d0 = out.get(k, (0, 0))
        out[k] = (n0 + n, d0 + d)
    return out


def totals(
    key: str,
    start: date,
    end: date,
    filters: dict[str, str],
    group_by: tuple[str, ...],
    within: engine.Windows = (),
) -> engine.Totals:
    """`key` for the days `start` to `end` (and in `within`, if given): rolled-up days from
    the rollups, later ones live."""
    mark = watermark()
    if mark is not None and start <= mark:
        rolled = _rolled(key, start, min(end, mark), filters, group_by, within)
        if rolled is not None:
            if end <= mark:
                return rolled
            after = mark + timedelta(days=1)
            live = engine.live_totals(key, after, end, filters, group_by, within)
            return _merge(rolled, live)
    return engine.live_totals(key, start, end, filters, group_by, within)


def point_totals(
    key: str, at: date, filters: dict[str, str], group_by: tuple[str, ...]
) -> engine.Totals:
    """A count as at the end of `at`: every start and end up to it, from the rollups up to
    the watermark and live after it."""
    mark = watermark()
    if key not in KEYS or mark is None:
        return engine.point_totals(key, at, filters, group_by)
    if engine.SPECS[key].den == "workers":
        return _caseload(key, at, mark, filters, group_by)
    rolled = _rolled(key, date(1, 1, 1), min(at, mark), filters, group_by)
    if rolled is None:
        return engine.point_totals(key, at, filters, group_by)
    if at > mark:
        rolled = _merge(rolled, _live_events(key, mark + timedelta(days=1), at, filters, group_by))
    return {k: v for k, v in rolled.items() if v != (0, 0) or not group_by}


def _live_events(
    key: str, start: date, end: date, filters: dict[str, str], group_by: tuple[str, ...]
) -> engine.Totals:
    spec = engine.SPECS[key]
    out: engine.Totals = {}
    for qs, sign in event_querysets(KEYS[key][0], start, end):
        qs = engine.filtered(qs, spec, filters)
        qs = engine.annotate(qs, spec, [g for g in group_by if g not in filters])
        for k, (n, _d) in engine.grouped(qs, spec, group_by).items():
            n0, _ = out.get(k, (0, 0))
            out[k] = (n0 + sign * n, 0)
    return out


def _caseload(
    key: str, at: date, mark: date, filters: dict[str, str], group_by: tuple[str, ...]
) -> engine.Totals:
    """Cases held and workers holding them, as at `at`: from the rollups when no filter but
    the team is asked and `at` is rolled up; live otherwise."""
    if at > mark or set(filters) - {"team"} or group_by not in ((), ("team",)):
        return engine.point_totals(key, at, filters, group_by)
    cases = _rolled(key, date(1, 1, 1), at, filters, group_by)
    if cases is None:
        return engine.point_totals(key, at, filters, group_by)
    by_team = bool(filters) or bool(group_by)
    workers = Fact.objects.filter(family="workers_team" if by_team else "workers", day__lte=at)
    if filters:
        workers = workers.filter(team=filters["team"])
    held: dict[tuple[Any, ...], int]
    if group_by:
        held = {
            (row["team"],): int(row["n"] or 0)
            for row in workers.values("team").annotate(n=Sum("n")).order_by()
        }
    else:
        held = {(): int(workers.aggregate(n=Sum("n"))["n"] or 0)}
    out = {k: (n, held.get(k, 0)) for k, (n, _d) in cases.items()}
    return {k: v for k, v in out.items() if v != (0, 0) or not group_by}
