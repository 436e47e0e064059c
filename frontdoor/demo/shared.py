"""What the demo's three generators (people and contacts, casework, safeguarding) share:
weighted choices, ages, pronouns, and rows written in bulk without model instances."""

from __future__ import annotations

import functools
import random
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from itertools import accumulate
from typing import Any, cast

from django.conf import settings
from django.db import connections, models
from django.utils import timezone


class Weighted:
    """A weighted choice, prepared once and drawn many times."""

    def __init__(self, weights: Mapping[Any, float]) -> None:
        self.items = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def pick(self, rng: random.Random) -> Any:
        return rng.choices(self.items, cum_weights=self.cumulative)[0]


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


PRONOUN_KEYS = ("they", "them", "their", "is", "was", "has")
PRONOUNS = {
    "F": ("she", "her", "her", "is", "was", "has"),
    "M": ("he", "him", "his", "is", "was", "has"),
    "plural": ("they", "them", "their", "are", "were", "have"),
}


def pronouns(sex: str, plural: bool) -> dict[str, str]:
    """Words agreeing with a child of `sex`, or with several children (or the unborn)."""
    key = "plural" if plural or sex not in PRONOUNS else sex
    return dict(zip(PRONOUN_KEYS, PRONOUNS[key], strict=True))


def insert_rows(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """INSERT unsaved instances that already have their primary keys, in one executemany.

    Like bulk_create, but several times faster here: on SQLite bulk_create splits rows into
    statements of at most 999 parameters and runs every value through the query compiler.
    Fields set automatically to the time now get the same time in every row of the batch.
    """
    if not objs:
        return
    db = connections[model._default_manager.db]
    fields = model._meta.concrete_fields
    now = timezone.now()
    # Per field: the attribute to read, the field, whether plain strings, integers, booleans
    # and NULLs can go to the database as they are (not as JSON), and for a time set
    # automatically the value for every row.
    specs: list[tuple[str, models.Field, bool, Any]] = []
    for f in fields:
        automatic = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        constant = f.get_db_prep_save(now, db) if automatic else None
        specs.append((f.attname, f, not isinstance(f, models.JSONField), constant))
    plain = (str, int, bool)
    rows = []
    for obj in objs:
        values = obj.__dict__
        row = []
        for attname, f, as_is, constant in specs:
            if constant is not None:
                row.append(constant)
                continue
            value = values[attname]
            if not (as_is and (value is None or type(value) in plain)):
                value = f.get_db_prep_save(value, db)
            row.append(value)
        rows.append(row)
    _execute_insert(db, model, [f.column for f in fields], rows)


def insert_values(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT rows given as plain tuples of values for the fields `names` (primary key first),
    in one executemany, without making model instances. Dates, times and JSON are prepared
    for the database; every other field gets its default (the time now for automatic times).
    """
    if not rows:
        return
    db = connections[model._default_manager.db]
    opts = model._meta
    given = [cast(models.Field, opts.get_field(name)) for name in names]
    # psycopg takes dates and times as they are (Django's adapters return them unchanged).
    adapters = (
        {}
        if db.vendor == "postgresql"
        else {"DateField": db.ops.adapt_datefield_value, "DateTimeField": _datetime_adapter(db)}
    )
    prepare: list[tuple[int, Any]] = []
    for i, f in enumerate(given):
        kind = f.get_internal_type()
        if kind in adapters:
            prepare.append((i, adapters[kind]))
        elif kind == "JSONField":
            prepare.append((i, functools.partial(f.get_db_prep_save, connection=db)))
    defaults = []
    now = timezone.now()
    for f in opts.concrete_fields:
        if f not in given:
            automatic = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            defaults.append((f, f.get_db_prep_save(now if automatic else f.get_default(), db)))
    tail = [value for _, value in defaults]
    prepared = []
    for row in rows:
        values = list(row)
        for i, adapt in prepare:
            values[i] = adapt(values[i])
        prepared.append(values + tail)
    columns = [f.column for f in given] + [f.column for f, _ in defaults]
    _execute_insert(db, model, columns, prepared)


def _datetime_adapter(db: Any) -> Any:
    """What the backend's adapt_datetimefield_value does to an aware datetime, without its
    settings lookups on every call (on SQLite: the naive time in the database's zone)."""
    if db.vendor != "sqlite" or not settings.USE_TZ:
        return db.ops.adapt_datetimefield_value
    zone = db.timezone

    def adapt(value: datetime | None) -> str | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(zone).replace(tzinfo=None)
        return str(value)

    return adapt


def _execute_insert(
    db: Any, model: type[models.Model], columns: Sequence[str | None], rows: list[list[Any]]
) -> None:
    """Insert rows in one go: COPY on PostgreSQL (executemany there is one round trip per
    row's worth of protocol work, and took half the demo's time), executemany on SQLite."""
    quote = db.ops.quote_name
    names = ", ".join(quote(cast(str, column)) for column in columns)
    table = quote(model._meta.db_table)
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)
