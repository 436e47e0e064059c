"""The daily rollups: how they are built (`refresh`) and read (`totals`).

A refresh rebuilds whole days, from the records, in SQL (INSERT ... SELECT, nothing passes
through Python): first the `Fact` rows of each family of records, then each measure's
`DailyCount` rows from the facts. It rewrites the last `LOOKBACK_DAYS` days before the
watermark too, so late entries (a decision recorded today about last week, an assessment
authorised with an earlier date) are caught on the next run.

Reading a measure for days up to the watermark uses `DailyCount` when no more than one
dimension is asked for (a total, one filter, or one breakdown, or the hour of day alone), and
`Fact` for any other combination; days after the watermark are read live from the records.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest, TruncDate
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from frontdoor.contacts.models import NO_FURTHER_ACTION_OUTCOMES, REFERRAL_OUTCOMES, Channel

from . import engine
from .catalogue import measure
from .models import DailyCount, Fact, LocalityDistrict, Watermark

logger = logging.getLogger(__name__)

WATERMARK = "daily"
LOOKBACK_DAYS = 42
TEXT_DIMS = ("source", "channel", "team", "locality", "age_band", "ethnicity", "extra")


@dataclass(frozen=True)
class Family:
    """A kind of record rolled up once for all the measures that count it."""

    spec: str  # the engine spec giving the records, date and dimensions
    dims: tuple[str, ...]
    extra: str = ""  # a field path kept in Fact.extra (outcome, RAG, advisor)
    extra_dim: str = ""  # the breakdown dimension `extra` answers ("rag", "worker")
    flags: dict[str, Any] = field(default_factory=dict)  # "a"/"b"/"c" -> Q or expression
    # For a count "as at" a day: (day field or expression, which records, +1 or -1) per kind
    # of event; the count as at a day is the sum of every event up to it.
    events: tuple[tuple[Any, ...], ...] = ()


_SIX = ("source", "channel", "team", "locality", "age_band", "ethnicity")
_FIVE = ("source", "team", "locality", "age_band", "ethnicity")

FAMILIES: dict[str, Family] = {
    "contact": Family("contacts", _SIX + ("hour",)),
    "decision": Family(
        "contact_conversion",
        _SIX,
        extra="outcome",
        flags={"a": engine.SPECS["decisions_in_time"].num},
    ),
    "referral": Family("referrals", _SIX, flags={"a": Q(is_re_referral=True)}),
    "strategy": Family("strategy_discussions", _FIVE),
    "s47": Family("section_47s", _FIVE),
    "assess_start": Family("assessments_started", _FIVE),
    "assess_done": Family(
        "assessments_completed",
        _FIVE,
        flags={
            "a": Q(outcome="nfa"),
            "b": Q(requires_support=True),
            "c": engine.SPECS["assessments_in_time"].num,
        },
    ),
    "mash": Family("mash_enquiries", ("source", "channel", "age_band", "ethnicity"), "rag", "rag"),
    "check": Family(
        "mash_checks_in_time",
        ("source", "channel", "age_band", "ethnicity"),
        flags={"a": engine.SPECS["mash_checks_in_time"].num},
    ),
    "conference": Family(
        "conferences_in_time", _FIVE, flags={"a": engine.SPECS["conferences_in_time"].num}
    ),
    "seen": Family("children_seen_in_time", _FIVE, flags={"a": engine.seen_in_time}),
    "open": Family(
        "open_cases",
        _FIVE,
        events=(("referral_date", Q(), 1), ("closed_on", Q(closed_on__isnull=False), -1)),
    ),
    "unalloc": Family(
        "unallocated_cases",
        _FIVE,
        events=(
            ("referral_date", Q(), 1),
            (
                lambda: _unallocated_until(),
                Q(closed_on__isnull=False) | Q(worker__isnull=False, allocated_at__isnull=False),
                -1,
                # Only these can stop being unallocated on or after `start` (by index).
                lambda start: (
                    Q(closed_on__gte=start) | Q(allocated_at__gte=engine.day_start(start))
                ),
            ),
        ),
    ),
    "alloc": Family(
        "caseload_per_worker",
        _FIVE,
        events=(
            (lambda: _allocated_from(), lambda: _held(), 1, lambda d: _since_allocated(d)),
            ("closed_on", lambda: _held() & Q(closed_on__isnull=False), -1),
        ),
    ),
    "eh": Family(
        "early_help_episodes", ("locality", "age_band", "ethnicity"), "advisor_id", "worker"
    ),
}


def _unallocated_until() -> Any:
    """The day a referral stopped being unallocated: given a worker, or closed, whichever came
    first, and not before it was made."""
    allocated = TruncDate("allocated_at")
    has_worker = Q(worker__isnull=False, allocated_at__isnull=False)
    until = Case(
        When(~has_worker, then=F("closed_on")),
        When(closed_on__isnull=True, then=allocated),
        When(closed_on__lt=allocated, then=F("closed_on")),
        default=allocated,
        output_field=DateField(),
    )
    return Case(
        When(GreaterThan(F("referral_date"), until), then=F("referral_date")),
        default=until,
        output_field=DateField(),
    )


def _allocated_from() -> Any:
    """The day a referral started counting in its worker's caseload."""
    return Greatest(TruncDate("allocated_at"), F("referral_date"), output_field=DateField())


def _held() -> Q:
    """Referrals that were in a worker's caseload for at least one day."""
    return Q(worker__isnull=False, allocated_at__isnull=False) & (
        Q(closed_on__isnull=True) | Q(closed_on__gt=_allocated_from())
    )


def _since_allocated(start: date) -> Q:
    return Q(referral_date__gte=start) | Q(allocated_at__gte=engine.day_start(start))


_TELEPHONE = [str(c) for c in engine.TELEPHONE]
_NFA = [str(o) for o in NO_FURTHER_ACTION_OUTCOMES]
_REFERRED = [str(o) for o in REFERRAL_OUTCOMES]

# measure -> (family, which facts, numerator among them or None for all of them)
KEYS: dict[str, tuple[str, Q, Q | None]] = {
    "contacts": ("contact", Q(), None),
    "contacts_police": ("contact", Q(source=engine.POLICE), None),
    "contacts_telephone": ("contact", Q(channel__in=_TELEPHONE), None),
    "contacts_email": ("contact", Q(channel=Channel.EMAIL), None),
    "contacts_telephone_share": ("contact", Q(), Q(channel__in=_TELEPHONE)),
    "contacts_email_share": ("contact", Q(), Q(channel=Channel.EMAIL)),
    "contacts_notification_share": ("contact", Q(), Q(channel=Channel.POLICE_NOTIFICATION)),
    "contacts_per_10k": ("contact", Q(), None),
    "referrals": ("referral", Q(), None),
    "re_referrals": ("referral", Q(a=1), None),
    "re_referral_rate": ("referral", Q(), Q(a=1)),
    "referrals_per_10k": ("referral", Q(), None),
    "strategy_discussions": ("strategy", Q(), None),
    "section_47s": ("s47", Q(), None),
    "assessments_started": ("assess_start", Q(), None),
    "assessments_completed": ("assess_done", Q(), None),
    "assessments_nfa_share": ("assess_done", Q(), Q(a=1)),
    "assessments_service_share": ("assess_done", Q(), Q(b=1)),
    "assessments_in_time": ("assess_done", Q(), Q(c=1)),
    "police_contacts_nfa_share": ("decision", Q(source=engine.POLICE), Q(extra__in=_NFA)),
    "contact_conversion": ("decision", Q(), Q(extra__in=_REFERRED)),
    "decisions_in_time": ("decision", Q(), Q(a=1)),
    "early_help_decisions_per_advisor": ("decision", Q(extra="early_help"), None),
    "mash_enquiries": ("mash", Q(), None),
    "mash_checks_in_time": ("check", Q(), Q(a=1)),
    "conferences_in_time": ("conference", Q(), Q(a=1)),
    "children_seen_in_time": ("seen", Q(), Q(a=1)),
    "early_help_episodes": ("eh", Q(), None),
    "open_cases": ("open", Q(), None),
    "unallocated_cases": ("unalloc", Q(), None),
    "caseload_per_worker": ("alloc", Q(), None),
}


# --- building ------------------------------------------------------------------------------------


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


def _event_querysets(name: str, start: date, end: date) -> list[tuple[QuerySet[Any], int]]:
    """The records of family `name` on the days `start` to `end`, with their dimensions
    annotated, and the sign they count with (-1 for the end of something open)."""
    family = FAMILIES[name]
    spec = engine.SPECS[family.spec]
    if not family.events:
        qs = spec.model.objects.filter(spec.base).filter(engine.in_range(spec, start, end))
        return [(engine.annotate(qs, spec, ("day",) + family.dims), 1)]
    out = []
    for day, condition, sign, *since in family.events:
        qs = spec.model.objects.filter(spec.base)
        qs = qs.filter(condition() if callable(condition) else condition)
        if since:
            qs = qs.filter(since[0](start))
        qs = engine.annotate(qs, spec, family.dims)  # as on the record's own date
        qs = qs.annotate(d_day=day() if callable(day) else F(day))
        out.append((qs.filter(d_day__gte=start, d_day__lte=end), sign))
    return out


def _build_facts(name: str, start: date, end: date) -> int:
    family = FAMILIES[name]
    written = 0
    for qs, sign in _event_querysets(name, start, end):
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
    for qs, sign in _event_querysets("alloc", date(1, 1, 1), date(9999, 12, 31)):
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


def grains(key: str) -> tuple[str, ...]:
    """The DailyCount grains kept for `key`."""
    family = FAMILIES[KEYS[key][0]]
    dims = [d for d in family.dims if d in measure(key).filters]
    if family.extra_dim:
        dims.append(family.extra_dim)
    if "hour" in family.dims:
        dims.append("hour")
    return ("total", *dims)


def _column(dim: str) -> str:
    return "extra" if dim in ("rag", "worker") else dim


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
        group = ["day"] + ([] if grain == "total" else [_column(grain)])
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


def watermark() -> date | None:
    """The last day the rollups hold (None before the first refresh)."""
    return Watermark.objects.filter(name=WATERMARK).values_list("through", flat=True).first()


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
            done = list(pool.map(lambda chunk: _refresh_chunk(*chunk), chunks))
        rows = sum(done)
    else:
        rows = sum(sum(refresh_days(a, b, workers=not chunked).values()) for a, b in chunks)
    if chunked:
        with transaction.atomic():
            _tune()
            rows += sum(_refresh_workers(start, through).values())
    if full:
        # Nothing may be left from before the first record or after `through`.
        Fact.objects.exclude(day__gte=start, day__lte=through).delete()
        DailyCount.objects.exclude(day__gte=start, day__lte=through).delete()
    Watermark.objects.update_or_create(
        name=WATERMARK, defaults={"through": through, "refreshed_at": timezone.now()}
    )

    return {"from": start.isoformat(), "through": through.isoformat(), "rows": rows}


def _refresh_chunk(start: date, end: date) -> int:
    """`refresh_days` for one chunk on this thread's own connection (closed after)."""
    try:
        return sum(refresh_days(start, end, workers=False).values())
    finally:
        connection.close()


# --- reading -------------------------------------------------------------------------------------


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
        qs = qs.filter(**{_column(dim): value})
    columns = [_column(g) for g in group_by]
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
    for qs, sign in _event_querysets(KEYS[key][0], start, end):
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
