"""Synthetic people for the search benchmarks, the errors a query makes, and a fast loader.

Shared by `search_latency.py` and `search_accuracy.py`. Nothing here is real: names come
from Faker's lists (and made-up surnames for the long tail), NHS numbers are in the 999
test range, postcodes are made of valid-looking but invented parts.

`PeopleGenerator` and `apply_error` need only the standard library, Faker and `nicknames`;
`load_people` and `index_sizes` need Django set up (they write straight into the person
index tables with executemany or PostgreSQL COPY, far faster than the ORM).
"""

from __future__ import annotations

import bisect
import importlib
import itertools
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

# The day the synthetic population is "as at": fixed, so that a seed gives the same people.
AS_AT = date(2026, 11, 22)

ERROR_TYPES = (
    "typo",
    "transposition",
    "nickname",
    "phonetic",
    "hyphenated",
    "swapped_names",
    "swapped_day_month",
    "year_out",
    "missing_dob",
)

# Latin-script Faker locales whose surnames and first names make the long tail of a
# national index (en_GB gives the common names and their frequencies).
TAIL_LOCALES = (
    "en_US",
    "en_IE",
    "en_NZ",
    "en_IN",
    "en_PK",
    "de_DE",
    "fr_FR",
    "it_IT",
    "es_ES",
    "pt_PT",
    "nl_NL",
    "pl_PL",
    "yo_NG",
    "tw_GH",
)
SURNAME_STEMS = (  # noqa: SIM905
    "Ash Alder Bar Beck Birch Black Brad Bram Brook Burn Cal Car Chad Clay Cold Crab Craw "
    "Crom Dal Dun Eas Elm Fair Far Fen Fox Gar Glen Gold Gray Green Hal Ham Har Hart Hay "
    "Hol Horn Hurst Kel King Kirk Lang Lea Lind Lock Mar Mid Mill Mor Nor Oak Ock Pen Pick "
    "Quar Rad Rain Red Ren Ros Rud Salt Sand Shel Stan Stock Stone Sut Thorn Thur Tod Wal "
    "War Wat Wel West Whit Wick Wil Win Wood Wor Yar"
).split()
SURNAME_ENDINGS = (  # noqa: SIM905
    "by bury combe croft dale don field ford gate ham hill hurst ington land ley low man "
    "more ridge shaw stead ston thorpe ton wall well wick win wood worth"
).split()

# Spellings that sound alike; a "phonetic" query error applies one of them.
SOUND_ALIKES = (
    ("ph", "f"),
    ("f", "ph"),
    ("ck", "k"),
    ("c", "k"),
    ("k", "c"),
    ("y", "i"),
    ("i", "y"),
    ("ie", "y"),
    ("ey", "y"),
    ("ee", "ea"),
    ("ea", "ee"),
    ("ou", "ow"),
    ("ow", "ou"),
    ("ai", "ay"),
    ("ay", "ai"),
    ("son", "sen"),
    ("th", "t"),
    ("ll", "l"),
    ("nn", "n"),
    ("tt", "t"),
    ("ss", "s"),
    ("mm", "m"),
    ("rr", "r"),
    ("s", "z"),
    ("z", "s"),
    ("wr", "r"),
    ("kn", "n"),
    ("x", "ks"),
    ("er", "a"),
    ("a", "er"),
)
KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


@dataclass(frozen=True, slots=True)
class Someone:
    """One generated person; `aliases` are (first name, last name) pairs."""

    id: int
    first_name: str
    last_name: str
    date_of_birth: date | None
    sex: str
    nhs_number: str
    postcode: str
    address: str
    aliases: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Query:
    """A copy of a person as somebody might type it, with one error applied."""

    target: int
    error: str
    first_name: str
    last_name: str
    date_of_birth: date | None
    postcode: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Weighted:
    """Draws from a list with fixed weights in O(log n) (random.choices recomputes sums)."""

    def __init__(self, items: Sequence[str], weights: Sequence[float]):
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random) -> str:
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.total)]


def zipf(count: int, offset: float = 2.0, exponent: float = 1.0) -> list[float]:
    return [1.0 / (rank + offset) ** exponent for rank in range(count)]


def _latin(name: str) -> bool:
    """One plain word (an apostrophe allowed): double-barrelled names are made on purpose."""
    return name.isascii() and name.replace("'", "").isalpha()


def _provider(locale: str) -> Any:
    return importlib.import_module(f"faker.providers.person.{locale}").Provider


def surname_pool(distinct: int = 20_000) -> Weighted:
    """UK surnames at realistic frequencies: Faker's en_GB 500 with their published shares
    (Smith 1.15 %, Jones 0.94 %, ... together about 40 %), then a Zipf tail of surnames from
    other Faker locales and made-up English ones sharing the remaining 60 %."""
    common = _provider("en_GB").last_names
    names, weights = list(common), list(common.values())
    head_share = sum(weights)
    tail = []
    seen = set(names)
    for locale in TAIL_LOCALES:
        for name in _provider(locale).last_names:
            if _latin(name) and name not in seen:
                seen.add(name)
                tail.append(name)
    for stem, ending in itertools.product(SURNAME_STEMS, SURNAME_ENDINGS):
        name = stem + ending
        if name not in seen:
            seen.add(name)
            tail.append(name)
    random.Random(7).shuffle(tail)
    tail = tail[: distinct - len(names)]
    tail_weights = zipf(len(tail), offset=len(names))
    scale = (100 - head_share) / sum(tail_weights)
    return Weighted(names + tail, weights + [w * scale for w in tail_weights])


def first_name_pool(sex: str, children: bool) -> Weighted:
    """First names in rank order (recent popular names first for children, Faker's en_GB
    names first for adults), then other locales' names; Zipf weights by rank."""
    from frontdoor.demo import phrases  # needs Django set up; only its name lists are used

    attribute = "first_names_male" if sex == "M" else "first_names_female"
    recent = phrases.BOYS_NAMES if sex == "M" else phrases.GIRLS_NAMES
    british = list(getattr(_provider("en_GB"), attribute))
    ordered = [*recent, *british] if children else [*british, *recent]
    for locale in TAIL_LOCALES:
        ordered.extend(getattr(_provider(locale), attribute, ()))
    names = [name for name in dict.fromkeys(ordered) if _latin(name)]
    return Weighted(names, zipf(len(names), offset=3, exponent=1.1))


def nhs_check_digit(first_nine: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return None if check == 10 else check


def nhs_test_range_numbers(rng: random.Random) -> list[str]:
    """Every valid NHS number in the 999 test range (about 909,000), shuffled."""
    numbers = []
    for serial in range(1_000_000):
        nine = f"999{serial:06d}"
        check = nhs_check_digit(nine)
        if check is not None:
            numbers.append(f"{nine}{check}")
    rng.shuffle(numbers)
    return numbers


def postcode(rng: random.Random) -> str:
    area = rng.choice("ABCDEGHKLMNPRSTW") + rng.choice(["", *"BCDEHLMNRSTY"])
    district = str(rng.randint(1, 29))
    return f"{area}{district} {rng.randint(0, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}" + rng.choice(
        "ABDEFGHJLNPQRSTUWXYZ"
    )


class PeopleGenerator:
    """A national person index: households of adults and children sharing a surname and an
    address; about 3 % double-barrelled or hyphenated surnames, 2 % with an alias, 85 % with an
    NHS number, 1 % of adults with no date of birth recorded."""

    HYPHENATED = 0.03
    ALIASES = 0.02
    WITH_NHS_NUMBER = 0.85
    NO_DOB = 0.01

    def __init__(self, seed: int = 1):
        self.rng = random.Random(seed)
        self.surnames = surname_pool()
        self.first = {
            (sex, child): first_name_pool(sex, child) for sex in "MF" for child in (True, False)
        }
        self.streets = [
            f"{self.surnames.draw(self.rng)} {kind}"
            for kind in ("Road", "Street", "Close", "Avenue", "Lane", "Way", "Drive") * 300
        ]
        self.towns = [self.surnames.items[i] + end for i, end in enumerate(SURNAME_ENDINGS * 8)]
        self._nhs: list[str] | None = None

    def nhs_numbers(self) -> list[str]:
        if self._nhs is None:
            self._nhs = nhs_test_range_numbers(random.Random(self.rng.random()))
        return self._nhs

    def surname(self) -> str:
        rng = self.rng
        first = self.surnames.draw(rng)
        if rng.random() < self.HYPHENATED:
            second = self.surnames.draw(rng)
            while second == first:
                second = self.surnames.draw(rng)
            return f"{first}-{second}" if rng.random() < 0.7 else f"{first} {second}"
        return first

    def people(self, count: int) -> Iterator[Someone]:
        rng = self.rng
        nhs = self.nhs_numbers()
        made = numbered = 0
        postcodes = [postcode(rng) for _ in range(max(count // 25, 10))]
        while made < count:
            surname = self.surname()
            code = rng.choice(postcodes)
            home = f"{rng.randint(1, 240)} {rng.choice(self.streets)}, {rng.choice(self.towns)}"
            adults = rng.choice((1, 1, 2, 2, 2))
            children = rng.choice((0, 0, 1, 1, 2, 2, 3, 4))
            for index in range(adults + children):
                if made >= count:
                    return
                child = index >= adults
                sex = rng.choice("MF")
                own_surname = surname if index == 0 or rng.random() < 0.8 else self.surname()
                first = self.first[(sex, child)].draw(rng)
                if child:
                    born = AS_AT - timedelta(days=rng.randint(0, 18 * 365 - 1))
                elif rng.random() < self.NO_DOB:
                    born = None
                else:
                    born = AS_AT - timedelta(days=rng.randint(18 * 365, 80 * 365))
                aliases: tuple[tuple[str, str], ...] = ()
                if rng.random() < self.ALIASES:
                    if rng.random() < 0.5:
                        aliases = ((first, self.surname()),)
                    else:
                        aliases = ((self.first[(sex, child)].draw(rng), own_surname),)
                made += 1
                number = ""
                if rng.random() < self.WITH_NHS_NUMBER and numbered < len(nhs):
                    number = nhs[numbered]
                    numbered += 1
                yield Someone(
                    id=made,
                    first_name=first,
                    last_name=own_surname,
                    date_of_birth=born,
                    sex=sex,
                    nhs_number=number,
                    postcode=code,
                    address=home,
                    aliases=aliases,
                )


# --- query errors -----------------------------------------------------------------------


def _respell(
    name: str, rng: random.Random, edit: Callable[[str, random.Random], str | None]
) -> str | None:
    lower = name.lower()
    changed = edit(lower, rng)
    if changed is None or changed == lower or not changed:
        return None
    return changed.capitalize()


def _typo(word: str, rng: random.Random) -> str | None:
    if len(word) < 3:
        return None
    at = rng.randrange(1, len(word))  # people rarely get the first letter wrong
    kind = rng.choice(("substitute", "delete", "insert", "double"))
    if kind == "substitute":
        return word[:at] + rng.choice(KEYBOARD.replace(word[at], "")) + word[at + 1 :]
    if kind == "delete":
        return word[:at] + word[at + 1 :]
    if kind == "insert":
        return word[:at] + rng.choice(KEYBOARD) + word[at:]
    return word[:at] + word[at] + word[at:]


def _transpose(word: str, rng: random.Random) -> str | None:
    places = [i for i in range(1, len(word) - 1) if word[i] != word[i + 1] and word[i].isalpha()]
    if not places:
        return None
    at = rng.choice(places)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def _sound_alike(word: str, rng: random.Random) -> str | None:
    rules = [(a, b) for a, b in SOUND_ALIKES if a in word[1:]]
    if not rules:
        return None
    old, new = rng.choice(rules)
    places = [i for i in range(1, len(word)) if word.startswith(old, i)]
    at = rng.choice(places)
    return word[:at] + new + word[at + len(old) :]


_NICKNAMER: Any = None


def nickname(first_name: str, rng: random.Random) -> str | None:
    """A short form (William -> Bill) or, for a short form, its full name (Bill -> William)."""
    global _NICKNAMER
    if _NICKNAMER is None:
        from nicknames import NickNamer

        _NICKNAMER = NickNamer()
    key = first_name.lower()
    options = sorted(_NICKNAMER.nicknames_of(key)) or sorted(_NICKNAMER.canonicals_of(key))
    options = [o for o in options if o != key and len(o) > 2]
    return rng.choice(options).capitalize() if options else None


def apply_error(person: Someone, error: str, rng: random.Random) -> Query | None:
    """`person` as typed with `error`, or None when that error cannot apply to them."""
    query = Query(
        person.id,
        error,
        person.first_name,
        person.last_name,
        person.date_of_birth,
        person.postcode,
    )
    born = person.date_of_birth
    if error in ("typo", "transposition", "phonetic"):
        edit = {"typo": _typo, "transposition": _transpose, "phonetic": _sound_alike}[error]
        field = rng.choice(("first_name", "last_name"))
        if field == "last_name" and not person.last_name.isalpha():
            field = "first_name"
        changed = _respell(getattr(person, field), rng, edit)
        return replace(query, **{field: changed}) if changed else None
    if error == "nickname":
        changed = nickname(person.first_name, rng)
        return replace(query, first_name=changed) if changed else None
    if error == "hyphenated":
        parts = person.last_name.replace("-", " ").split()
        if len(parts) < 2:
            return None
        if rng.random() < 0.7:
            return replace(query, last_name=rng.choice(parts))
        joined = " ".join(parts) if "-" in person.last_name else "-".join(parts)
        return replace(query, last_name=joined)
    if error == "swapped_names":
        return replace(query, first_name=person.last_name, last_name=person.first_name)
    if born is None:
        return None
    if error == "swapped_day_month":
        if born.day > 12 or born.day == born.month:
            return None
        return replace(query, date_of_birth=born.replace(month=born.day, day=born.month))
    if error == "year_out":
        year = born.year + rng.choice((-1, 1))
        day = min(born.day, 28) if born.month == 2 else born.day
        return replace(query, date_of_birth=born.replace(year=year, day=day))
    if error == "missing_dob":
        return replace(query, date_of_birth=None)
    raise ValueError(f"unknown error type {error}")


def make_queries(
    people: Sequence[Someone], count: int, seed: int, errors: Sequence[str] = ERROR_TYPES
) -> list[Query]:
    """`count` queries, the error types taking turns; each picks random people until one
    the error applies to (so hyphenated-surname queries are about hyphenated people)."""
    rng = random.Random(seed)
    queries = []
    for number in range(count):
        error = errors[number % len(errors)]
        for _ in range(100_000):
            made = apply_error(rng.choice(people), error, rng)
            if made is not None:
                queries.append(made)
                break
        else:
            raise RuntimeError(f"no person fits error type {error}")
    return queries


# --- loading ------------------------------------------------------------------------------

INDEX_TABLES = ("people_person", "people_personname", "people_personsearchkey")


class _Columns:
    """How to turn model instances into rows for one table, whatever fields it has now.

    Fields the generator sets are read from the instance; `auto_now` timestamps and
    untouched defaults are prepared for the database once and repeated.
    """

    def __init__(self, model: Any, connection: Any, set_fields: Iterable[str], with_pk: bool):
        from django.db import models

        now = datetime.now(UTC)
        self.table = model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.names = [f.column for f in self.fields]
        self.sqlite = connection.vendor == "sqlite"
        set_fields = set(set_fields)
        self.plan: list[tuple[str, Any]] = []
        for field in self.fields:
            if field.attname in set_fields or field.primary_key:
                kind = "date" if type(field) is models.DateField else "raw"
                self.plan.append((kind, field.attname))
            else:
                if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                    value = now
                else:
                    value = field.get_default()
                prepared = field.get_db_prep_save(value, connection)
                self.plan.append(("constant", prepared))

    def row(self, obj: Any) -> tuple:
        values = []
        for kind, what in self.plan:
            if kind == "constant":
                values.append(what)
            else:
                value = getattr(obj, what)
                if kind == "date" and self.sqlite and value is not None:
                    value = value.isoformat()
                values.append(value)
        return tuple(values)


def _secondary_indexes(cursor: Any, vendor: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the indexes on the person index tables that can be
    dropped during a bulk load and built again after it."""
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join('?' * len(INDEX_TABLES))})",
            INDEX_TABLES,
        )
    else:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [list(INDEX_TABLES)],
        )
    return list(cursor.fetchall())


def load_people(people: Iterable[Someone], *, batch: int = 50_000, log=print) -> dict[str, int]:
    """Write people, their names and their search keys straight into the index tables.

    Secondary indexes are dropped first and built again at the end (as a bulk load into a
    new index would), then the tables are analysed. Search keys come from the project's own
    `people.search_keys.search_keys_for`, so they are exactly what the application writes.
    """
    from django.db import connection, transaction

    from frontdoor.people.models import Person, PersonName, PersonSearchKey
    from frontdoor.people.search_keys import search_keys_for

    vendor = connection.vendor
    person_cols = _Columns(
        Person,
        connection,
        (
            "first_name",
            "last_name",
            "date_of_birth",
            "sex",
            "nhs_number",
            "postcode",
            "address",
            "kind",
        ),
        with_pk=True,
    )
    name_cols = _Columns(
        PersonName, connection, ("person_id", "kind", "first_name", "last_name"), with_pk=False
    )
    key_cols = _Columns(
        PersonSearchKey,
        connection,
        [f.attname for f in PersonSearchKey._meta.concrete_fields],
        with_pk=False,
    )
    counts = {"people": 0, "names": 0, "search_keys": 0}

    def write(cursor: Any, columns: _Columns, rows: list[tuple]) -> None:
        names = ", ".join(connection.ops.quote_name(c) for c in columns.names)
        if vendor == "postgresql":
            with cursor.copy(f"COPY {columns.table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns.names))
            cursor.executemany(f"INSERT INTO {columns.table} ({names}) VALUES ({marks})", rows)

    with connection.cursor() as django_cursor:
        raw = django_cursor.cursor  # the driver's own cursor: COPY and executemany
        indexes = _secondary_indexes(raw, vendor)
        if vendor == "sqlite":
            raw.execute("PRAGMA synchronous = OFF")
        with transaction.atomic():
            for name, _sql in indexes:
                raw.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
            if vendor == "postgresql":
                raw.execute("SET LOCAL session_replication_role = replica")  # no FK triggers
            iterator = iter(people)
            while chunk := list(itertools.islice(iterator, batch)):
                person_rows, name_rows, key_rows = [], [], []
                for someone in chunk:
                    kind = "child" if _is_child(someone) else "adult"
                    person = Person(
                        id=someone.id,
                        kind=kind,
                        first_name=someone.first_name,
                        last_name=someone.last_name,
                        date_of_birth=someone.date_of_birth,
                        sex=someone.sex,
                        nhs_number=someone.nhs_number,
                        postcode=someone.postcode,
                        address=someone.address,
                    )
                    names = [
                        PersonName(
                            person_id=someone.id,
                            kind="current",
                            first_name=someone.first_name,
                            last_name=someone.last_name,
                        )
                    ]
                    names += [
                        PersonName(person_id=someone.id, kind="alias", first_name=f, last_name=s)
                        for f, s in someone.aliases
                    ]
                    person_rows.append(person_cols.row(person))
                    name_rows.extend(name_cols.row(n) for n in names)
                    key_rows.extend(key_cols.row(k) for k in search_keys_for(person, names))
                write(raw, person_cols, person_rows)
                write(raw, name_cols, name_rows)
                write(raw, key_cols, key_rows)
                counts["people"] += len(person_rows)
                counts["names"] += len(name_rows)
                counts["search_keys"] += len(key_rows)
                log(f"  loaded {counts['people']:,} people")
            if vendor == "postgresql":
                raw.execute("SET LOCAL session_replication_role = origin")
                raw.execute("SET LOCAL maintenance_work_mem = '1GB'")
            log(f"  building {len(indexes)} indexes")
            for _name, sql in indexes:
                raw.execute(sql)
            if vendor == "postgresql":
                raw.execute(
                    "SELECT setval(pg_get_serial_sequence('people_person', 'id'), "
                    "(SELECT max(id) FROM people_person))"
                )
        if vendor == "sqlite":
            raw.execute("PRAGMA synchronous = FULL")
            raw.execute("ANALYZE")
        else:
            for table in INDEX_TABLES:
                raw.execute(f"VACUUM ANALYZE {table}")
    return counts


def _is_child(someone: Someone) -> bool:
    born = someone.date_of_birth
    return born is not None and (AS_AT - born).days < 18 * 365


def index_sizes() -> dict[str, Any]:
    """Bytes on disk of the person index: the three tables and their indexes."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = {}
            for table in INDEX_TABLES:
                cursor.execute(
                    "SELECT pg_table_size(%s), pg_indexes_size(%s), pg_total_relation_size(%s)",
                    [table, table, table],
                )
                data, indexes, total = cursor.fetchone()
                tables[table] = {"table_bytes": data, "index_bytes": indexes, "total_bytes": total}
            cursor.execute("SELECT pg_database_size(current_database())")
            database = cursor.fetchone()[0]
        else:
            cursor.execute(
                "SELECT name, tbl_name FROM sqlite_master WHERE tbl_name IN "
                f"({', '.join(['%s'] * len(INDEX_TABLES))})",
                list(INDEX_TABLES),
            )
            owner = dict(cursor.fetchall())
            cursor.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")
            tables = {t: {"table_bytes": 0, "index_bytes": 0} for t in INDEX_TABLES}
            for name, size in cursor.fetchall():
                if name in owner:
                    key = "table_bytes" if name in INDEX_TABLES else "index_bytes"
                    tables[owner[name]][key] += size
            for sizes in tables.values():
                sizes["total_bytes"] = sizes["table_bytes"] + sizes["index_bytes"]
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            database = pages * cursor.fetchone()[0]
    return {
        "tables": tables,
        "index_total_bytes": sum(t["total_bytes"] for t in tables.values()),
        "database_bytes": database,
    }
