"""Building the daily rollups (`refresh`), from the records (`rollup_families` says what they
hold; `rollups` reads them).

A refresh rebuilds whole days, from the records, in SQL (INSERT ... SELECT, nothing passes
through Python): first the `Fact` rows of each family of records, then each measure's
`DailyCount` rows from the facts. It rewrites the last `LOOKBACK_DAYS` days before the
watermark too, so late entries (a decision recorded today about last week, an assessment
authorised with an earlier date) are caught on the next run.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, IntegerField, QuerySet, Sum, Value, When
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from . import engine
from .models import DailyCount, Fact, LocalityDistrict, Watermark
from .rollup_families import (
    FAMILIES,
    KEYS,
    WATERMARK,
    event_querysets,
    fact_column,
    grains,
    watermark,
)

logger = logging.getLogger(__name__)

LOOKBACK_DAYS = 42
TEXT_DIMS = ("source", "channel", "team", "locality", "age_band", "ethnicity", "extra")


def _insert_select(model: Any, qs: QuerySet[Any], columns: dict[str, str]) -> int:
    """INSERT INTO `model`'s table the rows `qs` selects; `columns` maps each selected alias to
    its column."""
    compiler = qs.query.get_compiler(using=qs.db)
    sql, params = compiler.as_sql()
    targets = [
        columns.get(alias, alias) if alias is not None else expr.target.column
        for expr, _sql, alias in compiler.select
    ]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, targets))}) {sql}",
            params,
        )
        return int(cursor.rowcount or 0)


def _text(expr: Any) -> Any:
    return Coalesce(Cast(expr, CharField()), Value(""), output_field=CharField())


def _flag(condition: Any) -> Any:
    if callable(condition):
        condition = condition()
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _build_facts(name: str, start: date, end: date) -> int:
    family = FAMILIES[name]
    written = 0
    for qs, sign in event_querysets(name, start, end):
        out: dict[str, Any] = {"r_family": Value(name, output_field=CharField())}
        for dim in family.dims:
            out[f"r_{dim}"] = Cast("d_hour", IntegerField()) if dim == "hour" else _text(f"d_{dim}")
        if family.extra:
            out["r_extra"] = _text(family.extra)
        for dim in TEXT_DIMS:
            out.setdefault(f"r_{dim}", Value("", output_field=CharField()))
        for flag in ("a", "b", "c"):
            condition = family.flags.get(flag)
            out[f"r_{flag}"] = (
                _flag(condition) if condition is not None else Value(0, output_field=IntegerField())
            )
        qs = qs.annotate(**out)
        selected = ["d_day", *out]
        columns = {"d_day": "day", **{alias: alias[2:] for alias in out}, "r_n": "n"}
        counted = Count("pk") if sign == 1 else Count("pk") * Value(sign)
        written += _insert_select(
            Fact, qs.values(*selected).annotate(r_n=counted).order_by(), columns
        )
    return written


def _build_workers(name: str, by_team: bool, start: date, end: date) -> int:
    """Fact rows counting the workers holding at least one case: +1 on the day a worker (in
    a team, when `by_team`) goes from no open allocated case to one, -1 when back to none.
    Worked out over every case ever allocated (a running sum per worker), kept for the days
    `start` to `end`."""
    parts: list[str] = []
    params: list[Any] = []
    for qs, sign in event_querysets("alloc", date(1, 1, 1), date(9999, 12, 31)):
        events = qs.annotate(
            ev_w=F("worker_id"), ev_t=_text("team_id"), ev_d=Value(sign, IntegerField())
        ).values("ev_w", "ev_t", "d_day", "ev_d")
        sql, p = events.order_by().query.get_compiler(using=events.db).as_sql()
        parts.append(f"SELECT * FROM ({sql}) e{len(parts)}")
        params += list(p)
    part = "ev_w, ev_t" if by_team else "ev_w"
    team = "ev_t" if by_team else "''"
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(c) for c in ("family", "day", "team", *[d for d in TEXT_DIMS if d != "team"])
    )
    blanks = ", ".join("''" for d in TEXT_DIMS if d != "team")
    sql = f"""
        WITH ev AS ({" UNION ALL ".join(parts)}),
        byday AS (SELECT {part}, d_day, SUM(ev_d) AS d FROM ev GROUP BY {part}, d_day),
        run AS (
            SELECT {part}, d_day,
                SUM(d) OVER (PARTITION BY {part} ORDER BY d_day ROWS UNBOUNDED PRECEDING) AS s
            FROM byday
        ),
        chg AS (
            SELECT {team} AS t, d_day,
                (CASE WHEN s > 0 THEN 1 ELSE 0 END)
                - (CASE WHEN COALESCE(LAG(s) OVER (PARTITION BY {part} ORDER BY d_day), 0) > 0
                   THEN 1 ELSE 0 END) AS c
            FROM run
        )
        INSERT INTO {quote(Fact._meta.db_table)} ({columns}, a, b, c, n)
        SELECT %s, d_day, t, {blanks}, 0, 0, 0, SUM(c) FROM chg
        WHERE c <> 0 AND d_day >= %s AND d_day <= %s
        GROUP BY d_day, t
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, name, start, end])
        return int(cursor.rowcount or 0)


def _build_counts(name: str, start: date, end: date) -> int:
    """Every DailyCount row of the measures counted from family `name`'s facts: one pass
    over the facts per grain, summing each measure's numerator, denominator and rows in its own
    columns, then one row per measure and group that has any of its facts."""
    keys = [key for key, (family, _rows, _num) in KEYS.items() if family == name]
    by_grain: dict[str, list[str]] = {}
    for key in keys:
        for grain in grains(key):
            by_grain.setdefault(grain, []).append(key)
    facts = Fact.objects.filter(family=name, day__gte=start, day__lte=end)
    quote = connection.ops.quote_name
    table = quote(DailyCount._meta.db_table)
    written = 0
    for grain, measures in by_grain.items():
        group = ["day"] + ([] if grain == "total" else [fact_column(grain)])
        aggs: dict[str, Any] = {}
        for i, key in enumerate(measures):
            _family, rows, num = KEYS[key]
            aggs[f"k{i}_num"] = Coalesce(Sum("n", filter=rows & num if num else rows), 0)
            den = engine.SPECS[key].den == "rows"
            aggs[f"k{i}_den"] = Coalesce(Sum("n", filter=rows), 0) if den else Value(0)
            aggs[f"k{i}_rows"] = Count("pk", filter=rows)
        qs = facts.values(*group).annotate(**aggs).order_by()
        sql, params = qs.query.get_compiler(using=qs.db).as_sql()
        hour = ["hour"] if "hour" in group else []
        columns = ["measure", "grain", "day", *hour, *TEXT_DIMS, "num", "den"]
        selects = []
        values: list[Any] = []
        for i, key in enumerate(measures):
            dims = ", ".join(quote(d) if d in group else "''" for d in [*hour, *TEXT_DIMS])
            selects.append(
                f"SELECT %s, %s, {quote('day')}, {dims}, k{i}_num, k{i}_den FROM grouped"
                f" WHERE k{i}_rows > 0"
            )
            values += [key, grain]
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH grouped AS ({sql}) INSERT INTO {table} ({', '.join(map(quote, columns))}) "
                + " UNION ALL ".join(selects),
                [*params, *values],
            )
            written += int(cursor.rowcount or 0)
    return written


def _sync_localities() -> None:
    """`engine.sync_localities`, and on PostgreSQL fresh statistics for the table: without
    them the planner scans it for every record's locality instead of using its index."""
    engine.sync_localities()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(LocalityDistrict._meta.db_table)}")


def _tune() -> None:
    """Settings for this transaction's bulk statements, on PostgreSQL: no JIT (compiling the
    wide expressions of a fact query costs seconds per statement, more than it saves), room to
    sort and hash in memory, and no wait for the WAL flush on commit (a crash loses at most
    the last refreshes, in order, and the next refresh rebuilds them)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL synchronous_commit = off")


def refresh_days(start: date, end: date, *, workers: bool = True) -> dict[str, int]:
    """Rebuild every rollup row for the days `start` to `end`, in one transaction (the
    workers-holding-cases facts too unless `workers` is False: see `refresh_workers`)."""
    counts: dict[str, int] = {}
    began = time.perf_counter()
    _sync_localities()
    with transaction.atomic():
        _tune()
        Fact.objects.filter(day__gte=start, day__lte=end).delete()
        DailyCount.objects.filter(day__gte=start, day__lte=end).delete()
        for name in FAMILIES:
            counts[f"facts.{name}"] = _build_facts(name, start, end)
        if workers:
            counts |= _refresh_workers(start, end)
        for name in FAMILIES:
            counts[f"counts.{name}"] = _build_counts(name, start, end)
    logger.info("rolled up %s to %s in %.1f s", start, end, time.perf_counter() - began)
    return counts


def _refresh_workers(start: date, end: date) -> dict[str, int]:
    """The workers-holding-cases facts for `start` to `end`. Each build reads every case ever
    allocated, so a refresh in chunks does this once for its whole range."""
    counts = {}
    Fact.objects.filter(
        family__in=("workers", "workers_team"), day__gte=start, day__lte=end
    ).delete()
    for name, by_team in (("workers", False), ("workers_team", True)):
        counts[f"facts.{name}"] = _build_workers(name, by_team, start, end)
    return counts


def earliest_record() -> date | None:
    days = []
    for family in FAMILIES.values():
        spec = engine.SPECS[family.spec]
        first = (
            spec.model.objects.filter(spec.base)
            .order_by(spec.date)
            .values_list(spec.date, flat=True)
            .first()
        )
        if first is not None:
            days.append(timezone.localdate(first) if spec.is_datetime else first)
    return min(days) if days else None


def refresh(
    *, through: date | None = None, full: bool = False, chunk_days: int = 366, jobs: int = 1
) -> dict[str, Any]:
    """Bring the rollups up to `through` (yesterday by default): from the earliest record when
    `full` or never run, otherwise the last LOOKBACK_DAYS before the watermark onwards. The
    days are rebuilt `chunk_days` at a time, each chunk in its own transaction; with `jobs`
    above 1 (PostgreSQL only) that many chunks are built at once, each on its own connection."""
    through = through or timezone.localdate() - timedelta(days=1)
    mark = watermark()
    if full or mark is None:
        start = earliest_record() or through
    else:
        start = min(mark, through) - timedelta(days=LOOKBACK_DAYS)
    chunks = []
    chunk_start = start
    while chunk_start <= through:
        chunk_end = min(chunk_start + timedelta(days=chunk_days - 1), through)
        chunks.append((chunk_start, chunk_end))
        chunk_start = chunk_end + timedelta(days=1)
    chunked = len(chunks) > 1
    _sync_localities()
    if jobs > 1 and chunked and connection.vendor == "postgresql":
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(lambda chunk: _refresh_chunk(*chunk), chunks))
    else:
        for a, b in chunks:
            refresh_days(a, b, workers=not chunked)
    if chunked:
        with transaction.atomic():
            _tune()
            _refresh_workers(start, through)
    if full:
        # Nothing may be left from before the first record or after `through`.
        Fact.objects.exclude(day__gte=start, day__lte=through).delete()
        DailyCount.objects.exclude(day__gte=start, day__lte=through).delete()
    Watermark.objects.update_or_create(
        name=WATERMARK, defaults={"through": through, "refreshed_at": timezone.now()}
    )
    # Counted, not summed from the inserts: SQLite gives -1 as the row count of an INSERT
    # that starts with WITH, which once made a full refresh report "-121 rows".
    rows = sum(
        model.objects.filter(day__gte=start, day__lte=through).count()
        for model in (Fact, DailyCount)
    )

    return {"from": start.isoformat(), "through": through.isoformat(), "rows": rows}


def _refresh_chunk(start: date, end: date) -> int:
    """`refresh_days` for one chunk on this thread's own connection (closed after)."""
    try:
        return sum(refresh_days(start, end, workers=False).values())
    finally:
        connection.close()
