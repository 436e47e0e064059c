"""Synthetic front-door data for demonstrations: families, contacts and decisions.

The same seed, start, go-live date and `now` give the same data. Contacts run from the start
to now with the service's change at go-live visible in them: fewer contacts, more phone
conversations, fewer police notifications passed on and fewer social work assessments.
Contacts received in the last working day are left undecided in csw1's tray.

Every person gets what a person recorded through the app gets (a current name, search keys,
an address in the history) and more: families are linked by relationships, a few people have
other names, some families moved during the period, and a few children were recorded twice
with the usual slips, for the duplicate review to find.

Rows are built in memory with explicit primary keys and written every 2,000 contacts with
one multi-row INSERT per table, so the result is the same on SQLite and PostgreSQL and
50,000 contacts take well under a minute.

Then casework.py carries the settled decisions on: referrals (child in need episodes) with
allocation, assessments, plans and closures, and early help episodes, as they stand now; and
safeguarding.py the MASH enquiries (before casework, whose referrals and early help some of
their conclusions start), strategy discussions, section 47 enquiries, conferences, child
protection plans and immediate protection (fitted into casework's plans before it writes).
Last, quality.py audits some of the settled decisions and authorised assessments, monitors
some of the consultant social workers' calls, and invites every referrer whose feedback was
sent to the partner survey, some of whom answer.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from time import perf_counter
from typing import Any, NamedTuple, TypeVar, cast

from django.conf import settings
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Max
from faker import Faker

from frontdoor.contacts.models import (
    Channel,
    Consent,
    Contact,
    ContactChild,
    Decision,
    Outcome,
)
from frontdoor.contacts.selectors import decision_due_on
from frontdoor.core.audit import audit_write
from frontdoor.core.codes import Disability
from frontdoor.core.validators import upn_check_letter
from frontdoor.core.working_days import WorkingCalendar, calendar
from frontdoor.people.models import (
    Address,
    Person,
    PersonName,
    PersonSearchKey,
    Relationship,
)
from frontdoor.people.search_keys import SEARCH_KEY_FIELDS, search_key_values
from frontdoor.people.services import la_child_id_for

from . import errors, phrases
from .casework import CASEWORK_MODELS, CaseworkGenerator
from .phrases import ENGLISH, Concern, Referrer
from .quality import QUALITY_MODELS, QualityGenerator
from .safeguarding import SAFEGUARDING_MODELS, SafeguardingGenerator
from .shared import Weighted, age_on, insert_rows, insert_values, pronouns
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
# Families and people's records.
SECOND_ADULT_SHARE = 0.6
SECOND_ADULT_ROLES = {"parent": 70, "step_parent": 15, "partner": 15}
SECOND_ADULT_SURNAME_SHARE = {"parent": 0.6, "step_parent": 0.4, "partner": 0.0}
FATHER_RESPONSIBILITY_SHARE = 0.9  # fathers not on the birth certificate lack it
HALF_SIBLING_SHARE = 0.15  # children from the first parent's earlier relationship
EXTENDED_FAMILY_SHARE = 0.3
IMPORTANT_PERSON_SHARE = 0.08
OTHER_HOUSEHOLD_MEMBER_SHARE = 0.04
PERPETRATOR_SHARE_BY_TIER = (0.0, 0.3, 0.6, 0.8)  # of domestic or physical abuse contacts
PARTNER_IS_PERPETRATOR_SHARE = 0.7  # otherwise an ex-partner living elsewhere
MOVED_SHARE = 0.1
ALIAS_SHARE = 0.03
UPN_SHARE = 0.9  # of children who have started school
SCHOOLS = 350  # primary schools allocating UPNs (DfE numbers 2000-3999)
LA_CODE = "845"
DISABILITY_SHARE = 0.08
SECOND_DISABILITY_SHARE = 0.3
RELIGION_SHARE = 0.45  # of families with a religion recorded
CHILD_FAMILY_LANGUAGE_SHARE = 0.85  # other children of such families have English first
INTERPRETER_SHARE = 0.3  # of adults whose first language is not English
# Second records of a child: about DUPLICATE_SHARE of children, made on later contacts.
DUPLICATE_SHARE = 0.015
DUPLICATE_CHANCE = 0.3  # for a child on a later contact, while duplicates are below the share
DUPLICATE_USED_AGAIN = 0.3  # a later contact is recorded against the second record
DUPLICATE_ONE_SLIP_SHARE = 0.3  # the others have two
DUPLICATE_NOT_ETHNICITY_SHARE = 0.4
# The slips, by what they change (at most one slip to each) and how common they are.
DUPLICATE_ERRORS: dict[str, tuple[str, float]] = {
    "first_name_misspelt": ("first", 10),
    "first_name_transposed": ("first", 6),
    "nickname": ("first", 14),
    "surname_misspelt": ("last", 10),
    "surname_hyphenated": ("last", 6),
    "day_and_month_swapped": ("born", 10),
    "year_out": ("born", 8),
    "no_date_of_birth": ("born", 5),
    "old_address": ("address", 8),
}
AUTHORISATION_REASON = "This outcome needs a manager's authorisation"
ModelT = TypeVar("ModelT", bound=models.Model)
# The many small rows built as tuples of these fields' values rather than model instances.
ROW_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    PersonName: ("id", "person", "kind", "first_name", "last_name"),
    PersonSearchKey: ("id", "person", *SEARCH_KEY_FIELDS),
    Address: ("id", "person", "address", "postcode", "moved_in", "moved_out"),
    Relationship: (
        "id",
        "person",
        "relative",
        "kind",
        "parental_responsibility",
        "description",
        "started",
    ),
}

# Relative volume by hour of the day: on working days mostly 10:00-15:00, on other days flat.
WORKING_DAY_HOURS = (0.15,) * 8 + (3, 6, 10, 10, 10, 10, 10, 8, 6, 3, 2, 1.5) + (0.3,) * 4
CLOSED_DAY_HOURS = (0.5,) * 7 + (1.0,) * 16 + (0.7,)
CLOSED_DAY_VOLUME = 0.12
AUGUST_VOLUME = 0.8
CHRISTMAS_VOLUME = 0.55
# The seed review's 15.7% fewer contacts after go-live. (With Christmas in the 12 weeks before
# go-live, those weeks are already quieter; compare the same weeks a year earlier then.)
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
    relationships: int = 0
    duplicates: int = 0
    referrals: int = 0
    early_help: int = 0
    casework: Mapping[str, int] = field(default_factory=dict)  # rows written, by model
    safeguarding: Mapping[str, int] = field(default_factory=dict)  # rows written, by model
    quality: Mapping[str, int] = field(default_factory=dict)  # rows written, by model


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


class Home(NamedTuple):
    address: str
    postcode: str


@dataclass(eq=False, slots=True)
class Child:
    """A generated child, remembered so that later contacts can be about them again.

    `date_of_birth` is the real one, which the words of contacts follow; `born_on_record` is
    the one on this record, which differs on some second records.
    """

    pk: int
    first_name: str
    sex: str
    date_of_birth: date | None
    last_name: str = ""
    ethnicity: str = ""
    has_nhs_number: bool = False
    born_on_record: date | None = None
    contacted: bool = False
    duplicate: Child | None = None  # a second record of this child


@dataclass(frozen=True)
class Carer:
    """A parent or partner in the household, for the relationships to the children."""

    pk: int
    sex: str
    role: str  # first (the first parent or carer), parent, step_parent or partner
    parental_responsibility: bool


@dataclass(eq=False, slots=True)
class Household:
    locality: str
    town: str
    districts: tuple[str, ...]
    surname: str
    ethnicity: str
    language: str
    religion: str
    school: int
    home: Home
    settled: date  # moved in to the first home on record
    previous_home: Home | None = None
    moved_on: date | None = None  # from the previous home to this one
    adult: str = ""  # the first parent or carer, as named in concern summaries
    first_sex: str = "F"
    first_born: date | None = None
    partner: tuple[int, str] | None = None  # the first adult's partner at home: pk, description
    partner_surname: str = ""  # a step-parent's or partner's, when not the family's
    perpetrator: tuple[int, str] | None = None
    accused: set[int] = field(default_factory=set)  # children linked to the perpetrator
    children: list[Child] = field(default_factory=list)

    def home_on(self, day: date) -> Home:
        if self.previous_home is not None and self.moved_on is not None and day < self.moved_on:
            return self.previous_home
        return self.home


@dataclass
class Recorded:
    """A contact being built, with what its decisions need to know."""

    contact: Contact
    links: list[ContactChild]
    children: list[Child]
    household: Household
    outcome: str
    after_go_live: bool


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


def delete_demo_data() -> None:
    """Remove contacts, decisions, people and everything recorded about them (casework, and
    whatever other apps record about a child); users and the audit trail stay."""
    emptied: set[type[models.Model]] = set()
    for model in demo_models():
        empty_table(model, emptied)
        emptied.add(model)


def demo_models() -> list[type[models.Model]]:
    """Contacts, people and every model that refers to them, directly or through another,
    each after all the models that refer to it, so that it can be emptied in that order.
    Read from the model registry, so a new app's records about children are included."""
    order: list[type[models.Model]] = []
    visiting: set[type[models.Model]] = set()

    def visit(model: type[models.Model]) -> None:
        if model in order or model in visiting:
            return
        visiting.add(model)
        for rel in model._meta.get_fields(include_hidden=True):
            if rel.auto_created and not rel.concrete and rel.related_model is not model:
                visit(cast(type[models.Model], rel.related_model))
        visiting.discard(model)
        order.append(model)

    for root in (Contact, Person):
        visit(root)
    return order


def empty_table(model: type[models.Model], emptied: set[type[models.Model]]) -> None:
    """Delete every row of `model`: a plain DELETE when nothing else can refer to the rows.

    Django's delete() loads every row to follow relations, which takes longer than
    generating the data; it is only needed when some other model points at this one.
    """
    referring = {
        rel.related_model
        for rel in model._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete
    } - {model}
    if referring <= emptied:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    else:
        model._default_manager.all().delete()


Progress = Callable[[str], None]


@transaction.atomic
def generate(
    options: DemoOptions,
    users: Mapping[str, Any],
    *,
    reset: bool = False,
    progress: Progress | None = None,
) -> DemoResult:
    """The demo's data; `progress` is told each stage as it starts, with the time so far."""
    began = perf_counter()

    def say(stage: str) -> None:
        if progress is not None:
            progress(f"  {perf_counter() - began:5.1f} s  {stage}")

    if reset:
        say("Deleting the demo data already there")
        delete_demo_data()
    with foreign_keys_checked_at_the_end(written_models()):
        return DemoGenerator(options, users, say).run()


def written_models() -> list[type[models.Model]]:
    """Every model the demo writes rows of: this module's, casework's, safeguarding's and
    the quality loop's."""
    return [*DemoGenerator._models(), *CASEWORK_MODELS, *SAFEGUARDING_MODELS, *QUALITY_MODELS]


@contextmanager
def foreign_keys_checked_at_the_end(written: Sequence[type[models.Model]]) -> Iterator[None]:
    """On PostgreSQL, drop the foreign keys of the tables about to be filled and add them back
    afterwards, in the same transaction, as pg_restore does.

    Django's foreign keys are deferred: each row is checked at COMMIT, one query per row and
    key, which took 8 s of the 50,000-contact demo. Adding a constraint back checks all the
    rows in one query per key (about 1 s), and a row that breaks one still fails the whole
    run. While it runs, other sessions wait to read the tables. Elsewhere, or where this
    database user may not alter the tables, the rows are checked at COMMIT as usual.
    """
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in written]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY 1, 2",
            [tables],
        )
        constraints = cursor.fetchall()
    quote = connection.ops.quote_name
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # A table with checks still pending in this transaction (after --reset's deletes,
            # say) cannot be altered: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, name, _ in constraints:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    except DatabaseError:
        constraints = []  # not the tables' owner: checked at COMMIT instead
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    yield
    with connection.cursor() as cursor:
        for table, name, definition in constraints:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


class DemoGenerator:
    def __init__(
        self, options: DemoOptions, users: Mapping[str, Any], say: Progress = lambda _: None
    ) -> None:
        self.say = say
        self.options = options
        self.now = options.now
        self.rng = random.Random(options.seed)
        self.names = NamePools.build(options.seed)
        self.cal = calendar()
        self.tz = self.cal.tz
        self.users = users
        self.csws = [users["csw1"], users["csw2"], users["csw3"]]
        self.csw_by_pk = {csw.pk: csw for csw in self.csws}
        self.today = self._local(self.now).date()
        self.households: list[Household] = []
        self.used_nhs_numbers = set(
            Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True)
        )
        self.used_upns = {
            upn[1:] for upn in Person.objects.exclude(upn="").values_list("upn", flat=True)
        }
        self.schools = sorted(self.rng.sample(range(2000, 4000), SCHOOLS))
        self.children_created = 0
        self.duplicates = 0
        self.next_pk = {model: self._first_free_pk(model) for model in self._models()}
        # Model instances to write, or for the models in ROW_FIELDS tuples of their values.
        self.pending: dict[type[models.Model], list[Any]] = {model: [] for model in self._models()}
        self.created = dict.fromkeys(self._models(), 0)
        self.first_contact: Contact | None = None
        self._prepare_choices()

    @staticmethod
    def _models() -> tuple[type[models.Model], ...]:
        """Every model the generator writes, each after the ones it refers to."""
        return (
            Person,
            PersonName,
            PersonSearchKey,
            Address,
            Relationship,
            Contact,
            ContactChild,
            Decision,
        )

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
        self.second_adult_roles = Weighted(SECOND_ADULT_ROLES)
        self.languages = {
            ethnicity: Weighted(dict(weights))
            for ethnicity, weights in phrases.LANGUAGES_BY_ETHNICITY.items()
        }
        self.religions = {
            ethnicity: Weighted(dict(weights))
            for ethnicity, weights in phrases.RELIGIONS_BY_ETHNICITY.items()
        }
        self.default_religions = Weighted(dict(phrases.DEFAULT_RELIGIONS))
        self.disabilities = Weighted(phrases.DISABILITY_WEIGHTS)
        self.early_disabilities = Weighted(phrases.EARLY_DISABILITY_WEIGHTS)
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
        tenth = max(len(received) // 10, 1)
        for index, received_at in enumerate(received):
            if index % tenth == 0:
                self.say(f"Contacts and decisions: {index:,} of {len(received):,}")
            if last - index in (0, 1):
                self._awaiting_authorisation(received_at)
            elif last - index in (2, 3):
                self._decided_today(received_at)
            else:
                self._decided(self._record_contact(received_at))
        for received_at in self._tray_times(window_start, tray_size):
            self._record_contact(received_at, csw=self.users["csw1"])
        self._flush()
        self.say("Referrals, assessments, plans, early help and safeguarding")
        casework, safeguarding = self._casework()
        self.say("Decision audits, monitored calls and the partner survey")
        quality = QualityGenerator(
            seed=self.options.seed, now=self.now, users=self.users, cal=self.cal
        ).write()
        self._reset_sequences()
        self.say("The audit trail")
        self._audit(casework, safeguarding, quality)
        self.say("Done")
        return DemoResult(
            people=self.created[Person],
            contacts=self.created[Contact],
            decisions=self.created[Decision],
            relationships=self.created[Relationship],
            duplicates=self.duplicates,
            referrals=casework.referrals,
            early_help=casework.early_help,
            casework=casework.counts,
            safeguarding=safeguarding.counts,
            quality=quality.counts,
        )

    def _casework(self) -> tuple[Any, Any]:
        """The second and third passes: referrals, early help and all that followed, and
        safeguarding, from the decisions just written (casework.py and safeguarding.py build
        on this module, so they are imported here). MASH enquiries are planned first, as some
        of their conclusions start casework; child protection is fitted into casework's plans
        before they are written."""
        # A child recorded twice lives on in the second record: neither is given a death.
        twice = {
            pk
            for household in self.households
            for child in household.children
            if child.duplicate is not None
            for pk in (child.pk, child.duplicate.pk)
        }
        safeguarding = SafeguardingGenerator(
            seed=self.options.seed,
            go_live=self.options.go_live,
            now=self.now,
            users=self.users,
            cal=self.cal,
        )
        casework = CaseworkGenerator(
            seed=self.options.seed,
            go_live=self.options.go_live,
            now=self.now,
            users=self.users,
            cal=self.cal,
            first_day=self.options.start,
            never_dies=twice,
            mash=safeguarding.plan_mash(),
        )
        casework.plan()
        safeguarding.plan_child_protection(casework)
        return casework.write(), safeguarding.write()

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
            if model in ROW_FIELDS:
                insert_values(model, ROW_FIELDS[model], objs)
            else:
                insert_rows(model, objs)
            self.created[model] += len(objs)
            objs.clear()

    def _reset_sequences(self) -> None:
        """Move PostgreSQL's id sequences past the explicit keys (a no-op on SQLite)."""
        statements = connection.ops.sequence_reset_sql(no_style(), written_models())
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def _audit(self, casework: Any, safeguarding: Any, quality: Any) -> None:
        options = self.options
        audit_write(
            actor=None,
            action="demo.generate",
            obj=self.first_contact or self.users["admin"],
            summary=(
                f"Generated demo data: {self.created[Contact]} contacts, "
                f"{self.created[Decision]} decisions, {self.created[Person]} people, "
                f"{self.created[Relationship]} relationships, {casework.referrals} referrals, "
                f"{casework.assessments} assessments, {casework.cin_plans} child in need "
                f"plans, {casework.early_help} early help episodes, {safeguarding.enquiries} "
                f"MASH enquiries, {safeguarding.discussions} strategy discussions, "
                f"{safeguarding.section47s} section 47 enquiries, {safeguarding.cp_plans} child "
                f"protection plans, {quality.audits} decision audits, {quality.calls} monitored "
                f"calls, {quality.invitations} survey invitations ({quality.responses} answered)"
            ),
            changes={
                "seed": options.seed,
                "contacts": options.contacts,
                "start": options.start.isoformat(),
                "go_live": options.go_live.isoformat(),
                "casework": casework.counts,
                "safeguarding": safeguarding.counts,
                "quality": quality.counts,
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
        chosen = {id(child) for child in self.rng.sample(household.children, wanted)}
        children = [child for child in household.children if id(child) in chosen]
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
            picked = {id(child) for child in chosen}
            return household, [
                self._on_record(child, household, day)
                for child in household.children
                if id(child) in picked
            ]
        return None

    def _on_record(self, child: Child, household: Household, day: date) -> Child:
        """The record a later contact is linked to: usually the child's, sometimes a second
        record made for them now or on an earlier contact."""
        rng = self.rng
        duplicate = child.duplicate
        if duplicate is not None:
            born = duplicate.born_on_record
            if rng.random() < DUPLICATE_USED_AGAIN and (born is None or age_on(born, day) <= 17):
                return duplicate
            return child
        if (
            self.duplicates < DUPLICATE_SHARE * self.children_created
            and rng.random() < DUPLICATE_CHANCE
        ):
            return self._duplicate(child, household, day)
        return child

    def _new_household(self, day: date, wanted: int) -> Household:
        rng = self.rng
        locality, places = self.places.pick(rng)
        town, districts = rng.choice(places)
        ethnicity = self.ethnicities.pick(rng)
        household = Household(
            locality=locality,
            town=town,
            districts=districts,
            surname=rng.choice(self.names.surnames),
            ethnicity=ethnicity,
            language=self._language(ethnicity),
            religion=self._religion(ethnicity),
            school=rng.choice(self.schools),
            home=self._home(town, districts),
            settled=day - timedelta(days=rng.randint(60, 10 * 365)),
        )
        if rng.random() < MOVED_SHARE:
            self._move(household)
        unborn = wanted == 1 and rng.random() < UNBORN_SHARE
        ages: list[int] = []
        if not unborn:
            size = max(wanted, self.household_children.pick(rng))
            ages = sorted((self.ages.pick(rng) for _ in range(size)), reverse=True)
        carers, first_age = self._adults(day, ages[0] if ages else 0, household, unborn)
        if unborn:
            household.children = [self._unborn(day, household)]
        for age in ages:
            taken = {child.first_name for child in household.children}
            household.children.append(self._child(day, age, household, taken))
        self._family_relationships(household, carers)
        self._wider_family(day, household, first_age)
        self.households.append(household)
        return household

    def _home(self, town: str, districts: Sequence[str]) -> Home:
        rng = self.rng
        letters = phrases.POSTCODE_LETTERS
        district = rng.choice(districts)
        inward = f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
        address = f"{rng.randint(1, 180)} {rng.choice(self.names.streets)}, {town}"
        return Home(address, f"{district} {inward}")

    def _move(self, household: Household) -> None:
        """A move to another home in the same town at some point in the period."""
        earliest = max(self.options.start, household.settled + timedelta(days=180))
        if earliest >= self.today:
            return
        household.moved_on = earliest + timedelta(
            days=self.rng.randrange((self.today - earliest).days)
        )
        household.previous_home = household.home
        household.home = self._home(household.town, household.districts)

    def _addresses(
        self, household: Household, born: date
    ) -> list[tuple[Home, date | None, date | None]]:
        """A household member's address history: (home, moved in, moved out), current last."""
        since = max(household.settled, born)
        moved_on, previous = household.moved_on, household.previous_home
        if moved_on is None or previous is None:
            return [(household.home, since, None)]
        if born >= moved_on:
            return [(household.home, born, None)]
        return [(previous, since, moved_on), (household.home, moved_on, None)]

    def _adults(
        self, day: date, eldest: int, household: Household, unborn: bool
    ) -> tuple[list[Carer], int]:
        """One or two parents or carers, and the first one's age."""
        rng = self.rng
        first_sex = "F" if unborn or rng.random() < 0.85 else "M"
        first_age = min(eldest + rng.randint(17, 34), 62)
        first_pk, household.adult = self._adult(
            day, first_sex, household.surname, first_age, household
        )
        household.first_sex = first_sex
        carers = [Carer(first_pk, first_sex, "first", not unborn)]
        if rng.random() < SECOND_ADULT_SHARE:
            sex = "M" if first_sex == "F" else "F"
            role = self.second_adult_roles.pick(rng)
            if rng.random() < SECOND_ADULT_SURNAME_SHARE[role]:
                surname = household.surname
            else:
                surname = rng.choice(self.names.surnames)
            responsible = role == "parent" and rng.random() < FATHER_RESPONSIBILITY_SHARE
            if role != "parent" and surname != household.surname:
                household.partner_surname = surname  # before the children, for their aliases
            age = min(eldest + rng.randint(17, 34), 62)
            pk, _ = self._adult(day, sex, surname, age, household)
            carers.append(Carer(pk, sex, role, responsible and not unborn))
            household.partner = (pk, f"{phrases.PARENT[first_sex]}'s partner")
        return carers, first_age

    def _adult(
        self,
        day: date,
        sex: str,
        last_name: str,
        age: int,
        household: Household,
        *,
        at_home: bool = True,
        ethnicity: str | None = None,
        language: str | None = None,
    ) -> tuple[int, str]:
        """An adult aged `age` on `day`, at the household's home or their own nearby.

        Returns the new person's key and name."""
        rng = self.rng
        first_name = rng.choice(self.names.male if sex == "M" else self.names.female)
        born = day - timedelta(days=age * 365 + rng.randrange(365))
        if at_home:
            addresses = self._addresses(household, born)
            if household.first_born is None:
                household.first_born = born
        else:
            since = day - timedelta(days=rng.randint(30, max(1, min(age - 17, 15)) * 365))
            addresses = [(self._home(household.town, household.districts), since, None)]
        language = household.language if language is None else language
        home = addresses[-1][0]
        pk = self._add_person(
            Person(
                kind=Person.Kind.ADULT,
                first_name=first_name,
                last_name=last_name,
                date_of_birth=born,
                sex=sex,
                ethnicity=household.ethnicity if ethnicity is None else ethnicity,
                first_language=language,
                interpreter_needed=language != ENGLISH and rng.random() < INTERPRETER_SHARE,
                religion=household.religion if at_home else "",
                address=home.address,
                postcode=home.postcode,
            ),
            other_names=self._other_names(first_name, last_name, sex, household, child=False),
            addresses=addresses,
        )
        return pk, f"{first_name} {last_name}"

    def _child(self, day: date, age: int, household: Household, taken: set[str]) -> Child:
        """A child aged `age` on `day`, named differently from their brothers and sisters."""
        rng = self.rng
        sex = rng.choice("MF")
        pool = self.names.boys if sex == "M" else self.names.girls
        first_name = rng.choice(pool)
        while first_name in taken:
            first_name = rng.choice(pool)
        born = day - timedelta(days=age * 365 + rng.randrange(365))
        middle_names = rng.choice(pool) if rng.random() < 0.35 else ""
        # Most siblings share a surname; some are half-siblings.
        if rng.random() < HALF_SIBLING_SHARE:
            last_name = rng.choice(self.names.surnames)
        else:
            last_name = household.surname
        ethnicity = household.ethnicity if rng.random() < 0.98 else "NOBT"
        nhs_number = self._nhs_number() if rng.random() < NHS_NUMBER_SHARE else ""
        language = household.language
        if language != ENGLISH and rng.random() >= CHILD_FAMILY_LANGUAGE_SHARE:
            language = ENGLISH
        addresses = self._addresses(household, born)
        home = addresses[-1][0]
        pk = self._add_person(
            Person(
                kind=Person.Kind.CHILD,
                first_name=first_name,
                middle_names=middle_names,
                last_name=last_name,
                date_of_birth=born,
                sex=sex,
                ethnicity=ethnicity,
                nhs_number=nhs_number,
                upn=self._upn(born, day, household.school),
                disabilities=self._disabilities(age),
                first_language=language,
                religion=household.religion,
                address=home.address,
                postcode=home.postcode,
            ),
            other_names=self._other_names(first_name, last_name, sex, household, child=True),
            addresses=addresses,
        )
        self.children_created += 1
        return Child(
            pk,
            first_name,
            sex,
            born,
            last_name=last_name,
            ethnicity=ethnicity,
            has_nhs_number=bool(nhs_number),
            born_on_record=born,
        )

    def _unborn(self, day: date, household: Household) -> Child:
        rng = self.rng
        sex = "U" if rng.random() < 0.8 else rng.choice("MF")
        home = household.home
        pk = self._add_person(
            Person(
                kind=Person.Kind.CHILD,
                first_name="Unborn",
                last_name=household.surname,
                expected_date_of_birth=day + timedelta(days=rng.randint(14, 200)),
                sex=sex,
                ethnicity=household.ethnicity,
                disabilities=[Disability.NONE],
                address=home.address,
                postcode=home.postcode,
            ),
            addresses=[(home, household.moved_on or household.settled, None)],
        )
        self.children_created += 1
        return Child(pk, "Unborn", sex, None, last_name=household.surname)

    def _add_person(
        self,
        person: Person,
        *,
        other_names: Sequence[tuple[str, str, str]] = (),
        addresses: Sequence[tuple[Home, date | None, date | None]] = (),
    ) -> int:
        """A person with what the app gives everyone: names, search keys and addresses.

        `other_names` are (kind, first name, last name); `addresses` are (home, moved in,
        moved out), the current one last."""
        pk = self._take_pk(Person)
        person.pk = pk
        if person.kind == Person.Kind.CHILD:
            person.la_child_id = la_child_id_for(pk)
        self._add(person)
        names = [(PersonName.Kind.CURRENT, person.first_name, person.last_name), *other_names]
        pending = self.pending
        take = self._take_pk
        pending[PersonName].extend((take(PersonName), pk, *name) for name in names)
        born = person.date_of_birth or person.expected_date_of_birth
        for key in search_key_values(((first, last) for _, first, last in names), born):
            pending[PersonSearchKey].append((take(PersonSearchKey), pk, *key))
        for home, moved_in, moved_out in addresses:
            address = (self._take_pk(Address), pk, home.address, home.postcode, moved_in, moved_out)
            pending[Address].append(address)
        return pk

    def _other_names(
        self, first_name: str, last_name: str, sex: str, household: Household, *, child: bool
    ) -> list[tuple[str, str, str]]:
        """For a few people, an alias or a previous name: a mother's previous surname, a child
        known by a step-parent's surname, a shortened first name."""
        rng = self.rng
        if rng.random() >= ALIAS_SHARE:
            return []
        options: dict[str, float] = {"previous": 3 if sex == "F" and not child else 1}
        short = phrases.NICKNAMES.get(first_name)
        if short:
            options["short"] = 3
        if child and household.partner_surname and household.partner_surname != last_name:
            options["step_family"] = 4
        kind = rng.choices(list(options), weights=list(options.values()))[0]
        if kind == "step_family":
            return [(PersonName.Kind.ALIAS, first_name, household.partner_surname)]
        if kind == "short" and short:
            return [(PersonName.Kind.ALIAS, rng.choice(short), last_name)]
        previous = rng.choice(self.names.surnames)
        while previous == last_name:
            previous = rng.choice(self.names.surnames)
        return [(PersonName.Kind.PREVIOUS, first_name, previous)]

    def _upn(self, born: date, day: date, school: int) -> str:
        """Most children who have started school (the September after they turn four) have a
        unique pupil number from their first school: LA 845, school, year, serial."""
        rng = self.rng
        started = born.year + (5 if born.month >= 9 else 4)
        if date(started, 9, 1) > day or rng.random() >= UPN_SHARE:
            return ""
        for attempt in range(100):
            if attempt >= 10:
                school = rng.choice(self.schools)
            rest = f"{LA_CODE}{school:04d}{started % 100:02d}{rng.randrange(1000):03d}"
            letter = upn_check_letter(rest)
            if letter and rest not in self.used_upns:
                self.used_upns.add(rest)
                return letter + rest
        return ""

    def _disabilities(self, age: int) -> list[str]:
        rng = self.rng
        if rng.random() >= DISABILITY_SHARE:
            return [Disability.NONE]  # recorded, as the census asks (rule 8540)
        codes = self.disabilities if age >= 3 else self.early_disabilities
        chosen = {codes.pick(rng)}
        if rng.random() < SECOND_DISABILITY_SHARE:
            chosen.add(codes.pick(rng))
        return [code for code in Disability.values if code in chosen]

    def _language(self, ethnicity: str) -> str:
        languages = self.languages.get(ethnicity)
        return languages.pick(self.rng) if languages else ENGLISH

    def _religion(self, ethnicity: str) -> str:
        if self.rng.random() >= RELIGION_SHARE:
            return ""
        return self.religions.get(ethnicity, self.default_religions).pick(self.rng)

    def _relate(
        self,
        person_pk: int,
        relative_pk: int,
        kind: str,
        *,
        responsible: bool = False,
        description: str = "",
        started: date | None = None,
    ) -> None:
        """Record that the person is the `kind` of the relative (parent of the child)."""
        pk = self._take_pk(Relationship)
        relationship = (pk, person_pk, relative_pk, kind, responsible, description, started)
        self.pending[Relationship].append(relationship)

    def _family_relationships(self, household: Household, carers: Sequence[Carer]) -> None:
        """Parents and partners to each child, and each pair of children as siblings."""
        children = household.children
        for carer in carers:
            for child in children:
                own = child.last_name == household.surname  # not from an earlier relationship
                if carer.role == "first" or (carer.role == "parent" and own):
                    self._relate(
                        carer.pk,
                        child.pk,
                        Relationship.Kind.PARENT,
                        responsible=carer.parental_responsibility,
                        description=phrases.PARENT[carer.sex],
                    )
                elif carer.role in ("parent", "step_parent"):
                    self._relate(
                        carer.pk,
                        child.pk,
                        Relationship.Kind.PARENT,
                        description=phrases.STEP_PARENT[carer.sex],
                    )
                else:
                    self._relate(
                        carer.pk,
                        child.pk,
                        Relationship.Kind.HOUSEHOLD_MEMBER,
                        description=f"{phrases.PARENT[household.first_sex]}'s partner",
                    )
        for index, child in enumerate(children):
            for other in children[index + 1 :]:
                half = child.last_name != other.last_name
                self._relate(
                    child.pk,
                    other.pk,
                    Relationship.Kind.SIBLING,
                    description="Half-sibling" if half else "",
                )

    def _wider_family(self, day: date, household: Household, first_age: int) -> None:
        """Some families have a grandparent, aunt or uncle involved, someone important to a
        child, or another adult living with them."""
        rng = self.rng
        side = "Maternal" if household.first_sex == "F" else "Paternal"
        if rng.random() < EXTENDED_FAMILY_SHARE:
            if rng.random() < 0.75:
                sex = "F" if rng.random() < 0.7 else "M"
                age = min(first_age + rng.randint(18, 32), 88)
                description = f"{side} {phrases.GRANDPARENT[sex]}"
            else:
                sex = rng.choice("MF")
                age = max(18, first_age + rng.randint(-8, 8))
                description = f"{side} {phrases.AUNT_OR_UNCLE[sex]}"
            surname = household.surname if rng.random() < 0.5 else rng.choice(self.names.surnames)
            pk, _ = self._adult(day, sex, surname, age, household, at_home=False)
            for child in household.children:
                self._relate(
                    pk, child.pk, Relationship.Kind.EXTENDED_FAMILY, description=description
                )
        born = [child for child in household.children if child.date_of_birth]
        if born and rng.random() < IMPORTANT_PERSON_SHARE:
            sex = "F" if rng.random() < 0.65 else "M"
            pk, _ = self._adult(
                day,
                sex,
                rng.choice(self.names.surnames),
                rng.randint(25, 65),
                household,
                at_home=False,
                ethnicity=self.ethnicities.pick(rng),
                language=ENGLISH,
            )
            self._relate(
                pk,
                rng.choice(born).pk,
                Relationship.Kind.IMPORTANT_PERSON,
                description=rng.choice(phrases.IMPORTANT_PEOPLE),
            )
        if rng.random() < OTHER_HOUSEHOLD_MEMBER_SHARE:
            sex = rng.choice("MF")
            if rng.random() < 0.5:
                surname = household.surname
                description = f"{side} {phrases.AUNT_OR_UNCLE[sex]}"
            else:
                surname = rng.choice(self.names.surnames)
                description = rng.choice(phrases.OTHER_HOUSEHOLD_MEMBERS)
            age = max(18, first_age + rng.randint(-10, 10))
            pk, _ = self._adult(day, sex, surname, age, household)
            for child in household.children:
                self._relate(
                    pk, child.pk, Relationship.Kind.HOUSEHOLD_MEMBER, description=description
                )

    def _alleged_perpetrator(self, household: Household, children: list[Child], day: date) -> None:
        """The first adult's partner or ex-partner, named in a domestic or physical abuse
        contact, linked to the children on it."""
        rng = self.rng
        if household.perpetrator is None:
            if household.partner is not None and rng.random() < PARTNER_IS_PERPETRATOR_SHARE:
                household.perpetrator = household.partner
            else:
                sex = "M" if household.first_sex == "F" else "F"
                first_age = age_on(household.first_born, day) if household.first_born else 30
                ethnicity = household.ethnicity if rng.random() < 0.7 else None
                pk, _ = self._adult(
                    day,
                    sex,
                    rng.choice(self.names.surnames),
                    max(18, first_age + rng.randint(-5, 8)),
                    household,
                    at_home=False,
                    ethnicity=ethnicity or self.ethnicities.pick(rng),
                    language=household.language if ethnicity else ENGLISH,
                )
                description = f"{phrases.PARENT[household.first_sex]}'s ex-partner"
                household.perpetrator = (pk, description)
        pk, description = household.perpetrator
        for child in children:
            if child.pk not in household.accused:
                household.accused.add(child.pk)
                self._relate(
                    pk,
                    child.pk,
                    Relationship.Kind.ALLEGED_PERPETRATOR,
                    description=description,
                    started=day,
                )

    # --- Second records ---------------------------------------------------------------------

    def _duplicate(self, child: Child, household: Household, day: date) -> Child:
        """A second record of `child`, made for a contact on `day` by someone who did not
        find the first: without the NHS number (the app refuses a second record with the
        same one) and with one or two of the usual slips."""
        rng = self.rng
        first_name, last_name, born = child.first_name, child.last_name, child.born_on_record
        home = household.home_on(day)
        for error in self._duplicate_errors(child, household, day):
            if error == "first_name_misspelt":
                first_name = errors.misspell(first_name, rng, errors.FIRST_NAME_SPELLINGS)
            elif error == "first_name_transposed":
                first_name = errors.transpose(first_name, rng)
            elif error == "nickname":
                first_name = rng.choice(errors.other_forms(first_name))
            elif error == "surname_misspelt":
                last_name = errors.misspell(last_name, rng, errors.SURNAME_SPELLINGS)
            elif error == "surname_hyphenated":
                other = household.partner_surname or rng.choice(self.names.surnames)
                last_name = errors.hyphenated_variant(last_name, other, rng)
            elif error == "day_and_month_swapped" and born:
                born = errors.day_and_month_swapped(born)
            elif error == "year_out" and born:
                born = rng.choice(self._years_out(born, day))
            elif error == "no_date_of_birth":
                born = None
            elif error == "old_address" and household.previous_home:
                home = household.previous_home
        ethnicity = child.ethnicity
        if rng.random() < DUPLICATE_NOT_ETHNICITY_SHARE:
            ethnicity = "NOBT"
        pk = self._add_person(
            Person(
                kind=Person.Kind.CHILD,
                first_name=first_name,
                last_name=last_name,
                date_of_birth=born,
                sex=child.sex,
                ethnicity=ethnicity,
                disabilities=[Disability.NONE],
                address=home.address,
                postcode=home.postcode,
            ),
            addresses=[(home, None, None)],  # as recorded at the front door: date not known
        )
        duplicate = Child(
            pk,
            first_name,
            child.sex,
            child.date_of_birth,
            last_name=last_name,
            ethnicity=ethnicity,
            born_on_record=born,
            contacted=True,
        )
        child.duplicate = duplicate
        self.duplicates += 1
        return duplicate

    def _duplicate_errors(self, child: Child, household: Household, day: date) -> list[str]:
        """One or two slips: a missing NHS number is one whenever the child has a number."""
        rng = self.rng
        wanted = 1 if rng.random() < DUPLICATE_ONE_SLIP_SHARE else 2
        chosen = ["no_nhs_number"] if child.has_nhs_number else []
        used: set[str] = set()
        while len(chosen) < wanted:
            options = {
                error: weight
                for error, (part, weight) in DUPLICATE_ERRORS.items()
                if part not in used and self._error_fits(error, child, household, day)
            }
            if not options:
                break
            error = rng.choices(list(options), weights=list(options.values()))[0]
            chosen.append(error)
            used.add(DUPLICATE_ERRORS[error][0])
        return chosen

    def _error_fits(self, error: str, child: Child, household: Household, day: date) -> bool:
        born = child.born_on_record
        if error == "nickname":
            return bool(errors.other_forms(child.first_name))
        if error == "first_name_transposed":
            return errors.can_transpose(child.first_name)
        if error == "day_and_month_swapped":
            swapped = errors.day_and_month_swapped(born) if born else None
            return swapped is not None and swapped <= day and age_on(swapped, day) <= 17
        if error == "year_out":
            return born is not None and bool(self._years_out(born, day))
        if error == "old_address":
            return household.moved_on is not None and household.moved_on <= day
        return True

    @staticmethod
    def _years_out(born: date, day: date) -> list[date]:
        """The date of birth a year either side, where it is before `day` and under 18."""
        return [
            wrong
            for wrong in (errors.years_out(born, 1), errors.years_out(born, -1))
            if wrong <= day and age_on(wrong, day) <= 17
        ]

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
        immediacy = self.immediacy[tier].pick(rng)
        contact = Contact(
            pk=self._take_pk(Contact),
            status=Contact.Status.RECORDED,
            channel=channel,
            received_at=received_at,
            referral_source=referrer.source,
            concern_summary=f"{referrer.lead} {concern.text.format(**words)}",
            concern_categories=list(concern.categories),
            immediacy=immediacy,
            decision_due_at=decision_due_on(self.cal, received_at, immediacy),
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
        abuse = phrases.ABUSE_FACTORS.intersection(concern.categories)
        if abuse and rng.random() < PERPETRATOR_SHARE_BY_TIER[tier]:
            self._alleged_perpetrator(household, children, day)
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
