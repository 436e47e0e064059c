"""Synthetic front-door data for demonstrations: families, contacts and decisions.

The same seed, start, go-live date and `now` give the same data. Contacts run from the start
to now with the service's change at go-live visible in them: fewer contacts, more phone
conversations, fewer police notifications passed on and fewer social work assessments.
Contacts received in the last working day are left undecided in csw1's tray.

Rows are built in memory with explicit primary keys and written every 2,000 contacts with
one multi-row INSERT per table, so the result is the same on SQLite and PostgreSQL and
50,000 contacts take well under a minute.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, connections, models, transaction
from django.db.models import Max
from faker import Faker

from frontdoor.contacts.models import Channel, Consent, Contact, ContactChild, Decision, Outcome
from frontdoor.core.audit import audit_write
from frontdoor.core.working_days import WorkingCalendar, calendar
from frontdoor.people.models import Person
from frontdoor.people.services import la_child_id_for

from . import phrases
from .phrases import Concern, Referrer
from .users import locality_team_name

BATCH_SIZE = 2000  # contacts built in memory before they are written
RETURNING_SHARE = 0.27  # a few tries find no child still under 18, so aim a little high
SIBLINGS_ON_CONTACT = {1: 80, 2: 14, 3: 6}
HOUSEHOLD_CHILDREN = {1: 45, 2: 30, 3: 17, 4: 8}
UNBORN_SHARE = 0.05
NHS_NUMBER_SHARE = 0.88
LATE_DECISION_SHARE = 0.08
FEEDBACK_SHARE = 0.9
TRAY_SIZE = (5, 8)
AUTHORISATION_REASON = "This outcome needs a manager's authorisation"
ModelT = TypeVar("ModelT", bound=models.Model)

# Relative volume by hour of the day: on working days mostly 10:00-15:00, on other days flat.
WORKING_DAY_HOURS = (0.15,) * 8 + (3, 6, 10, 10, 10, 10, 10, 8, 6, 3, 2, 1.5) + (0.3,) * 4
CLOSED_DAY_HOURS = (0.5,) * 7 + (1.0,) * 16 + (0.7,)
CLOSED_DAY_VOLUME = 0.12
AUGUST_VOLUME = 0.8
CHRISTMAS_VOLUME = 0.55
AFTER_GO_LIVE_VOLUME = 0.85


@dataclass(frozen=True)
class DemoOptions:
    seed: int
    contacts: int
    start: date
    go_live: date
    now: datetime


@dataclass(frozen=True)
class DemoResult:
    people: int
    contacts: int
    decisions: int


class Weighted:
    """A weighted choice, prepared once and drawn many times."""

    def __init__(self, weights: Mapping[Any, float]) -> None:
        self.items = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def pick(self, rng: random.Random) -> Any:
        return rng.choices(self.items, cum_weights=self.cumulative)[0]


@dataclass(frozen=True)
class NamePools:
    """Names drawn from Faker once; records then pick from these with the seeded rng.

    Faker's en_GB first names are a generation too old for children, so children's first
    names come from recent popular names instead.
    """

    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    streets: tuple[str, ...]
    boys: tuple[str, ...] = phrases.BOYS_NAMES
    girls: tuple[str, ...] = phrases.GIRLS_NAMES

    @classmethod
    def build(cls, seed: int) -> NamePools:
        fake = Faker("en_GB")
        fake.seed_instance(seed)

        def unique(draw: Any, count: int) -> tuple[str, ...]:
            return tuple(dict.fromkeys(draw() for _ in range(count)))

        return cls(
            male=unique(fake.first_name_male, 400),
            female=unique(fake.first_name_female, 400),
            surnames=unique(fake.last_name, 800),
            streets=unique(
                lambda: f"{fake.last_name()} {fake.random_element(phrases.STREET_SUFFIXES)}", 400
            ),
        )


@dataclass
class Child:
    """A generated child, remembered so that later contacts can be about them again."""

    pk: int
    first_name: str
    sex: str
    date_of_birth: date | None
    contacted: bool = False


@dataclass
class Household:
    locality: str
    town: str
    adult: str  # the first parent or carer, as named in concern summaries
    children: list[Child] = field(default_factory=list)


@dataclass
class Recorded:
    """A contact being built, with what its decisions need to know."""

    contact: Contact
    links: list[ContactChild]
    children: list[Child]
    household: Household
    outcome: str
    after_go_live: bool


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band(child: Child, day: date) -> str:
    if child.date_of_birth is None:
        return "unborn"
    age = age_on(child.date_of_birth, day)
    return "baby" if age < 5 else "child" if age < 12 else "teen"


def nhs_check_digit(stem: str) -> int | None:
    """The modulus 11 check digit for nine digits, or None where no valid number exists."""
    total = sum(int(digit) * weight for digit, weight in zip(stem, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return None if check == 10 else check


def join_names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


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


def rag_colour(due_at: datetime, now: datetime) -> str:
    left = due_at - now
    if left <= timedelta(0):
        return "red"
    return "amber" if left <= timedelta(hours=settings.FRONTDOOR_AMBER_HOURS) else "green"


def tray_window_start(cal: WorkingCalendar, now: datetime) -> datetime:
    """The earliest receipt whose one-working-day decision is not yet due at `now`."""
    due_by_now, not_due = now - timedelta(days=14), now
    while not_due - due_by_now > timedelta(minutes=1):
        middle = due_by_now + (not_due - due_by_now) / 2
        if cal.add_working_days(middle, 1) <= now:
            due_by_now = middle
        else:
            not_due = middle
    return not_due


def demo_data_present() -> bool:
    return Contact.objects.exists()


def insert_rows(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """INSERT unsaved instances that already have their primary keys, in one executemany.

    Like bulk_create, but several times faster here: on SQLite bulk_create splits rows into
    statements of at most 999 parameters and runs every value through the query compiler.
    """
    if not objs:
        return
    db = connections[model._default_manager.db]
    quote = db.ops.quote_name
    fields = model._meta.concrete_fields
    columns = ", ".join(quote(cast(str, f.column)) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    # Plain strings, integers and NULLs go to the database as they are (except as JSON).
    as_is = [not isinstance(f, models.JSONField) for f in fields]
    rows = []
    for obj in objs:
        row = []
        for f, plain in zip(fields, as_is, strict=True):
            value = f.pre_save(obj, True)
            if not (plain and (value is None or type(value) in (str, int))):
                value = f.get_db_prep_save(value, db)
            row.append(value)
        rows.append(row)
    with db.cursor() as cursor:
        cursor.executemany(sql, rows)


def delete_demo_data() -> None:
    """Remove contacts, decisions and people; users and the audit trail stay."""
    emptied: set[type[models.Model]] = set()
    for model in (Decision, ContactChild, Contact, Person):
        empty_table(model, emptied)
        emptied.add(model)


def empty_table(model: type[models.Model], emptied: set[type[models.Model]]) -> None:
    """Delete every row of `model`: a plain DELETE when nothing else can refer to the rows.

    Django's delete() loads every row to follow relations, which takes longer than
    generating the data; it is only needed when some other model points at this one.
    """
    referring = {rel.related_model for rel in model._meta.related_objects} - {model}
    if referring <= emptied:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    else:
        model._default_manager.all().delete()


@transaction.atomic
def generate(options: DemoOptions, users: Mapping[str, Any], *, reset: bool = False) -> DemoResult:
    if reset:
        delete_demo_data()
    return DemoGenerator(options, users).run()


class DemoGenerator:
    def __init__(self, options: DemoOptions, users: Mapping[str, Any]) -> None:
        self.options = options
        self.now = options.now
        self.rng = random.Random(options.seed)
        self.names = NamePools.build(options.seed)
        self.cal = calendar()
        self.tz = self.cal.tz
        self.users = users
        self.csws = [users["csw1"], users["csw2"], users["csw3"]]
        self.csw_by_pk = {csw.pk: csw for csw in self.csws}
        self.households: list[Household] = []
        self.used_nhs_numbers = set(
            Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True)
        )
        self.next_pk = {model: self._first_free_pk(model) for model in self._models()}
        self.pending: dict[type[models.Model], list[models.Model]] = {
            model: [] for model in self._models()
        }
        self.created = dict.fromkeys(self._models(), 0)
        self.first_contact: Contact | None = None
        self._prepare_choices()

    @staticmethod
    def _models() -> tuple[type[models.Model], ...]:
        return (Person, Contact, ContactChild, Decision)

    @staticmethod
    def _first_free_pk(model: type[models.Model]) -> int:
        return (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1

    def _prepare_choices(self) -> None:
        self.places = Weighted(
            {(locality, places): share for locality, share, places in phrases.LOCALITY_PLACES}
        )
        self.ethnicities = Weighted(dict(phrases.ETHNICITY_WEIGHTS))
        self.ages = Weighted(dict(enumerate(phrases.AGE_WEIGHTS)))
        self.siblings_on_contact = Weighted(SIBLINGS_ON_CONTACT)
        self.household_children = Weighted(HOUSEHOLD_CHILDREN)
        self.channels = {
            False: Weighted(phrases.CHANNELS_BEFORE),
            True: Weighted(phrases.CHANNELS_AFTER),
        }
        self.outcomes = {
            (after, police): Weighted(self._outcome_weights(after, police))
            for after in (False, True)
            for police in (False, True)
        }
        need_codes = [code for code, _ in settings.FRONTDOOR_NEED_LEVELS]
        self.need_levels: dict[str, Weighted] = {}
        for outcome, weights in phrases.NEED_LEVEL_WEIGHTS.items():
            by_code: dict[str, float] = {}
            for index, weight in enumerate(weights):
                code = need_codes[min(index, len(need_codes) - 1)]
                by_code[code] = by_code.get(code, 0) + weight
            self.need_levels[outcome] = Weighted(by_code)
        self.immediacy = [Weighted(weights) for weights in phrases.IMMEDIACY_BY_TIER]
        self.hours = {
            True: list(accumulate(WORKING_DAY_HOURS)),
            False: list(accumulate(CLOSED_DAY_HOURS)),
        }
        self._referrer_cache: dict[Hashable, Weighted] = {}
        self._concern_cache: dict[Hashable, list[Concern]] = {}

    @staticmethod
    def _outcome_weights(after: bool, police: bool) -> dict[str, float]:
        weights = dict(phrases.OUTCOMES_AFTER if after else phrases.OUTCOMES_BEFORE)
        if police:
            factor = phrases.POLICE_NFA_FACTOR_AFTER if after else phrases.POLICE_NFA_FACTOR_BEFORE
            for outcome in (Outcome.ADVICE, Outcome.UNIVERSAL):
                weights[outcome] *= factor
        return weights

    # --- The run ---------------------------------------------------------------------------

    def run(self) -> DemoResult:
        window_start = tray_window_start(self.cal, self.now)
        tray_size = min(self.rng.randint(*TRAY_SIZE), self.options.contacts)
        received = self._receipt_times(self.options.contacts - tray_size, window_start)
        last = len(received) - 1
        for index, received_at in enumerate(received):
            if last - index in (0, 1):
                self._awaiting_authorisation(received_at)
            elif last - index in (2, 3):
                self._decided_today(received_at)
            else:
                self._decided(self._record_contact(received_at))
        for received_at in self._tray_times(window_start, tray_size):
            self._record_contact(received_at, csw=self.users["csw1"])
        self._flush()
        self._reset_sequences()
        self._audit()
        return DemoResult(
            people=self.created[Person],
            contacts=self.created[Contact],
            decisions=self.created[Decision],
        )

    def _add(self, obj: ModelT) -> ModelT:
        self.pending[type(obj)].append(obj)
        if len(self.pending[Contact]) >= BATCH_SIZE:
            self._flush()
        return obj

    def _take_pk(self, model: type[models.Model]) -> int:
        pk = self.next_pk[model]
        self.next_pk[model] = pk + 1
        return pk

    def _flush(self) -> None:
        for model in self._models():  # parents before children
            objs = self.pending[model]
            insert_rows(model, objs)
            self.created[model] += len(objs)
            objs.clear()

    def _reset_sequences(self) -> None:
        """Move PostgreSQL's id sequences past the explicit keys (a no-op on SQLite)."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self._models()))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def _audit(self) -> None:
        options = self.options
        audit_write(
            actor=None,
            action="demo.generate",
            obj=self.first_contact or self.users["admin"],
            summary=(
                f"Generated demo data: {self.created[Contact]} contacts, "
                f"{self.created[Decision]} decisions, {self.created[Person]} people"
            ),
            changes={
                "seed": options.seed,
                "contacts": options.contacts,
                "start": options.start.isoformat(),
                "go_live": options.go_live.isoformat(),
            },
        )

    # --- When contacts arrive ---------------------------------------------------------------

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    def _day_volume(self, day: date) -> float:
        volume = 1.0 if self.cal.is_working_day(day) else CLOSED_DAY_VOLUME
        if day.month == 8:
            volume *= AUGUST_VOLUME
        if (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 2):
            volume *= CHRISTMAS_VOLUME
        if day >= self.options.go_live:
            volume *= AFTER_GO_LIVE_VOLUME
        return volume

    def _share_of_day_before(self, day: date, at: time) -> float:
        cumulative = self.hours[self.cal.is_working_day(day)]
        before = cumulative[at.hour - 1] if at.hour else 0.0
        this_hour = cumulative[at.hour] - before
        return (before + this_hour * at.minute / 60) / cumulative[-1]

    def _receipt_times(self, count: int, end: datetime) -> list[datetime]:
        """`count` receipt moments from the start up to `end`, oldest first."""
        last_day = self._local(end).date()
        days = [
            self.options.start + timedelta(days=n)
            for n in range((last_day - self.options.start).days + 1)
        ]
        weights = [self._day_volume(day) for day in days]
        if weights:
            weights[-1] *= self._share_of_day_before(last_day, self._local(end).time())
        if count <= 0 or sum(weights) <= 0:
            return []
        chosen = self.rng.choices(days, cum_weights=list(accumulate(weights)), k=count)
        return sorted(self._moment_on(day, end) for day in chosen)

    def _moment_on(self, day: date, end: datetime) -> datetime:
        cumulative = self.hours[self.cal.is_working_day(day)]
        for _ in range(20):
            hour = self.rng.choices(range(24), cum_weights=cumulative)[0]
            moment = datetime.combine(
                day, time(hour, self.rng.randrange(60), self.rng.randrange(60)), tzinfo=self.tz
            )
            if moment < end:
                return moment
        return end - timedelta(minutes=self.rng.randint(1, 30))

    def _tray_times(self, window_start: datetime, count: int) -> list[datetime]:
        """Receipt moments for csw1's tray: some overdue, some due soon, some on time."""
        latest = self.now - timedelta(minutes=10)
        candidates = [
            moment
            for moment in self._working_moments(window_start - timedelta(days=7), latest)
            if moment <= latest
        ]
        by_colour: dict[str, list[datetime]] = {"red": [], "amber": [], "green": []}
        for moment in candidates:
            by_colour[rag_colour(self.cal.add_working_days(moment, 1), self.now)].append(moment)
        red = by_colour["red"][-12:]  # only a little overdue
        picked = self.rng.sample(red, min(2, len(red), count))
        picked += self.rng.sample(by_colour["amber"], min(2, len(by_colour["amber"])))
        spare = [m for m in by_colour["green"] + red + by_colour["amber"] if m not in picked]
        picked += self.rng.sample(spare, max(0, min(count - len(picked), len(spare))))
        return sorted(picked[:count])

    def _working_moments(self, since: datetime, until: datetime) -> list[datetime]:
        """Quarter hours between 08:00 and 20:00 on working days."""
        moments = []
        day = self._local(since).date()
        while day <= self._local(until).date():
            if self.cal.is_working_day(day):
                for hour in range(8, 20):
                    for minute in (0, 15, 30, 45):
                        moment = datetime.combine(day, time(hour, minute), tzinfo=self.tz)
                        if since <= moment:
                            moments.append(moment)
            day += timedelta(days=1)
        return moments

    # --- Families ---------------------------------------------------------------------------

    def _children_for_contact(self, day: date, wanted: int) -> tuple[Household, list[Child]]:
        if self.households and self.rng.random() < RETURNING_SHARE:
            found = self._returning_children(day, wanted)
            if found:
                return found
        household = self._new_household(day, wanted)
        chosen = self.rng.sample(household.children, wanted)
        children = [child for child in household.children if child in chosen]
        for child in children:
            child.contacted = True
        return household, children

    def _returning_children(self, day: date, wanted: int) -> tuple[Household, list[Child]] | None:
        """Children from an earlier family, at least one of them known from a contact."""
        for _ in range(3):
            household = self.rng.choice(self.households)
            eligible = [
                child
                for child in household.children
                if child.date_of_birth and age_on(child.date_of_birth, day) <= 17
            ]
            known = [child for child in eligible if child.contacted]
            if not known:
                continue
            first = self.rng.choice(known)
            others = [child for child in eligible if child is not first]
            chosen = [first, *self.rng.sample(others, min(wanted - 1, len(others)))]
            for child in chosen:
                child.contacted = True
            return household, [child for child in household.children if child in chosen]
        return None

    def _new_household(self, day: date, wanted: int) -> Household:
        rng = self.rng
        locality, places = self.places.pick(rng)
        town, districts = rng.choice(places)
        district = rng.choice(districts)
        letters = phrases.POSTCODE_LETTERS
        inward = f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
        home = {
            "address": f"{rng.randint(1, 180)} {rng.choice(self.names.streets)}, {town}",
            "postcode": f"{district} {inward}",
        }
        surname = rng.choice(self.names.surnames)
        ethnicity = self.ethnicities.pick(rng)
        if wanted == 1 and rng.random() < UNBORN_SHARE:
            children = [self._unborn(day, surname, ethnicity, home)]
            eldest = 0
        else:
            size = max(wanted, self.household_children.pick(rng))
            ages = sorted((self.ages.pick(rng) for _ in range(size)), reverse=True)
            children = []
            for age in ages:
                taken = {child.first_name for child in children}
                children.append(self._child(day, age, surname, ethnicity, home, taken))
            eldest = ages[0]
        adult = self._adults(day, eldest, surname, ethnicity, home)
        household = Household(locality, town, adult, children)
        self.households.append(household)
        return household

    def _child(
        self, day: date, age: int, surname: str, ethnicity: str, home: dict, taken: set[str]
    ) -> Child:
        """A child aged `age` on `day`, named differently from their brothers and sisters."""
        rng = self.rng
        sex = rng.choice("MF")
        pool = self.names.boys if sex == "M" else self.names.girls
        first_name = rng.choice(pool)
        while first_name in taken:
            first_name = rng.choice(pool)
        born = day - timedelta(days=age * 365 + rng.randrange(365))
        pk = self._take_pk(Person)
        self._add(
            Person(
                pk=pk,
                kind=Person.Kind.CHILD,
                first_name=first_name,
                middle_names=rng.choice(pool) if rng.random() < 0.35 else "",
                # Most siblings share a surname; some are half-siblings.
                last_name=surname if rng.random() < 0.85 else rng.choice(self.names.surnames),
                date_of_birth=born,
                sex=sex,
                ethnicity=ethnicity if rng.random() < 0.98 else "NOBT",
                nhs_number=self._nhs_number() if rng.random() < NHS_NUMBER_SHARE else "",
                la_child_id=la_child_id_for(pk),
                **home,
            )
        )
        return Child(pk, first_name, sex, born)

    def _unborn(self, day: date, surname: str, ethnicity: str, home: dict) -> Child:
        rng = self.rng
        sex = "U" if rng.random() < 0.8 else rng.choice("MF")
        pk = self._take_pk(Person)
        self._add(
            Person(
                pk=pk,
                kind=Person.Kind.CHILD,
                first_name="Unborn",
                last_name=surname,
                expected_date_of_birth=day + timedelta(days=rng.randint(14, 200)),
                sex=sex,
                ethnicity=ethnicity,
                la_child_id=la_child_id_for(pk),
                **home,
            )
        )
        return Child(pk, "Unborn", sex, None)

    def _adults(self, day: date, eldest: int, surname: str, ethnicity: str, home: dict) -> str:
        """One or two parents or carers; returns the first one's name."""
        rng = self.rng
        first_sex = "F" if rng.random() < 0.85 else "M"
        sexes = [first_sex] + (["M" if first_sex == "F" else "F"] if rng.random() < 0.6 else [])
        names = []
        for index, sex in enumerate(sexes):
            first_name = rng.choice(self.names.male if sex == "M" else self.names.female)
            last_name = (
                surname if index == 0 or rng.random() < 0.6 else rng.choice(self.names.surnames)
            )
            age = min(eldest + rng.randint(17, 34), 62)
            self._add(
                Person(
                    pk=self._take_pk(Person),
                    kind=Person.Kind.ADULT,
                    first_name=first_name,
                    last_name=last_name,
                    date_of_birth=day - timedelta(days=age * 365 + rng.randrange(365)),
                    sex=sex,
                    ethnicity=ethnicity,
                    **home,
                )
            )
            names.append(f"{first_name} {last_name}")
        return names[0]

    def _nhs_number(self) -> str:
        """A unique number in the range set aside for testing (999 000 0000 upwards)."""
        while True:
            stem = f"999{self.rng.randrange(1_000_000):06d}"
            check = nhs_check_digit(stem)
            number = f"{stem}{check}"
            if check is not None and number not in self.used_nhs_numbers:
                self.used_nhs_numbers.add(number)
                return number

    # --- Contacts ---------------------------------------------------------------------------

    def _channel(self, received_at: datetime, after_go_live: bool) -> str:
        local = self._local(received_at)
        if not self.cal.is_working_day(local.date()) or not 8 <= local.hour < 20:
            return Channel.OUT_OF_HOURS
        return self.channels[after_go_live].pick(self.rng)

    def _referrer(self, channel: str, band: str) -> Referrer:
        key = (channel, band)
        if key not in self._referrer_cache:
            options = phrases.REFERRERS_BY_CHANNEL[channel]
            fitting = {r: w for r, w in options if r.ages is None or band in r.ages}
            self._referrer_cache[key] = Weighted(fitting or dict(options))
        return self._referrer_cache[key].pick(self.rng)

    def _concern(self, tier: int, band: str, context: str) -> Concern:
        key = (tier, band, context)
        if key not in self._concern_cache:
            fitting = [
                concern
                for concern in phrases.CONCERNS
                if concern.tier == tier and band in concern.ages and context in concern.contexts
            ]
            self._concern_cache[key] = fitting or [phrases.FALLBACK_CONCERNS[tier]]
        return self.rng.choice(self._concern_cache[key])

    def _outcome(self, after_go_live: bool, channel: str) -> str:
        police = channel == Channel.POLICE_NOTIFICATION
        return self.outcomes[(after_go_live, police)].pick(self.rng)

    def _record_contact(
        self,
        received_at: datetime,
        *,
        csw: Any = None,
        single: bool = False,
        outcome: str | None = None,
    ) -> Recorded:
        rng = self.rng
        day = self._local(received_at).date()
        after = day >= self.options.go_live
        channel = self._channel(received_at, after)
        wanted = 1 if single else self.siblings_on_contact.pick(rng)
        household, children = self._children_for_contact(day, wanted)
        band = age_band(children[0], day)
        referrer = self._referrer(channel, band)
        outcome = outcome or self._outcome(after, channel)
        tier = phrases.OUTCOME_TIER[outcome]
        concern = self._concern(tier, band, referrer.context)
        words = {
            "name": "the unborn baby"
            if band == "unborn"
            else join_names([child.first_name for child in children]),
            "adult": household.adult,
            "town": household.town,
            **pronouns(children[0].sex, plural=len(children) > 1),
        }
        csw = csw or rng.choice(self.csws)
        contact = Contact(
            pk=self._take_pk(Contact),
            status=Contact.Status.RECORDED,
            channel=channel,
            received_at=received_at,
            decision_due_at=self.cal.add_working_days(received_at, 1),
            referral_source=referrer.source,
            concern_summary=f"{referrer.lead} {concern.text.format(**words)}",
            concern_categories=list(concern.categories),
            immediacy=self.immediacy[tier].pick(rng),
            child_whereabouts=self._whereabouts(received_at, band, referrer, concern, words),
            referrer_actions=rng.choice(phrases.REFERRER_ACTIONS[referrer.context]).format(**words),
            csw_id=csw.pk,
            recorded_by_id=self._recorder(channel, csw).pk,
            **self._referrer_fields(referrer, channel, household),
            **self._consent_fields(tier, channel, words),
        )
        if channel in phrases.PHONE_CHANNELS:
            contact.call_started_at = received_at
            contact.call_ended_at = received_at + timedelta(minutes=rng.randint(5, 40))
        self._add(contact)
        self.first_contact = self.first_contact or contact
        links = [
            self._add(ContactChild(pk=self._take_pk(ContactChild), contact=contact, person_id=c.pk))
            for c in children
        ]
        return Recorded(contact, links, children, household, outcome, after)

    def _recorder(self, channel: str, csw: Any) -> Any:
        if channel == Channel.POLICE_NOTIFICATION:
            return self.users["bsupport"]
        if channel == Channel.CONTACT_CENTRE:
            return self.users["contactcentre"]
        return csw

    def _referrer_fields(self, referrer: Referrer, channel: str, household: Household) -> dict:
        rng = self.rng
        if referrer.source == "9":
            return {"referrer_role": referrer.roles[0]}
        first = rng.choice(self.names.female if rng.random() < 0.7 else self.names.male)
        last = rng.choice(self.names.surnames)
        email = ""
        if channel in (Channel.EMAIL, Channel.ONLINE):
            email = f"{first}.{last}@example.org".lower().replace(" ", "").replace("'", "")
        return {
            "referrer_name": f"{first} {last}",
            "referrer_role": rng.choice(referrer.roles),
            "referrer_agency": rng.choice(referrer.agencies).format(town=household.town),
            "referrer_phone": f"01632 960{rng.randrange(1000):03d}",
            "referrer_email": email,
        }

    def _consent_fields(self, tier: int, channel: str, words: dict) -> dict:
        rng = self.rng
        if tier == 3:
            weights = {Consent.NOT_SOUGHT: 60, Consent.OBTAINED: 30, Consent.REFUSED: 10}
        elif channel == Channel.POLICE_NOTIFICATION:
            weights = {Consent.NOT_SOUGHT: 45, Consent.OBTAINED: 50, Consent.REFUSED: 5}
        else:
            weights = {Consent.OBTAINED: 85, Consent.REFUSED: 7, Consent.NOT_SOUGHT: 8}
        consent = rng.choices(list(weights), weights=list(weights.values()))[0]
        if consent == Consent.OBTAINED:
            aware = "yes" if rng.random() < 0.9 else "not_known"
            return {"consent": consent, "parents_aware": aware}
        reason = rng.choice(phrases.CONSENT_REASONS[consent]).format(**words)
        aware = "yes" if consent == Consent.REFUSED else rng.choice(["no", "not_known"])
        return {"consent": consent, "consent_reason": reason, "parents_aware": aware}

    def _whereabouts(
        self, received_at: datetime, band: str, referrer: Referrer, concern: Concern, words: dict
    ) -> str:
        if concern.whereabouts:
            return concern.whereabouts.format(**words)
        if referrer.source == "3E" and band != "unborn":
            return phrases.HOSPITAL_WHEREABOUTS
        choices = phrases.WHEREABOUTS[band]
        local = self._local(received_at)
        if self.cal.is_working_day(local.date()) and 8 <= local.hour < 15:
            choices += phrases.DAYTIME_WHEREABOUTS[band]
        return self.rng.choice(choices).format(**words)

    # --- Decisions --------------------------------------------------------------------------

    def _decided(self, recorded: Recorded) -> None:
        """Decide every child on a contact the way the service did at the time."""
        rng = self.rng
        contact = recorded.contact
        decided_by = self.csw_by_pk[contact.csw_id] if rng.random() < 0.9 else rng.choice(self.csws)
        decided_at = self._decision_time(contact)
        settled_at = decided_at
        for index, link in enumerate(recorded.links):
            outcome = recorded.outcome
            if index and rng.random() < 0.2:
                outcome = self._outcome(recorded.after_go_live, contact.channel)
            decision = self._decision(recorded, link, index, outcome, decided_by, decided_at)
            if outcome in settings.FRONTDOOR_OUTCOMES_NEEDING_AUTHORISATION:
                decision.status = Decision.Status.AUTHORISED
                decision.authorised_by_id = self.users["manager"].pk
                decision.authorised_at = self._not_after_now(
                    decided_at + timedelta(minutes=rng.randint(10, 120)), decided_at
                )
                settled_at = max(settled_at, decision.authorised_at)
            self._add(decision)
            decided_at = self._not_after_now(
                decided_at + timedelta(minutes=rng.randint(2, 15)), decided_at
            )
        if rng.random() < FEEDBACK_SHARE:
            feedback_at = settled_at + timedelta(minutes=rng.randint(5, 180))
            contact.feedback_sent_at = feedback_at if feedback_at <= self.now else None

    def _awaiting_authorisation(self, received_at: datetime) -> None:
        """A strategy discussion by csw2 waiting in the manager's tray."""
        csw2 = self.users["csw2"]
        recorded = self._record_contact(
            received_at, csw=csw2, single=True, outcome=Outcome.STRATEGY_DISCUSSION
        )
        decided_at = self._recently(received_at, max_minutes=300)
        decision = self._decision(
            recorded, recorded.links[0], 0, Outcome.STRATEGY_DISCUSSION, csw2, decided_at
        )
        decision.status = Decision.Status.AWAITING_AUTHORISATION
        decision.authorisation_reason = AUTHORISATION_REASON
        self._add(decision)

    def _decided_today(self, received_at: datetime) -> None:
        """A contact csw1 decided earlier today."""
        csw1 = self.users["csw1"]
        outcome = self.rng.choice(
            [Outcome.ADVICE, Outcome.EARLY_HELP, Outcome.SOCIAL_WORK_ASSESSMENT]
        )
        recorded = self._record_contact(received_at, csw=csw1, single=True, outcome=outcome)
        decided_at = self._recently(received_at, max_minutes=180)
        self._add(self._decision(recorded, recorded.links[0], 0, outcome, csw1, decided_at))

    def _decision(
        self,
        recorded: Recorded,
        link: ContactChild,
        index: int,
        outcome: str,
        decided_by: Any,
        decided_at: datetime,
    ) -> Decision:
        rng = self.rng
        child = recorded.children[index]
        day = self._local(recorded.contact.received_at).date()
        band = age_band(child, day)
        words = {
            "first": child.first_name,
            "adult": recorded.household.adult,
            **pronouns(child.sex, plural=False),
        }
        return Decision(
            pk=self._take_pk(Decision),
            contact_child=link,
            status=Decision.Status.FINAL,
            outcome=outcome,
            need_level=self.need_levels[outcome].pick(rng),
            rationale=rng.choice(phrases.RATIONALES[outcome]).format(**words),
            best_placed=rng.choice(phrases.BEST_PLACED[outcome]).format(**words),
            agency_taking_action=self._agency_taking_action(outcome, recorded),
            child_views=rng.choice(phrases.CHILD_VIEWS[band]).format(**words),
            decided_by_id=decided_by.pk,
            decided_at=decided_at,
        )

    def _agency_taking_action(self, outcome: str, recorded: Recorded) -> str:
        if outcome == Outcome.ADVICE:
            return recorded.contact.referrer_agency or "The referrer"
        if outcome == Outcome.UNIVERSAL:
            return self.rng.choice(phrases.UNIVERSAL_AGENCIES)
        if outcome == Outcome.SOCIAL_WORK_ASSESSMENT:
            return locality_team_name(recorded.household.locality)
        return phrases.AGENCY_TAKING_ACTION[outcome]

    def _decision_time(self, contact: Contact) -> datetime:
        """Within the working day after receipt, except for a few late ones."""
        if self.rng.random() < LATE_DECISION_SHARE:
            hours = self.rng.uniform(0.5, 12)
            decided_at = self.cal.add_working_hours(contact.decision_due_at, hours)
        else:
            decided_at = self.cal.add_working_hours(contact.received_at, self.rng.uniform(0.2, 7.9))
        return self._not_after_now(decided_at, contact.received_at + timedelta(minutes=5))

    def _recently(self, received_at: datetime, max_minutes: int) -> datetime:
        """A moment earlier today (or just now), after receipt."""
        today_start = datetime.combine(self._local(self.now).date(), time(), tzinfo=self.tz)
        earliest = max(received_at + timedelta(minutes=10), today_start)
        latest = self.now - timedelta(minutes=1)
        if earliest >= latest:
            return latest
        span = min((latest - earliest).total_seconds(), max_minutes * 60)
        return latest - timedelta(seconds=self.rng.uniform(0, span))

    def _not_after_now(self, moment: datetime, floor: datetime) -> datetime:
        latest = self.now - timedelta(minutes=1)
        return max(floor, min(moment, latest))
