"""What a CIN census return holds, read from the records: one `CensusChild` per child with
their episodes as they stood on the reference date. The XML writer (`cin_census`) writes
these and the census rules (`rules/`) check them, so the checks see exactly what the DfE
will see, without writing or reading XML.

Values are kept as recorded, never mended: a sex or ethnicity that is not a census code is
returned as it is, so the rules name the child (4180, 4220) rather than a made-up code
hiding the fault. Each item keeps the id of the record it came from, so a finding links to
the page where it can be fixed.

Year 2026 is 1 April 2025 to 31 March 2026 (the reference date). The return holds every
child in need episode (referral) open at any point in the year: referred on or before the
reference date and not closed before the year began. Each episode is shown as it stood on
the reference date, so a return made later in the year says the same as one made on the
day:

- anything recorded as happening after the reference date is left out (a closure, an
  authorisation, a plan's end, a conference, a review, a death), and an activity starting
  after it is not returned at all;
- assessments: those started by the reference date and not authorised before the year
  began; factors are returned only for an assessment authorised by the reference date
  (rule 8614);
- child in need plans and child protection plans: those running at some point in the year;
- section 47 enquiries: those started in the year or whose initial conference was held in
  it (rules 8715, 8740). `ICPCnotRequired` is true when the enquiry's outcome, decided by
  the reference date, was anything but an initial conference;
- `DateOfInitialCPC` is given on the section 47 enquiry; on the episode itself only for a
  child protection plan starting in the year whose conference's enquiry is not in the
  episode (rules 2884, 2885);
- reviews of a child protection plan: those held in the year; the latest category of
  abuse is the one set at the last review held by the reference date;
- a child born after the reference date was unborn on it: their date of birth is returned
  as the expected date of birth. An unborn child's sex is returned as U whatever a scan
  said (rule 8750); a blank sex is returned as U (not known).

`ReferralNFA` (referral, no further action) is true for an episode closed by the reference
date with reason RC7 and no assessment, section 47 enquiry, child in need plan or child
protection plan at all: the front door's "no further action" at referral stage. Any other
closure reason (a child who died, moved away or was adopted before assessment) or any
activity makes it false.

LAchildID is the person's LA child ID (FD and the record number, as `la_child_id_for` makes
it, when none is stored). The return is read in at most six queries (episodes with their
people, then one per kind of activity), however many children there are, as tuples rather
than model instances.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from frontdoor.casework.models import Assessment, CinPlan, Referral
from frontdoor.core.codes import ClosureReason, Sex
from frontdoor.people.services import la_child_id_for
from frontdoor.safeguarding.models import CpPlan, CpReview, Section47, Section47Outcome


@dataclass(frozen=True)
class CensusYear:
    year: int

    @classmethod
    def current(cls, today: date | None = None) -> CensusYear:
        """The census year today falls in: 2027 from 1 April 2026 to 31 March 2027."""
        today = today or timezone.localdate()
        return cls(today.year + 1 if today >= date(today.year, 4, 1) else today.year)

    @property
    def start(self) -> date:
        return date(self.year - 1, 4, 1)

    @property
    def end(self) -> date:
        """The reference date, 31 March of the year."""
        return date(self.year, 3, 31)

    def within(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def by_end(self, day: date | None) -> date | None:
        """`day` if it had happened by the reference date, otherwise None."""
        return day if day is not None and day <= self.end else None


@dataclass(frozen=True)
class CensusSoFar(CensusYear):
    """The census year as it would be returned if its reference date were `as_at`: what a
    worker can put right now, without the queries that only the year's end will settle (an
    assessment started last week is not yet 45 working days old)."""

    as_at: date = date.max

    @property
    def end(self) -> date:
        return min(self.as_at, date(self.year, 3, 31))


# --- what the return holds -------------------------------------------------------------------


@dataclass
class CensusAssessment:
    assessment_id: int
    start: date
    authorised: date | None = None
    factors: list[str] = field(default_factory=list)


@dataclass
class CensusCinPlan:
    plan_id: int
    start: date
    end: date | None = None


@dataclass
class CensusSection47:
    section47_id: int
    start: date
    icpc_target: date | None = None
    icpc_date: date | None = None
    icpc_not_required: bool = False


@dataclass
class CensusCpPlan:
    plan_id: int
    start: date
    end: date | None = None
    initial_category: str = ""
    latest_category: str = ""
    previous_plans: int | None = None
    reviews: list[date] = field(default_factory=list)


@dataclass
class CensusEpisode:
    referral_id: int
    referral_date: date
    source: str
    primary_need: str = ""
    closure_date: date | None = None
    closure_reason: str = ""
    icpc_date: date | None = None
    referral_nfa: bool = False
    assessments: list[CensusAssessment] = field(default_factory=list)
    cin_plans: list[CensusCinPlan] = field(default_factory=list)
    section47s: list[CensusSection47] = field(default_factory=list)
    cp_plans: list[CensusCpPlan] = field(default_factory=list)


@dataclass
class CensusChild:
    person_id: int
    la_child_id: str
    upn: str = ""
    former_upn: str = ""
    upn_unknown: str = ""
    birth_date: date | None = None
    expected_birth_date: date | None = None
    sex: str = ""
    death_date: date | None = None
    ethnicity: str = ""
    disabilities: list[str] = field(default_factory=list)
    episodes: list[CensusEpisode] = field(default_factory=list)


@dataclass
class CensusReturn:
    census: CensusYear
    la: str
    children: list[CensusChild]

    @property
    def episode_count(self) -> int:
        return sum(len(child.episodes) for child in self.children)


# --- reading the records ---------------------------------------------------------------------


# Only what the return needs is read: the records' long text fields stay in the database.
PERSON_FIELDS = (
    "la_child_id", "upn", "former_upn", "upn_unknown", "date_of_birth",
    "expected_date_of_birth", "sex", "ethnicity", "disabilities", "date_of_death",
)  # fmt: skip
EPISODE_FIELDS = (
    "person_id", "referral_date", "source", "primary_need", "closed_on", "closure_reason",
)  # fmt: skip
ASSESSMENT_FIELDS = ("referral_id", "started_on", "authorised_on", "factors")
CIN_PLAN_FIELDS = ("referral_id", "start_date", "end_date")
SECTION47_FIELDS = ("referral_id", "started_on", "conference_due_on", "outcome", "outcome_on")
CP_PLAN_FIELDS = (
    "referral_id", "start_date", "end_date", "initial_category", "latest_category",
    "previous_plans",
)  # fmt: skip


# Records are read as tuples, not model instances: building 80,000 model instances took
# two thirds of the time to read a large council's return (issue 7's benchmark).
class _Person(NamedTuple):  # the columns of PERSON_FIELDS, in order, after the id
    pk: int
    la_child_id: str | None
    upn: str
    former_upn: str
    upn_unknown: str
    date_of_birth: date | None
    expected_date_of_birth: date | None
    sex: str
    ethnicity: str
    disabilities: list[str] | None
    date_of_death: date | None


class _Referral(NamedTuple):  # the columns of EPISODE_FIELDS, in order, after the id
    pk: int
    person_id: int
    referral_date: date
    source: str
    primary_need: str
    closed_on: date | None
    closure_reason: str


class _Assessment(NamedTuple):
    pk: int
    referral_id: int
    started_on: date
    authorised_on: date | None
    factors: list[str] | None


class _CinPlan(NamedTuple):
    pk: int
    referral_id: int
    start_date: date
    end_date: date | None


class _Conference(NamedTuple):
    section47_id: int
    held_on: date


class _Section47(NamedTuple):
    pk: int
    referral_id: int
    started_on: date
    conference_due_on: date
    outcome: str
    outcome_on: date | None
    conference: _Conference | None


class _CpPlan(NamedTuple):
    pk: int
    referral_id: int
    start_date: date
    end_date: date | None
    initial_category: str
    latest_category: str
    previous_plans: int | None
    conference: _Conference | None


class _CpReview(NamedTuple):
    plan_id: int
    held_on: date
    category: str


def _conference(section47_id: int | None, held_on: date | None) -> _Conference | None:
    return _Conference(section47_id, held_on) if section47_id is not None and held_on else None


@dataclass
class _Records:
    """A referral with all its activity, read in bulk."""

    referral: _Referral
    person: _Person
    assessments: list[_Assessment] = field(default_factory=list)
    cin_plans: list[_CinPlan] = field(default_factory=list)
    section47s: list[_Section47] = field(default_factory=list)
    cp_plans: list[_CpPlan] = field(default_factory=list)
    reviews: dict[int, list[_CpReview]] = field(default_factory=dict)  # by plan id

    @property
    def has_activity(self) -> bool:
        return bool(self.assessments or self.cin_plans or self.section47s or self.cp_plans)


def _episode_records(
    census: CensusYear, person_ids: Collection[int] | None = None
) -> list[_Records]:
    """The year's referrals with all their activity, ordered by child and referral date, in
    at most six queries (one for a child with no episode in the year, five with no child
    protection plan). Activity is filtered by date later, which needs the whole episode to decide
    `ReferralNFA`. (Grouped here rather than with prefetch_related, which costs a queryset
    per episode: three times slower for 13,000 episodes.)"""
    in_return = Referral.objects.filter(referral_date__lte=census.end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=census.start)
    )
    if person_ids is not None:
        in_return = in_return.filter(person_id__in=person_ids)
    ids = in_return.values("pk")
    episodes: dict[int, _Records] = {}
    people: dict[int, _Person] = {}
    for row in in_return.order_by("person_id", "referral_date", "id").values_list(
        "pk", *EPISODE_FIELDS, *(f"person__{name}" for name in PERSON_FIELDS)
    ):
        referral = _Referral._make(row[:7])
        person = people.get(referral.person_id)
        if person is None:
            person = people[referral.person_id] = _Person(referral.person_id, *row[7:])
        episodes[referral.pk] = _Records(referral, person)
    if not episodes:  # a child not in the return (checked on save): nothing more to read
        return []
    for row in (
        Assessment.objects.filter(referral__in=ids)
        .order_by("started_on", "id")
        .values_list("pk", *ASSESSMENT_FIELDS)
    ):
        episodes[row[1]].assessments.append(_Assessment._make(row))
    for row in (
        CinPlan.objects.filter(referral__in=ids)
        .order_by("start_date", "id")
        .values_list("pk", *CIN_PLAN_FIELDS)
    ):
        episodes[row[1]].cin_plans.append(_CinPlan._make(row))
    for *columns, section47_id, held_on in (
        Section47.objects.filter(referral__in=ids)
        .order_by("started_on", "id")
        .values_list("pk", *SECTION47_FIELDS, "conference__section47_id", "conference__held_on")
    ):
        s47 = _Section47._make((*columns, _conference(section47_id, held_on)))
        episodes[s47.referral_id].section47s.append(s47)
    any_plan = False
    for *columns, section47_id, held_on in (
        CpPlan.objects.filter(referral__in=ids)
        .order_by("start_date", "id")
        .values_list("pk", *CP_PLAN_FIELDS, "conference__section47_id", "conference__held_on")
    ):
        plan = _CpPlan._make((*columns, _conference(section47_id, held_on)))
        episodes[plan.referral_id].cp_plans.append(plan)
        any_plan = True
    if not any_plan:  # most children checked on save have no child protection plan
        return list(episodes.values())
    for plan_id, referral_id, held_on, category in (
        CpReview.objects.filter(plan__referral__in=ids)
        .order_by("held_on", "id")
        .values_list("plan_id", "plan__referral_id", "held_on", "category")
    ):
        review = _CpReview(plan_id, held_on, category)
        episodes[referral_id].reviews.setdefault(plan_id, []).append(review)
    return list(episodes.values())


def census_child_of(person: _Person, census: CensusYear) -> CensusChild:
    born, expected = person.date_of_birth, person.expected_date_of_birth
    if born is not None and born > census.end:  # unborn on the reference date
        born, expected = None, born
    sex = person.sex or Sex.UNKNOWN
    if born is None and expected is not None:
        sex = Sex.UNKNOWN
    return CensusChild(
        person_id=person.pk,
        la_child_id=person.la_child_id or la_child_id_for(person.pk),
        upn=person.upn,
        former_upn=person.former_upn,
        upn_unknown=person.upn_unknown,
        birth_date=born,
        expected_birth_date=expected,
        sex=sex,
        death_date=census.by_end(person.date_of_death),
        ethnicity=person.ethnicity,
        disabilities=[code for code in (person.disabilities or []) if code],
    )


def _is_referral_nfa(records: _Records, census: CensusYear) -> bool:
    """Closed by the reference date, at referral stage, with no further action (RC7) and no
    activity of any kind."""
    referral = records.referral
    return (
        census.by_end(referral.closed_on) is not None
        and referral.closure_reason == ClosureReason.RC7
        and not records.has_activity
    )


def _section47_in_return(s47: _Section47, census: CensusYear) -> bool:
    conference = s47.conference
    held = census.by_end(conference.held_on) if conference is not None else None
    return s47.started_on <= census.end and (census.within(s47.started_on) or census.within(held))


def _running_in_year(start: date, end: date | None, census: CensusYear) -> bool:
    return start <= census.end and (end is None or end >= census.start)


def _assessments(records: _Records, census: CensusYear) -> list[CensusAssessment]:
    returned = []
    for assessment in records.assessments:
        if assessment.started_on > census.end or (
            assessment.authorised_on is not None and assessment.authorised_on < census.start
        ):
            continue
        authorised = census.by_end(assessment.authorised_on)
        factors = [code for code in (assessment.factors or []) if code] if authorised else []
        returned.append(CensusAssessment(assessment.pk, assessment.started_on, authorised, factors))
    return returned


def _section47(s47: _Section47, census: CensusYear) -> CensusSection47:
    conference = s47.conference
    decided = bool(s47.outcome) and census.by_end(s47.outcome_on) is not None
    return CensusSection47(
        section47_id=s47.pk,
        start=s47.started_on,
        icpc_target=s47.conference_due_on,
        icpc_date=census.by_end(conference.held_on) if conference is not None else None,
        icpc_not_required=decided and s47.outcome != Section47Outcome.ICPC,
    )


def _cp_plan(plan: _CpPlan, reviews: list[_CpReview], census: CensusYear) -> CensusCpPlan:
    held = [review for review in reviews if review.held_on <= census.end]
    latest = plan.latest_category
    if len(held) < len(reviews):  # the category changed after the reference date
        latest = held[-1].category if held else plan.initial_category
    return CensusCpPlan(
        plan_id=plan.pk,
        start=plan.start_date,
        end=census.by_end(plan.end_date),
        initial_category=plan.initial_category,
        latest_category=latest,
        previous_plans=plan.previous_plans,
        reviews=[review.held_on for review in held if review.held_on >= census.start],
    )


def census_episode_of(records: _Records, census: CensusYear) -> CensusEpisode:
    referral = records.referral
    section47s = [s for s in records.section47s if _section47_in_return(s, census)]
    cp_plans = [p for p in records.cp_plans if _running_in_year(p.start_date, p.end_date, census)]
    returned_s47_ids = {s.pk for s in section47s}
    episode_icpc = next(
        (
            plan.conference.held_on
            for plan in cp_plans
            if census.within(plan.start_date)
            and plan.conference is not None
            and plan.conference.section47_id not in returned_s47_ids
            and census.within(plan.conference.held_on)
        ),
        None,
    )
    closed_on = census.by_end(referral.closed_on)
    return CensusEpisode(
        referral_id=referral.pk,
        referral_date=referral.referral_date,
        source=referral.source,
        primary_need=referral.primary_need,
        closure_date=closed_on,
        closure_reason=referral.closure_reason if closed_on else "",
        icpc_date=episode_icpc,
        referral_nfa=_is_referral_nfa(records, census),
        assessments=_assessments(records, census),
        cin_plans=[
            CensusCinPlan(plan.pk, plan.start_date, census.by_end(plan.end_date))
            for plan in records.cin_plans
            if _running_in_year(plan.start_date, plan.end_date, census)
        ],
        section47s=[_section47(s47, census) for s47 in section47s],
        cp_plans=[_cp_plan(plan, records.reviews.get(plan.pk, []), census) for plan in cp_plans],
    )


def census_children(
    census: CensusYear, person_ids: Collection[int] | None = None
) -> list[CensusChild]:
    """The children in the year's return (or only those of `person_ids` among them), each
    with their episodes in date order."""
    children: dict[int, CensusChild] = {}
    with _without_cycle_collection():
        for records in _episode_records(census, person_ids):
            person = records.person
            child = children.get(person.pk)
            if child is None:
                child = children[person.pk] = census_child_of(person, census)
            child.episodes.append(census_episode_of(records, census))
    return list(children.values())


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a return is read: the reader makes a few
    hundred thousand objects and no cycles, and the collector's passes over them took a third
    of the time to read a large council's return. Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def census_return(census: CensusYear, la: str) -> CensusReturn:
    return CensusReturn(census, la, census_children(census))
