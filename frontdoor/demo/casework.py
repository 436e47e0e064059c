"""Synthetic casework: what followed the front door's decisions, up to now.

A second pass after the contacts and decisions are written. It reads the settled decisions
that start casework back in one query, in the order the contacts arrived (and each child's
latest contact in another), and carries each child on as the app would
(`casework.services.casework_from_decision`): a referral outcome opens a child in need episode,
or joins the child's open one, and steps the child up from any early help; an early help
outcome opens an early help episode. A "MASH enquiry" decision whose enquiry safeguarding.py
has concluded with one of those outcomes counts as that outcome, decided at the conclusion
(`MashConclusion`).

Each episode's whole life is planned when it opens (allocation, assessment, plan, reviews,
oversight, closure, a step down to early help or up to social work), then written as it
stands at `now`: whatever is planned for later has not happened yet, which leaves
assessments in progress, plans running and episodes waiting in the queues. A later contact
may change a plan that has not happened yet: a referral closes the child's open early help
as stepped up, and cancels what that episode was going to do.

The rules of the CIN census hold throughout: one open episode per child, closure on or after
the referral, a closure reason exactly when there is a closure date, RC8 and RC9 only after
an assessment and never with a plan, RC2 only for a child with a date of death, an
assessment authorised on or after its start and never by its author, "21" (no factors) on
its own and only where the case then closed with RC8 or RC9, plans inside the episode, a
primary need on every episode assessed or closed.

`run` is `plan` then `write`: between the two, safeguarding.py fits strategy discussions,
section 47 enquiries and child protection plans into the planned episodes (and closes an
episode with a section 47 enquiry RC7 rather than RC8).

Every due date comes from the council's working calendar and the clocks in settings
(FRONTDOOR_CLOCKS), through `WorkingDays`, an index of the calendar's working days.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.db.models import Max

from frontdoor.accounts.models import Role, Team
from frontdoor.casework.clocks import clock_length
from frontdoor.casework.models import (
    Allocation,
    Assessment,
    AssessmentOutcome,
    CinPlan,
    EarlyHelpClosure,
    EarlyHelpEpisode,
    Oversight,
    PlanReview,
    Referral,
    ReferralContact,
    RiskReview,
    Step,
)
from frontdoor.casework.referrals.selectors import RE_REFERRAL_DAYS
from frontdoor.contacts.models import REFERRAL_OUTCOMES, ContactChild, Decision, Immediacy, Outcome
from frontdoor.core.codes import AssessmentFactor, ClosureReason, ReferralSource
from frontdoor.core.working_days import WorkingCalendar, WorkingDayIndex
from frontdoor.people.models import Person

from . import phrases
from .shared import Weighted, age_on, insert_values, pronouns

# The models written here, each after the ones it refers to.
CASEWORK_MODELS: tuple[type[models.Model], ...] = (
    Referral,
    EarlyHelpEpisode,
    ReferralContact,
    Allocation,
    RiskReview,
    Assessment,
    CinPlan,
    PlanReview,
    Step,
    Oversight,
)

NFA = AssessmentOutcome.NO_FURTHER_ACTION.value
STEP_DOWN = AssessmentOutcome.STEP_DOWN.value
CIN_PLAN = AssessmentOutcome.CIN_PLAN.value
SECTION_47 = AssessmentOutcome.SECTION_47.value
OTHER = AssessmentOutcome.OTHER.value
NO_FACTORS = AssessmentFactor.NO_FACTORS.value
STEP_UP = "step_up"  # the origin of a referral stepped up from early help
# Decisions that found reasonable cause to suspect significant harm.
REFERRAL_OUTCOMES_URGENT = frozenset({Outcome.STRATEGY_DISCUSSION, Outcome.IMMEDIATE_PROTECTION})

# Allocation to a worker, in working hours after the referral reached the team.
URGENT_ALLOCATION_HOURS = (0.2, 3.0)
ALLOCATION_HOURS = {(1.0, 8.0): 80, (8.0, 16.0): 15, (16.0, 40.0): 5}
NO_ASSESSMENT_SHARE = 0.07  # closed before an assessment: moved away, or the need was met
# Assessments authorised after the 45 working days, before and after go-live.
LATE_ASSESSMENT_SHARE = {False: 0.25, True: 0.12}
# Assessment outcomes by (after go-live, opened by a strategy discussion or immediate
# protection). Before go-live about half of all assessments ended in no further action and a
# quarter needed a social work service; after it about a quarter and a half (the seed review:
# 49.7% NFA falling to 30.8% and 21.3%).
ASSESSMENT_OUTCOMES: dict[tuple[bool, bool], dict[str, float]] = {
    (False, False): {NFA: 59, STEP_DOWN: 18, CIN_PLAN: 14, SECTION_47: 3, OTHER: 6},
    (False, True): {NFA: 20, STEP_DOWN: 10, CIN_PLAN: 30, SECTION_47: 35, OTHER: 5},
    (True, False): {NFA: 27, STEP_DOWN: 20, CIN_PLAN: 42, SECTION_47: 7, OTHER: 4},
    (True, True): {NFA: 12, STEP_DOWN: 8, CIN_PLAN: 38, SECTION_47: 40, OTHER: 2},
}
SEEN_ALONE_SHARE = {"teen": 0.8, "child": 0.55}  # babies and the unborn are not
NO_FACTORS_SHARE = {NFA: 0.35, STEP_DOWN: 0.2}  # "21" is only for cases then closed
SECTION_47_TO_PLAN_SHARE = 0.55  # the others: a child protection plan (safeguarding.py)
TRANSFER_SHARE = 0.08  # plans that end with the family moving to another authority (RC5)
FAMILY_SUPPORT_SHARE = 0.25  # Norwich plans reallocated to the family support worker
# The rarer closure reasons, as shares of all closures, given to long episodes (a plan, or
# child protection) whose child fits the reason: at least one of each where one fits.
RARE_CLOSURES = {
    ClosureReason.RC2: 0.002,
    ClosureReason.RC1: 0.005,
    ClosureReason.RC6: 0.02,
    ClosureReason.RC3: 0.012,
    ClosureReason.RC4: 0.012,
}
# Norwich referrals left waiting for a worker, with the manager's risk reviews, and the
# Norwich assessments waiting for the manager's authorisation.
WAITING_REFERRALS = 6
WAITING_WITHIN_DAYS = 35
LAPSED_RISK_REVIEW_SHARE = 0.4
SUBMITTED_ASSESSMENTS = 2
OVERDUE_ASSESSMENTS = 2  # at least this many in progress past their 45 working days
# Early help.
LEAD_ORGANISATION_SHARE = 0.22
UNASSIGNED_EARLY_HELP = 3  # at least this many opened in the last days wait in the queue
CONSENT = {"given": 88, "refused": 8, "unreached": 4}
LATE_EARLY_HELP_ASSESSMENT_SHARE = 0.15
EARLY_CLOSURE_SHARE = 0.08  # closed during the early help assessment
EARLY_HELP_CLOSURES = {
    EarlyHelpClosure.NEEDS_MET: 55,
    EarlyHelpClosure.UNIVERSAL: 15,
    EarlyHelpClosure.STEPPED_UP: 10,
    EarlyHelpClosure.CONSENT_WITHDRAWN: 7,
    EarlyHelpClosure.MOVED_AWAY: 6,
    EarlyHelpClosure.OTHER: 7,
}
LEAD_ORGANISATION_CLOSURES = {
    EarlyHelpClosure.NEEDS_MET: 60,
    EarlyHelpClosure.UNIVERSAL: 25,
    EarlyHelpClosure.STEPPED_UP: 5,
    EarlyHelpClosure.MOVED_AWAY: 5,
    EarlyHelpClosure.OTHER: 5,
}
# Primary need (CIN census), by what the assessment found.
ABUSE = frozenset({"3A", "3B", "3C", "16A", "17A", "18B", "18C", "19B", "19C", "11A", "24A"})
CHILD_HEALTH = frozenset({"4A", "5A", "6A", "15A"})
PARENT_HEALTH = frozenset({"1B", "2B", "4B", "5B", "6B", "7A"})
BEHAVIOUR = frozenset({"2A", "10A", "13A", "14A"})
PRIMARY_NEEDS: dict[str, dict[str, float]] = {
    "abuse": {"N1": 75, "N5": 13, "N4": 8, "N8": 2, "N3": 2},
    "child_health": {"N2": 55, "N1": 20, "N4": 15, "N6": 10},
    "parent_health": {"N3": 40, "N1": 30, "N5": 20, "N4": 10},
    "behaviour": {"N6": 50, "N1": 25, "N5": 15, "N4": 10},
    "none": {"N9": 35, "N4": 30, "N5": 25, "N7": 10},
    "other": {"N1": 45, "N5": 20, "N4": 15, "N2": 8, "N6": 5, "N8": 4, "N3": 2, "N7": 1},
}
TOWN_BY_DISTRICT = {
    district: town
    for _, _, places in phrases.LOCALITY_PLACES
    for town, districts in places
    for district in districts
}
EXTRA_FACTORS = {"4B": 5, "3B": 4, "1B": 2, "2B": 2, "16A": 4, "17A": 3, "14A": 2, "5A": 1}


class WorkingDays(WorkingDayIndex):
    """The council's working days (core's index) with the service's clocks, by name."""

    def __init__(self, cal: WorkingCalendar, first: date, last: date) -> None:
        super().__init__(cal, first, last)
        self.clocks = {name: clock_length(name) for name in settings.FRONTDOOR_CLOCKS}

    def due(self, day: date, clock: str) -> date:
        """When clock `clock` (a key of FRONTDOOR_CLOCKS) started on `day` runs out."""
        return self.add(day, self.clocks[clock])


@dataclass(frozen=True)
class TeamStaff:
    pk: int
    manager: int
    workers: tuple[int, ...]  # registered social workers
    support: tuple[int, ...] = ()  # unregistered: family support workers
    norwich: bool = False


@dataclass(eq=False, slots=True)
class ChildRecord:
    pk: int
    first_name: str
    sex: str
    born: date | None
    postcode: str
    town: str
    last_contact_on: date
    referrals: list[ReferralPlan] = field(default_factory=list)
    early_help: list[EarlyHelpPlan] = field(default_factory=list)
    _words: dict[str, str] | None = None

    def words(self) -> dict[str, str]:
        if self._words is None:
            first = "the baby" if self.born is None else self.first_name
            self._words = {"first": first, "town": self.town, **pronouns(self.sex, plural=False)}
        return self._words

    def band(self, day: date) -> str:
        if self.born is None or self.born > day:
            return "unborn"
        age = age_on(self.born, day)
        return "baby" if age < 5 else "child" if age < 12 else "teen"

    def open_referral(self, day: date) -> ReferralPlan | None:
        """The referral open on `day` (opened on or before it, not closed before it)."""
        for referral in reversed(self.referrals):
            if referral.cancelled or referral.referral_date > day:
                continue
            if referral.closed_on is None or referral.closed_on >= day:
                return referral
            return None
        return None

    def open_early_help(self, day: date) -> EarlyHelpPlan | None:
        """An early help episode not closed before `day`."""
        for episode in reversed(self.early_help):
            if not episode.cancelled and (episode.closed_on is None or episode.closed_on >= day):
                return episode
        return None


@dataclass(eq=False, slots=True)
class AssessmentPlan:
    started_on: date
    due_on: date
    worker: int
    seen_on: date
    seen_alone: bool
    child_views: str
    culture_identity: str
    factors: list[str]
    analysis: str
    outcome: str
    requires_support: bool
    late_reason: str
    submitted_at: datetime
    authorised_by: int
    authorised_on: date
    manager_comment: str


@dataclass(eq=False, slots=True)
class CinPlanPlan:
    start: date
    started_by: int
    reviews: list[tuple[date, int, str]] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class OversightPlan:
    kind: str
    recorded_at: datetime
    recorded_by: int
    discussion: str
    direction: str = ""
    direction_for: int | None = None
    due_on: date | None = None
    completed_at: datetime | None = None
    completion_note: str = ""


@dataclass(eq=False, slots=True)
class ReferralPlan:
    child: ChildRecord
    referral_date: date
    opened_at: datetime
    opened_by: int
    source: str
    urgent: bool
    team: TeamStaff | None
    district: str
    origin: int | None  # the contact child whose decision opened it
    origin_outcome: str
    after_go_live: bool
    allocation_due_on: date
    child_seen_due_on: date
    joined: list[tuple[int, datetime]] = field(default_factory=list)
    allocations: list[tuple[datetime, int, int, str]] = field(default_factory=list)
    risk_reviews: list[tuple[datetime, int, str, date]] = field(default_factory=list)
    assessment: AssessmentPlan | None = None
    cin_plan: CinPlanPlan | None = None
    primary_need: str = ""
    primary_need_on: date | None = None
    closed_on: date | None = None
    closure_reason: str = ""
    step_down: EarlyHelpPlan | None = None
    step_down_reason: str = ""
    step_down_by: int = 0
    oversight: list[OversightPlan] = field(default_factory=list)
    long: bool = False  # a plan or child protection: where the rarer closures come from
    waiting: bool = False
    cancelled: bool = False
    pk: int = 0

    def worker_on(self, day: date) -> int:
        worker = self.allocations[0][1]
        for at, who, _, _ in self.allocations:
            if at.date() > day:
                break
            worker = who
        return worker


@dataclass(eq=False, slots=True)
class EarlyHelpPlan:
    child: ChildRecord
    opened_on: date
    opened_by: int
    origin: int | None
    stepped_down_from: ReferralPlan | None
    allocation_due_on: date
    assessment_due_on: date
    assigned_on: date | None = None
    advisor: int | None = None
    lead_organisation: str = ""
    consent: str = EarlyHelpEpisode.Consent.NOT_YET_ASKED
    consent_on: date | None = None
    assessment_started_on: date | None = None
    assessment_completed_on: date | None = None
    plan_started_on: date | None = None
    reviews: list[tuple[date, int, str]] = field(default_factory=list)
    closed_on: date | None = None
    closure_reason: str = ""
    step_up: ReferralPlan | None = None  # the referral it was stepped up to
    step_up_reason: str = ""
    step_up_by: int = 0
    step_up_decision: int | None = None  # the contact child whose decision stepped it up
    cancelled: bool = False
    pk: int = 0


@dataclass(frozen=True, slots=True)
class Link:
    """A settled decision read back: one child on one contact."""

    contact: int
    contact_child: int
    person: int
    received_on: date
    decided_on: date
    settled_at: datetime
    actor: int
    outcome: str
    source: str
    urgent: bool
    categories: tuple[str, ...]
    reason: str = ""  # a step up's reason when a MASH enquiry decided (see MashConclusion)


@dataclass(frozen=True, slots=True)
class MashConclusion:
    """A MASH enquiry concluded with an outcome that starts casework, read in place of the
    "MASH enquiry" decision that opened it, as the app's `safeguarding.mash.services.mash_conclude`
    does: a referral dated when the contact came in (joined by that contact), or early help
    from the day of the conclusion."""

    outcome: str
    concluded_at: datetime
    concluded_by: int
    reason: str  # the step up's reason: "MASH enquiry M000123 concluded: ..."


@dataclass
class CaseworkResult:
    referrals: int = 0
    early_help: int = 0
    assessments: int = 0
    cin_plans: int = 0
    steps: int = 0
    oversight: int = 0
    counts: dict[str, int] = field(default_factory=dict)


class CaseworkGenerator:
    def __init__(
        self,
        *,
        seed: int,
        go_live: date,
        now: datetime,
        users: Mapping[str, Any],
        cal: WorkingCalendar,
        first_day: date,
        never_dies: Iterable[int] = (),
        mash: Mapping[int, MashConclusion] | None = None,
    ) -> None:
        self.rng = random.Random(f"casework-{seed}")
        self.go_live = go_live
        self.now = now
        self.cal = cal
        self.tz = cal.tz
        self.today = now.astimezone(self.tz).date()
        self.wd = WorkingDays(cal, first_day - timedelta(days=14), self.today + timedelta(3 * 366))
        self.users = users
        self.never_dies = set(never_dies)
        # MASH enquiries concluded by now with a casework outcome, by the contact child.
        self.mash: Mapping[int, MashConclusion] = mash or {}
        self.links: list[Link] = []
        # The referral each referral decision opened or joined, by the contact child.
        self.referral_of: dict[int, ReferralPlan] = {}
        self.deaths: dict[int, date] = {}
        self.children: dict[int, ChildRecord] = {}
        self.referrals: list[ReferralPlan] = []
        self.episodes: list[EarlyHelpPlan] = []
        self.teams, self.team_by_district = self._teams()
        self.advisors = [
            user.pk for user in users.values() if user.role == Role.PATHWAY_ADVISOR and user.pk
        ]
        self.users_by_pk = {user.pk: user for user in users.values()}
        self._contact_workers: dict[tuple[int, int], int] = {}
        self.allocation_hours = Weighted(ALLOCATION_HOURS)
        self.outcomes = {key: Weighted(weights) for key, weights in ASSESSMENT_OUTCOMES.items()}
        self.primary_needs = {key: Weighted(weights) for key, weights in PRIMARY_NEEDS.items()}
        self.extra_factors = Weighted(EXTRA_FACTORS)
        self.consent = Weighted(CONSENT)
        self.early_help_closures = Weighted(EARLY_HELP_CLOSURES)
        self.lead_closures = Weighted(LEAD_ORGANISATION_CLOSURES)
        self.factor_order = {code: index for index, code in enumerate(AssessmentFactor.values)}

    def _teams(self) -> tuple[list[TeamStaff], dict[str, TeamStaff]]:
        """The locality teams and their demo staff, and the team for each postcode district."""
        members: dict[int, list[Any]] = {}
        for user in self.users.values():
            if user.team_id is not None:
                members.setdefault(user.team_id, []).append(user)
        teams: list[TeamStaff] = []
        by_district: dict[str, TeamStaff] = {}
        for team in Team.objects.filter(kind=Team.Kind.LOCALITY).order_by("pk"):
            staff = sorted(members.get(team.pk, []), key=lambda user: user.pk)
            managers = [u.pk for u in staff if u.role == Role.TEAM_MANAGER]
            workers = [u for u in staff if u.role == Role.LOCALITY_SOCIAL_WORKER]
            spec = TeamStaff(
                pk=team.pk,
                manager=managers[0] if managers else self.users["hos"].pk,
                workers=tuple(u.pk for u in workers if u.is_registered_social_worker),
                support=tuple(u.pk for u in workers if not u.is_registered_social_worker),
                norwich=team.locality == "Norwich",
            )
            teams.append(spec)
            for district in team.districts:
                by_district.setdefault(district, spec)
        return teams, by_district

    # --- The run ---------------------------------------------------------------------------

    def run(self) -> CaseworkResult:
        self.plan()
        return self.write()

    def plan(self) -> None:
        """Plan every episode's life in memory (safeguarding.py then fits child protection
        into the plans, before they are written)."""
        self.links = self._settled_links()
        for link in self.links:
            if link.outcome in REFERRAL_OUTCOMES:
                self._referral_from(link)
            elif link.outcome == Outcome.EARLY_HELP:
                self._early_help_from(link)
        self._leave_referrals_waiting()
        self._leave_assessments_submitted()
        self._leave_assessments_overdue()
        self._leave_early_help_unassigned()
        self.deaths = self._rare_closures()

    def write(self) -> CaseworkResult:
        return self._write(self.deaths)

    def _settled_links(self) -> list[Link]:
        """The settled decisions that start casework (a referral or early help), in the
        order the contacts arrived; and for each child the day of their latest contact.
        A "MASH enquiry" decision counts as its enquiry's conclusion, where that starts
        casework (`self.mash`)."""
        settled = [Decision.Status.FINAL, Decision.Status.AUTHORISED]
        outcomes = [*REFERRAL_OUTCOMES, Outcome.EARLY_HELP]
        if self.mash:
            outcomes.append(Outcome.MASH_ENQUIRY)
        query = (
            ContactChild.objects.filter(
                decision__status__in=settled, decision__outcome__in=outcomes
            )
            .order_by("contact__received_at", "contact_id", "pk")
            .values_list(
                "pk",
                "contact_id",
                "contact__received_at",
                "contact__referral_source",
                "contact__immediacy",
                "contact__concern_categories",
                "person_id",
                "person__first_name",
                "person__sex",
                "person__date_of_birth",
                "person__postcode",
                "decision__status",
                "decision__outcome",
                "decision__decided_at",
                "decision__decided_by_id",
                "decision__authorised_at",
                "decision__authorised_by_id",
            )
        )
        latest = ContactChild.objects.values("person").annotate(last=Max("contact__received_at"))
        last_contact = {
            person: _as_datetime(last).astimezone(self.tz).date()
            for person, last in _raw_rows(latest.values_list("person", "last"))
        }
        links = []
        for (
            pk,
            contact,
            received_at,
            source,
            immediacy,
            categories,
            person,
            first_name,
            sex,
            born,
            postcode,
            status,
            outcome,
            decided_at,
            decided_by,
            authorised_at,
            authorised_by,
        ) in _raw_rows(query):
            reason = ""
            if outcome == Outcome.MASH_ENQUIRY:
                conclusion = self.mash.get(pk)
                if conclusion is None:
                    continue  # still open, or concluded without casework
                outcome, reason = conclusion.outcome, conclusion.reason
                status, decided_at, decided_by = (
                    Decision.Status.FINAL,
                    conclusion.concluded_at,
                    conclusion.concluded_by,
                )
            received_at = _as_datetime(received_at)
            received_on = received_at.astimezone(self.tz).date()
            if person not in self.children:
                district = postcode.split()[0].upper() if postcode.strip() else ""
                self.children[person] = ChildRecord(
                    person,
                    first_name,
                    sex,
                    _as_date(born),
                    postcode,
                    TOWN_BY_DISTRICT.get(district, "Norwich"),
                    last_contact.get(person, received_on),
                )
            authorised = status == Decision.Status.AUTHORISED and authorised_at is not None
            urgent = immediacy == Immediacy.IMMEDIATE or outcome != Outcome.SOCIAL_WORK_ASSESSMENT
            links.append(
                Link(
                    contact=contact,
                    contact_child=pk,
                    person=person,
                    received_on=received_on,
                    decided_on=_as_datetime(decided_at).astimezone(self.tz).date(),
                    settled_at=_as_datetime(authorised_at if authorised else decided_at),
                    actor=authorised_by if authorised else decided_by,
                    outcome=outcome,
                    source=source or ReferralSource.UNKNOWN,
                    urgent=urgent,
                    categories=tuple(_as_list(categories)),
                    reason=reason,
                )
            )
        return links

    # --- Helpers ---------------------------------------------------------------------------

    def _local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def _moment(self, day: date, earliest: datetime | None = None) -> datetime:
        """A time in working hours on `day`, after `earliest` if given; today, not after now,
        so that whatever is dated today has happened."""
        at = datetime.combine(day, time(9), tzinfo=self.tz) + timedelta(
            minutes=self.rng.randrange(8 * 60)
        )
        if earliest is not None and at <= earliest:
            at = earliest + timedelta(minutes=self.rng.randint(5, 90))
        if day == self.today and at > self.now and (earliest is None or earliest < self.now):
            start = max(earliest or self.now, datetime.combine(day, time(), tzinfo=self.tz))
            start = min(start, self.now)
            at = start + (self.now - start) * self.rng.random()
        return at

    def _text(self, options: Sequence[str], child: ChildRecord, **extra: str) -> str:
        text = self.rng.choice(options)
        return text.format_map({**child.words(), **extra} if extra else child.words())

    def _name(self, user_pk: int) -> str:
        user = self.users_by_pk.get(user_pk)
        return user.get_full_name() if user is not None else "the worker"

    # --- Referrals -------------------------------------------------------------------------

    def _referral_from(self, link: Link) -> None:
        child = self.children[link.person]
        day = link.received_on
        current = child.open_referral(day)
        if current is not None:
            current.joined.append((link.contact_child, link.settled_at))
            self.referral_of[link.contact_child] = current
            return
        # What early help had yet to do ends here: a referral it was going to step up to
        # (and whatever followed) is cancelled, and the episode closes as stepped up.
        for later in [r for r in child.referrals if not r.cancelled and r.referral_date > day]:
            self._cancel_referral(later)
        episode = child.open_early_help(day)
        referral = self._open_referral(
            child,
            day=day,
            opened_at=link.settled_at,
            opened_by=link.actor,
            source=link.source,
            urgent=link.urgent,
            origin=link.contact_child,
            origin_outcome=link.outcome,
            categories=link.categories,
            contact=link.contact,
        )
        self.referral_of[link.contact_child] = referral
        if episode is not None:
            self._cut_early_help(episode, link, referral)

    def _open_referral(
        self,
        child: ChildRecord,
        *,
        day: date,
        opened_at: datetime,
        opened_by: int,
        source: str,
        urgent: bool,
        origin: int | None,
        origin_outcome: str,
        categories: Sequence[str] = (),
        contact: int = 0,
    ) -> ReferralPlan:
        district = child.postcode.upper().split()[0] if child.postcode.strip() else ""
        referral = ReferralPlan(
            child=child,
            referral_date=day,
            opened_at=opened_at,
            opened_by=opened_by,
            source=source,
            urgent=urgent,
            team=self.team_by_district.get(district),
            district=district,
            origin=origin,
            origin_outcome=origin_outcome,
            after_go_live=day >= self.go_live,
            allocation_due_on=self.wd.due(day, "allocation_working_days"),
            child_seen_due_on=self.wd.due(
                day, "child_seen_urgent_working_days" if urgent else "child_seen_working_days"
            ),
        )
        child.referrals.append(referral)
        self.referrals.append(referral)
        self._plan_referral(referral, categories, contact)
        return referral

    def _cancel_referral(self, referral: ReferralPlan) -> None:
        referral.cancelled = True
        if referral.step_down is not None:
            self._cancel_early_help(referral.step_down)

    def _plan_referral(
        self, referral: ReferralPlan, categories: Sequence[str], contact: int
    ) -> None:
        rng, wd = self.rng, self.wd
        team = referral.team
        if team is None or not team.workers:
            return  # waits for a manager to choose the team: nobody in the demo does
        if referral.urgent:
            hours = rng.uniform(*URGENT_ALLOCATION_HOURS)
        else:
            hours = rng.uniform(*self.allocation_hours.pick(rng))
        allocated_at = self.cal.add_working_hours(referral.opened_at, hours)
        # Brothers and sisters on one contact go to the same worker.
        worker = self._contact_workers.get((contact, team.pk)) or rng.choice(team.workers)
        if contact:
            self._contact_workers[(contact, team.pk)] = worker
        referral.allocations.append((allocated_at, worker, team.manager, ""))
        allocated_on = self._local_day(allocated_at)
        child = referral.child
        if rng.random() < NO_ASSESSMENT_SHARE:
            closed = wd.add(allocated_on, rng.randint(2, 20))
            reason = ClosureReason.RC5 if rng.random() < 0.25 else ClosureReason.RC7
            self._allocation_oversight(referral, allocated_at, worker, team, direct=False)
            self._set_need(referral, categories, [], closed)
            referral.closed_on, referral.closure_reason = closed, reason
            return
        assessment = self._plan_assessment(referral, worker, allocated_on, categories)
        self._allocation_oversight(referral, allocated_at, worker, team, direct=True)
        authorised = assessment.authorised_on
        outcome = assessment.outcome
        # Recorded when the assessment starts (an episode that led to further action).
        self._set_need(referral, categories, assessment.factors, assessment.started_on)
        if outcome == NFA:
            referral.closed_on = wd.add(authorised, rng.choice((0, 0, 1, 1, 2, 3, 5, 8)))
            referral.closure_reason = ClosureReason.RC8
        elif outcome == STEP_DOWN:
            stepped_on = wd.add(authorised, rng.choice((0, 1, 1, 2, 3, 5)))
            referral.closed_on, referral.closure_reason = stepped_on, ClosureReason.RC9
            if stepped_on <= self.today and child.open_early_help(stepped_on) is None:
                by = referral.worker_on(stepped_on)
                referral.step_down_by = by
                referral.step_down_reason = self._text(phrases.STEP_DOWN_REASONS, child)
                referral.step_down = self._open_early_help(
                    child, stepped_on, opened_by=by, origin=None, stepped_down_from=referral
                )
        elif outcome == CIN_PLAN:
            self._plan_cin(referral, wd.add(authorised, rng.randint(0, 8)))
        elif outcome == SECTION_47:
            if rng.random() < SECTION_47_TO_PLAN_SHARE:
                self._plan_cin(referral, wd.add(authorised, rng.randint(5, 25)))
            else:
                referral.long = True
                closed = wd.add(authorised, rng.randint(80, 300))
                referral.closed_on, referral.closure_reason = closed, ClosureReason.RC7
                self._supervision(referral, authorised, closed)
        else:
            referral.closed_on = wd.add(authorised, rng.randint(5, 40))
            referral.closure_reason = ClosureReason.RC5 if rng.random() < 0.3 else ClosureReason.RC7

    def _plan_assessment(
        self, referral: ReferralPlan, worker: int, allocated_on: date, categories: Sequence[str]
    ) -> AssessmentPlan:
        rng, wd = self.rng, self.wd
        day = referral.referral_date
        due = wd.due(day, "assessment_working_days")
        if referral.urgent:
            seen = wd.add(day, rng.choice((0, 0, 1, 1, 1, 1, 1, 1, 2, 3)))
        elif rng.random() < 0.88:
            seen = wd.add(day, rng.randint(1, wd.clocks["child_seen_working_days"]))
        else:
            seen = wd.add(day, rng.randint(6, 12))
        seen = max(seen, allocated_on)
        started = max(day, min(seen, wd.add(allocated_on, rng.choice((0, 0, 1, 1, 2)))))
        allowed = wd.clocks["assessment_working_days"]
        if rng.random() < LATE_ASSESSMENT_SHARE[referral.after_go_live]:
            taken = min(allowed + 1 + int(rng.expovariate(1 / 12)), 110)
        else:
            taken = round(rng.triangular(12, allowed, 36))
        authorised = wd.add(day, taken)
        if authorised < seen:
            authorised = wd.add(seen, rng.randint(5, 15))
        submitted_on = max(wd.back(authorised, rng.choice((0, 1, 1, 2, 2, 3, 4))), seen, started)
        submitted_at = self._moment(submitted_on)
        key = (referral.after_go_live, referral.origin_outcome in REFERRAL_OUTCOMES_URGENT)
        outcome = self.outcomes[key].pick(rng)
        child = referral.child
        band = child.band(seen)
        team = referral.team
        assert team is not None
        late = max(submitted_on, authorised) > due
        referral.assessment = AssessmentPlan(
            started_on=started,
            due_on=due,
            worker=worker,
            seen_on=seen,
            seen_alone=rng.random() < SEEN_ALONE_SHARE.get(band, 0.0),
            child_views=self._text(phrases.ASSESSMENT_CHILD_VIEWS[band], child),
            culture_identity=self._text(phrases.CULTURE_IDENTITY, child),
            factors=self._factors(outcome, categories),
            analysis=self._text(phrases.ANALYSIS[outcome], child),
            outcome=outcome,
            requires_support=outcome in (CIN_PLAN, SECTION_47),
            late_reason=self._text(phrases.LATE_REASONS, child) if late else "",
            submitted_at=submitted_at,
            authorised_by=team.manager,
            authorised_on=authorised,
            manager_comment=rng.choice(phrases.MANAGER_COMMENTS),
        )
        return referral.assessment

    def _factors(self, outcome: str, categories: Sequence[str]) -> list[str]:
        rng = self.rng
        if outcome in NO_FACTORS_SHARE and rng.random() < NO_FACTORS_SHARE[outcome]:
            return [NO_FACTORS]
        chosen = {code for code in categories if code in self.factor_order and code != NO_FACTORS}
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            chosen.add(self.extra_factors.pick(rng))
        if not chosen:
            chosen.add("20")
        return sorted(chosen, key=self.factor_order.__getitem__)

    def _set_need(
        self,
        referral: ReferralPlan,
        categories: Sequence[str],
        factors: Sequence[str],
        on: date,
    ) -> None:
        found = set(factors) or set(categories)
        if found & ABUSE:
            group = "abuse"
        elif found & CHILD_HEALTH:
            group = "child_health"
        elif found & PARENT_HEALTH:
            group = "parent_health"
        elif found & BEHAVIOUR:
            group = "behaviour"
        elif NO_FACTORS in found:
            group = "none"
        else:
            group = "other"
        referral.primary_need = self.primary_needs[group].pick(self.rng)
        referral.primary_need_on = on

    def _allocation_oversight(
        self,
        referral: ReferralPlan,
        allocated_at: datetime,
        worker: int,
        team: TeamStaff,
        *,
        direct: bool,
    ) -> None:
        """The manager's record of the allocation, with a direction to see the child that is
        done when the child is seen."""
        child = referral.child
        recorded_at = allocated_at + timedelta(minutes=self.rng.randint(2, 40))
        plan = OversightPlan(
            kind=Oversight.Kind.OVERSIGHT,
            recorded_at=recorded_at,
            recorded_by=team.manager,
            discussion=self._text(phrases.ALLOCATION_DISCUSSION, child, worker=self._name(worker)),
        )
        assessment = referral.assessment
        if direct and assessment is not None:
            recorded_on = self._local_day(recorded_at)
            plan.direction = self._text(phrases.ALLOCATION_DIRECTION, child)
            plan.direction_for = worker
            plan.due_on = max(referral.child_seen_due_on, self.wd.add(recorded_on, 1))
            plan.completed_at = self._moment(max(assessment.seen_on, recorded_on), recorded_at)
            plan.completion_note = self._text(phrases.DIRECTION_DONE, child)
        referral.oversight.append(plan)

    def _plan_cin(self, referral: ReferralPlan, start: date) -> None:
        rng, wd = self.rng, self.wd
        child = referral.child
        referral.long = True
        team = referral.team
        assert team is not None
        end = wd.add(start, rng.randint(60, 260))
        if team.support and rng.random() < FAMILY_SUPPORT_SHARE:
            moved_on = wd.add(start, rng.randint(0, 10))
            referral.allocations.append(
                (self._moment(moved_on), rng.choice(team.support), team.manager, "")
            )
        plan = CinPlanPlan(start, started_by=referral.worker_on(start))
        due = wd.due(start, "cin_plan_review_working_days")
        previous = start
        while True:
            shift = rng.choice((-5, -3, -2, -1, 0, 0, 0, 1, 2)) if rng.random() < 0.9 else 8
            reviewed = max(
                wd.add(previous, 1), wd.add(due, shift) if shift >= 0 else wd.back(due, -shift)
            )
            if reviewed >= end:
                break
            by = referral.worker_on(reviewed)
            plan.reviews.append((reviewed, by, self._text(phrases.CIN_REVIEW_NOTES, child)))
            due = wd.due(reviewed, "cin_plan_review_working_days")
            previous = reviewed
        referral.cin_plan = plan
        referral.closed_on = end
        referral.closure_reason = (
            ClosureReason.RC5 if rng.random() < TRANSFER_SHARE else ClosureReason.RC7
        )
        self._supervision(referral, start, end)

    def _supervision(self, referral: ReferralPlan, since: date, until: date) -> None:
        """Supervision of a long episode every six to nine weeks, most with a direction; a
        direction still open at closure is done then."""
        rng, wd = self.rng, self.wd
        team = referral.team
        assert team is not None
        child = referral.child
        day = wd.add(since, rng.randint(10, 25))
        while day < until:
            recorded_at = self._moment(day)
            plan = OversightPlan(
                kind=Oversight.Kind.SUPERVISION,
                recorded_at=recorded_at,
                recorded_by=team.manager,
                discussion=self._text(phrases.SUPERVISION_DISCUSSION, child),
            )
            if rng.random() < 0.65:
                worker = referral.worker_on(day)
                plan.direction = self._text(phrases.SUPERVISION_DIRECTIONS, child)
                plan.direction_for = worker
                plan.due_on = wd.add(day, rng.randint(5, 15))
                roll = rng.random()
                if roll < 0.85:
                    done = wd.add(
                        day, rng.randint(1, wd.cal.working_days_between(day, plan.due_on))
                    )
                elif roll < 0.95:
                    done = wd.add(plan.due_on, rng.randint(1, 10))
                else:
                    done = until
                plan.completed_at = self._moment(min(done, until), recorded_at)
                plan.completion_note = self._text(phrases.DIRECTION_DONE, child)
            referral.oversight.append(plan)
            day = wd.add(day, rng.randint(30, 45))

    # --- Early help ------------------------------------------------------------------------

    def _early_help_from(self, link: Link) -> None:
        child = self.children[link.person]
        day = self._local_day(link.settled_at)
        # A child open to social work already has a worker: the early help decision is
        # passed to them rather than opening a second piece of work (see the report).
        if child.open_referral(day) is not None or child.open_early_help(day) is not None:
            return
        self._open_early_help(
            child, day, opened_by=link.actor, origin=link.contact_child, stepped_down_from=None
        )

    def _open_early_help(
        self,
        child: ChildRecord,
        day: date,
        *,
        opened_by: int,
        origin: int | None,
        stepped_down_from: ReferralPlan | None,
    ) -> EarlyHelpPlan:
        episode = EarlyHelpPlan(
            child=child,
            opened_on=day,
            opened_by=opened_by,
            origin=origin,
            stepped_down_from=stepped_down_from,
            allocation_due_on=self.wd.due(day, "early_help_allocation_working_days"),
            assessment_due_on=self.wd.due(day, "early_help_assessment_working_days"),
        )
        child.early_help.append(episode)
        self.episodes.append(episode)
        self._plan_early_help(episode)
        return episode

    def _plan_early_help(self, episode: EarlyHelpPlan) -> None:
        rng, wd = self.rng, self.wd
        child = episode.child
        delay = rng.randint(0, 3) if rng.random() < 0.85 else rng.randint(4, 9)
        assigned = wd.add(episode.opened_on, delay)
        episode.assigned_on = assigned
        if rng.random() < LEAD_ORGANISATION_SHARE:
            episode.lead_organisation = self._text(phrases.LEAD_ORGANISATIONS, child)
            episode.consent, episode.consent_on = EarlyHelpEpisode.Consent.GIVEN, assigned
            closed = wd.add(assigned, rng.randint(60, 200))
            self._close_early_help(episode, closed, self.lead_closures.pick(rng))
            return
        episode.advisor = rng.choice(self.advisors)
        consent_on = wd.add(assigned, rng.randint(0, 3))
        consent = self.consent.pick(rng)
        if consent == "refused":
            episode.consent, episode.consent_on = EarlyHelpEpisode.Consent.REFUSED, consent_on
            closed = wd.add(consent_on, rng.randint(0, 3))
            self._close_early_help(episode, closed, EarlyHelpClosure.CONSENT_WITHDRAWN)
            return
        if consent == "unreached":
            closed = wd.add(assigned, rng.randint(15, 25))
            self._close_early_help(episode, closed, EarlyHelpClosure.OTHER)
            return
        episode.consent, episode.consent_on = EarlyHelpEpisode.Consent.GIVEN, consent_on
        started = wd.add(consent_on, rng.randint(0, 5))
        episode.assessment_started_on = started
        if rng.random() < EARLY_CLOSURE_SHARE:
            reason = rng.choice(
                (
                    EarlyHelpClosure.CONSENT_WITHDRAWN,
                    EarlyHelpClosure.MOVED_AWAY,
                    EarlyHelpClosure.STEPPED_UP,
                )
            )
            self._close_early_help(episode, wd.add(started, rng.randint(3, 15)), reason)
            return
        if rng.random() < LATE_EARLY_HELP_ASSESSMENT_SHARE:
            completed = wd.add(episode.assessment_due_on, rng.randint(1, 15))
        else:
            completed = min(wd.add(started, rng.randint(8, 28)), episode.assessment_due_on)
        completed = max(completed, started)
        episode.assessment_completed_on = completed
        plan_on = wd.add(completed, rng.randint(0, 5))
        episode.plan_started_on = plan_on
        closed = wd.add(plan_on, rng.randint(60, 200))
        due = wd.due(plan_on, "early_help_review_working_days")
        previous = plan_on
        while True:
            shift = rng.choice((-3, -1, 0, 0, 0, 1, 2)) if rng.random() < 0.9 else 7
            reviewed = max(
                wd.add(previous, 1), wd.add(due, shift) if shift >= 0 else wd.back(due, -shift)
            )
            if reviewed >= closed:
                break
            episode.reviews.append(
                (reviewed, episode.advisor, self._text(phrases.EARLY_HELP_REVIEW_NOTES, child))
            )
            due = wd.due(reviewed, "early_help_review_working_days")
            previous = reviewed
        self._close_early_help(episode, closed, self.early_help_closures.pick(rng))

    def _close_early_help(self, episode: EarlyHelpPlan, closed: date, reason: str) -> None:
        episode.closed_on, episode.closure_reason = closed, reason
        if reason != EarlyHelpClosure.STEPPED_UP:
            return
        child = episode.child
        if closed > self.today or child.open_referral(closed) is not None:
            return  # not yet; or social work already open (the app would refuse a step up)
        by = episode.advisor or self.rng.choice(self.advisors)
        episode.step_up_by = by
        episode.step_up_reason = self._text(phrases.STEP_UP_REASONS, child)
        episode.step_up = self._open_referral(
            child,
            day=closed,
            opened_at=self._moment(closed),
            opened_by=by,
            source=ReferralSource.LA_EARLY_HELP,
            urgent=False,
            origin=None,
            origin_outcome=STEP_UP,
        )

    def _cut_early_help(self, episode: EarlyHelpPlan, link: Link, referral: ReferralPlan) -> None:
        """The child was referred through the front door: as the app does
        (`services.step_up_from_early_help`), early help closes as stepped up on the day the
        decision was made, with a step of its own, and nothing it had planned after that
        happens. The step's reason is the decision's, filled in when written (or the MASH
        enquiry's conclusion, as `safeguarding.mash.services.mash_conclude` words it)."""
        closed = max(link.decided_on, episode.opened_on)
        if episode.step_up is not None:
            self._cancel_referral(episode.step_up)
        episode.closed_on, episode.closure_reason = closed, EarlyHelpClosure.STEPPED_UP
        episode.step_up = referral
        episode.step_up_by = referral.opened_by
        episode.step_up_reason = link.reason
        episode.step_up_decision = None if link.reason else link.contact_child
        if episode.assigned_on is not None and episode.assigned_on > closed:
            episode.assigned_on, episode.advisor, episode.lead_organisation = None, None, ""
        if episode.consent_on is not None and episode.consent_on > closed:
            episode.consent_on, episode.consent = None, EarlyHelpEpisode.Consent.NOT_YET_ASKED
        for name in ("assessment_started_on", "assessment_completed_on", "plan_started_on"):
            value = getattr(episode, name)
            if value is not None and value > closed:
                setattr(episode, name, None)
        episode.reviews = [review for review in episode.reviews if review[0] <= closed]

    def _cancel_early_help(self, episode: EarlyHelpPlan) -> None:
        episode.cancelled = True
        if episode.step_up is not None and episode.step_up.origin is None:
            self._cancel_referral(episode.step_up)

    # --- What is waiting now ---------------------------------------------------------------

    def _leave_referrals_waiting(self) -> None:
        """A handful of recent Norwich referrals still waiting for a worker: each child's
        latest episode, with no early help since, and none that called for a strategy
        discussion. Risk reviews by the manager keep some in date; others have lapsed
        (overdue)."""
        rng, wd = self.rng, self.wd
        earliest = self.today - timedelta(days=WAITING_WITHIN_DAYS)
        candidates = []
        for referral in self.referrals:
            team = referral.team
            child = referral.child
            if (
                referral.cancelled
                or team is None
                or not team.norwich
                or referral.referral_date < earliest
                or referral.origin is None
                # A referral for a strategy discussion is allocated at once: the section 47
                # enquiry that may follow needs a worker (safeguarding.py).
                or referral.origin_outcome in REFERRAL_OUTCOMES_URGENT
                or child.referrals[-1] is not referral
                or any(
                    not e.cancelled
                    and e.opened_on >= referral.referral_date
                    and e.stepped_down_from is not referral
                    for e in child.early_help
                )
            ):
                continue
            candidates.append(referral)
        # Spread over the weeks, so that some have waited past their risk review; in a small
        # council, at most half of the recent referrals.
        candidates.sort(key=lambda r: r.referral_date)
        wanted = min(WAITING_REFERRALS, max(2, len(candidates) // 2))
        step = max(1, len(candidates) // wanted)
        for index, referral in enumerate(candidates[::step][:wanted]):
            team = referral.team
            assert team is not None
            if referral.step_down is not None:
                self._cancel_early_help(referral.step_down)
            referral.waiting = True
            referral.allocations = []
            referral.assessment = referral.cin_plan = referral.step_down = None
            referral.oversight = []
            referral.closed_on, referral.closure_reason = None, ""
            referral.primary_need, referral.primary_need_on = "", None
            referral.long = False
            # Reviewed every few working days by the manager; for some (always the oldest)
            # the reviews stopped a while ago, so the next one is overdue.
            lapsed = index == 0 or rng.random() < LAPSED_RISK_REVIEW_SHARE
            reviews = []
            due = wd.due(referral.referral_date, "risk_review_working_days")
            while due <= self.today:
                reviewed = max(wd.back(due, rng.choice((0, 0, 1, 2))), referral.referral_date)
                next_on = wd.due(reviewed, "risk_review_working_days")
                note = self._text(phrases.RISK_REVIEW_NOTES, referral.child)
                reviews.append((self._moment(reviewed), team.manager, note, next_on))
                due = next_on
            while lapsed and len(reviews) > 1 and reviews[-1][3] >= self.today:
                reviews.pop()
            referral.risk_reviews = reviews

    def _live(self) -> list[ReferralPlan]:
        """Referrals allocated by now that have an assessment planned."""
        return [
            r
            for r in self.referrals
            if not r.cancelled
            and not r.waiting
            and r.assessment is not None
            and r.allocations
            and r.allocations[0][0] <= self.now
        ]

    def _held_back(self, referrals: list[ReferralPlan], wanted: int) -> list[ReferralPlan]:
        """Up to `wanted` referrals whose assessment was authorised lately and whose outcome
        has not been acted on by today (or only by closing the child's latest episode),
        Norwich first, their authorisation moved to after today: open work, as it might as
        well have been."""
        today, wd = self.today, self.wd
        chosen: list[ReferralPlan] = []
        for window in (15, 40):
            fitting = [
                r
                for r in referrals
                if r not in chosen
                and r.assessment is not None
                and wd.back(today, window) <= r.assessment.authorised_on <= today
                and (r.cin_plan is None or r.cin_plan.start > today)
                and r.step_down is None
                and not any(o.recorded_at.date() <= today for o in r.oversight[1:])
                and (r.closed_on is None or r.closed_on > today or self._latest(r))
            ]
            fitting.sort(key=lambda r: (not (r.team and r.team.norwich), r.referral_date))
            chosen += fitting[: max(0, wanted - len(chosen))]
        for referral in chosen:
            assessment = referral.assessment
            assert assessment is not None
            assessment.authorised_on = wd.add(today, self.rng.randint(2, 8))
            assessment.submitted_at = self._moment(wd.add(today, 1))
            if referral.closed_on is not None and referral.closed_on <= assessment.authorised_on:
                referral.closed_on = wd.add(assessment.authorised_on, self.rng.randint(1, 5))
        return chosen

    @staticmethod
    def _latest(referral: ReferralPlan) -> bool:
        """The child's latest episode, with no early help since it opened."""
        child = referral.child
        return child.referrals[-1] is referral and not any(
            not e.cancelled and e.opened_on >= referral.referral_date for e in child.early_help
        )

    def _leave_assessments_submitted(self) -> None:
        """Norwich assessments waiting for the manager's authorisation: at least a couple,
        submitted in the last day."""
        today, now = self.today, self.now
        norwich = [r for r in self._live() if r.team is not None and r.team.norwich]

        def open_on_today(r: ReferralPlan, submitted: bool) -> bool:
            a = r.assessment
            return (
                a is not None
                and a.seen_on <= today < a.authorised_on
                and (a.submitted_at <= now) == submitted
            )

        waiting = [r for r in norwich if open_on_today(r, submitted=True)]
        wanted = SUBMITTED_ASSESSMENTS - len(waiting)
        if wanted <= 0:
            return
        chosen = [r for r in norwich if open_on_today(r, submitted=False)]
        chosen.sort(key=lambda r: r.referral_date)
        chosen = chosen[:wanted]
        chosen += self._held_back([r for r in norwich if r not in chosen], wanted - len(chosen))
        for referral in chosen:
            assessment = referral.assessment
            assert assessment is not None
            submitted_on = self.wd.back(today, self.rng.randint(0, 1))
            submitted_on = max(submitted_on, assessment.seen_on, assessment.started_on)
            assessment.submitted_at = self._moment(submitted_on)
            if submitted_on > assessment.due_on and not assessment.late_reason:
                assessment.late_reason = self._text(phrases.LATE_REASONS, referral.child)

    def _leave_assessments_overdue(self) -> None:
        """At least a couple of assessments still in progress past their due date."""
        today, now = self.today, self.now
        live = self._live()
        overdue = [
            r
            for r in live
            if r.assessment is not None
            and r.assessment.started_on <= today < r.assessment.authorised_on
            and r.assessment.due_on < today
            and r.assessment.submitted_at > now
        ]
        late = [r for r in live if r.assessment is not None and r.assessment.due_on < today]
        self._held_back(late, OVERDUE_ASSESSMENTS - len(overdue))

    def _leave_early_help_unassigned(self) -> None:
        """The early help queue: a few of the newest episodes still without an advisor or a
        lead organisation (their plans move on to after today)."""
        today, wd = self.today, self.wd
        recent = [
            e
            for e in self.episodes
            if not e.cancelled
            and e.origin is not None
            and e.opened_on >= wd.back(today, 4)
            and (e.closed_on is None or e.closed_on > today)
        ]
        waiting = sum(e.assigned_on is None or e.assigned_on > today for e in recent)
        for episode in reversed(recent):
            if waiting >= UNASSIGNED_EARLY_HELP:
                break
            if episode.assigned_on is None or episode.assigned_on > today:
                continue
            episode.assigned_on = wd.add(today, 1)
            if episode.consent_on is not None and episode.consent_on <= today:
                episode.consent_on = episode.assigned_on
            if episode.assessment_started_on is not None:
                episode.assessment_started_on = max(episode.assessment_started_on, wd.add(today, 2))
            waiting += 1

    # --- Rarer closures --------------------------------------------------------------------

    def _rare_closures(self) -> dict[int, date]:
        """Give the rarer closure reasons to long episodes that fit them: adoption (RC1) and
        death (RC2) and adult services (RC6) only for a child's last episode with no contact
        after it; death only where the child has no second record. Returns the deaths."""
        closed = [
            r
            for r in self.referrals
            if not r.cancelled and r.closed_on is not None and r.closed_on <= self.today
        ]
        long_closed = [r for r in closed if r.long and r.closure_reason == ClosureReason.RC7]
        deaths: dict[int, date] = {}
        for reason, share in RARE_CLOSURES.items():
            wanted = max(1, round(share * len(closed)))
            fitting = [r for r in long_closed if self._fits(r, reason)]
            for referral in self.rng.sample(fitting, min(wanted, len(fitting))):
                referral.closure_reason = reason
                long_closed.remove(referral)
                if reason == ClosureReason.RC2:
                    assert referral.closed_on is not None
                    deaths[referral.child.pk] = referral.closed_on
        return deaths

    def _fits(self, referral: ReferralPlan, reason: str) -> bool:
        child = referral.child
        closed = referral.closed_on
        assert closed is not None
        if child.born is None or child.born > referral.referral_date:
            return False
        age = age_on(child.born, closed)
        final = (
            child.referrals[-1] is referral
            and child.last_contact_on <= closed
            and not any(not e.cancelled and e.opened_on >= closed for e in child.early_help)
        )
        if reason == ClosureReason.RC2:
            return final and child.pk not in self.never_dies
        if reason == ClosureReason.RC1:
            return final and age < 10
        if reason == ClosureReason.RC6:
            return final and age >= 17
        return age < 16  # RC3, RC4: orders made for younger children

    # --- Writing ---------------------------------------------------------------------------

    def _write(self, deaths: dict[int, date]) -> CaseworkResult:
        now, today = self.now, self.today
        referrals = sorted(
            (r for r in self.referrals if not r.cancelled and r.opened_at <= now),
            key=lambda r: (r.referral_date, r.opened_at),
        )
        episodes = sorted(
            (e for e in self.episodes if not e.cancelled and e.opened_on <= today),
            key=lambda e: e.opened_on,
        )
        next_pk: dict[type[models.Model], int] = {
            model: _first_free_pk(model) for model in CASEWORK_MODELS
        }

        def take(model: type[models.Model]) -> int:
            pk = next_pk[model]
            next_pk[model] = pk + 1
            return pk

        for referral in referrals:
            referral.pk = take(Referral)
        for episode in episodes:
            episode.pk = take(EarlyHelpEpisode)

        self._decision_reasons(episodes)
        rows: dict[type[models.Model], list[tuple]] = {model: [] for model in CASEWORK_MODELS}
        history: dict[int, list[date]] = {}
        for referral in referrals:
            dates = history.setdefault(referral.child.pk, [])
            self._referral_rows(referral, dates, rows, take)
            dates.append(referral.referral_date)
        for episode in episodes:
            self._early_help_rows(episode, rows, take)

        for model in CASEWORK_MODELS:
            insert_values(model, ROW_NAMES[model], rows[model])
        if deaths:
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(Person._meta.db_table)
                cursor.executemany(
                    f"UPDATE {table} SET date_of_death = %s WHERE id = %s",
                    [(connection.ops.adapt_datefield_value(d), pk) for pk, d in deaths.items()],
                )
        counts = {model._meta.model_name or "": len(rows[model]) for model in CASEWORK_MODELS}
        return CaseworkResult(
            referrals=len(rows[Referral]),
            early_help=len(rows[EarlyHelpEpisode]),
            assessments=len(rows[Assessment]),
            cin_plans=len(rows[CinPlan]),
            steps=len(rows[Step]),
            oversight=len(rows[Oversight]),
            counts=counts,
        )

    @staticmethod
    def _decision_reasons(episodes: Sequence[EarlyHelpPlan]) -> None:
        """The reason of a step up through the front door, in the app's words: the decision,
        the contact and the rationale."""
        wanted = {e.step_up_decision: e for e in episodes if e.step_up_decision is not None}
        decisions = Decision.objects.filter(contact_child_id__in=list(wanted)).values_list(
            "contact_child_id", "outcome", "rationale", "contact_child__contact_id"
        )
        labels = dict(Outcome.choices)
        for contact_child, outcome, rationale, contact in decisions.iterator():
            wanted[
                contact_child
            ].step_up_reason = f"{labels[outcome]} decided on contact C{contact:06d}: {rationale}"

    def _referral_rows(
        self,
        referral: ReferralPlan,
        earlier: list[date],
        rows: dict[type[models.Model], list[tuple]],
        take: Any,
    ) -> None:
        now, today = self.now, self.today
        day = referral.referral_date
        child = referral.child
        # Re-referral as the app decides it (services._is_re_referral): another referral of
        # this child in the 365 days up to this one's date.
        re_referral = any(day - timedelta(days=RE_REFERRAL_DAYS) <= d <= day for d in earlier)
        allocations = [a for a in referral.allocations if a[0] <= now]
        worker = allocations[-1][1] if allocations else None
        closed = referral.closed_on if referral.closed_on and referral.closed_on <= today else None
        reviews = [review for review in referral.risk_reviews if review[0] <= now]
        risk_review_due = None
        if closed is None and worker is None:
            risk_review_due = (
                reviews[-1][3] if reviews else self.wd.due(day, "risk_review_working_days")
            )
        need_set = referral.primary_need_on is not None and referral.primary_need_on <= today
        team = referral.team
        rows[Referral].append(
            (
                referral.pk,
                child.pk,
                referral.origin,
                day,
                referral.source,
                re_referral,
                referral.primary_need if need_set else "",
                team.pk if team else None,
                worker,
                allocations[-1][0] if allocations else None,
                referral.allocation_due_on,
                risk_review_due,
                referral.child_seen_due_on,
                closed,
                referral.closure_reason if closed else "",
                referral.opened_by,
            )
        )
        if referral.origin is not None:
            rows[ReferralContact].append(
                (take(ReferralContact), referral.pk, referral.origin, referral.opened_at)
            )
        for contact_child, at in referral.joined:
            rows[ReferralContact].append((take(ReferralContact), referral.pk, contact_child, at))
        reason = (
            f"By postcode district {referral.district}"
            if team
            else f"No locality team covers {referral.district}: choose one"
        )
        rows[Allocation].append(
            (
                take(Allocation),
                referral.pk,
                team.pk if team else None,
                None,
                reason,
                referral.opened_by,
                referral.opened_at,
            )
        )
        for index, (at, who, by, _) in enumerate(allocations):
            note = phrases.REALLOCATION_REASON if index else ""
            rows[Allocation].append(
                (take(Allocation), referral.pk, team.pk if team else None, who, note, by, at)
            )
        for at, by, note, next_on in reviews:
            rows[RiskReview].append((take(RiskReview), referral.pk, by, at, note, next_on))
        if allocations:
            self._assessment_rows(referral, rows, take)
            self._plan_rows(referral, closed, rows, take)
            for plan in referral.oversight:
                if plan.recorded_at > now:
                    continue
                done = plan.completed_at is not None and plan.completed_at <= now
                rows[Oversight].append(
                    (
                        take(Oversight),
                        child.pk,
                        referral.pk,
                        None,
                        plan.kind,
                        plan.discussion,
                        plan.direction,
                        plan.direction_for,
                        plan.due_on,
                        plan.completed_at if done else None,
                        plan.direction_for if done else None,
                        plan.completion_note if done else "",
                        plan.recorded_by,
                        plan.recorded_at,
                    )
                )
        episode = referral.step_down
        if episode is not None and closed is not None and episode.pk:
            rows[Step].append(
                (
                    take(Step),
                    child.pk,
                    Step.Direction.DOWN,
                    referral.pk,
                    episode.pk,
                    closed,
                    referral.step_down_reason,
                    referral.step_down_by,
                    self._moment(closed),
                )
            )

    def _assessment_rows(
        self, referral: ReferralPlan, rows: dict[type[models.Model], list[tuple]], take: Any
    ) -> None:
        assessment = referral.assessment
        today, now = self.today, self.now
        if assessment is None or assessment.started_on > today:
            return
        authorised = assessment.authorised_on <= today
        submitted = authorised or assessment.submitted_at <= now
        seen = assessment.seen_on <= today
        if authorised:
            status = Assessment.Status.AUTHORISED
        elif submitted:
            status = Assessment.Status.SUBMITTED
        else:
            status = Assessment.Status.IN_PROGRESS
        done = submitted  # everything is written by the time it is submitted
        rows[Assessment].append(
            (
                take(Assessment),
                referral.pk,
                status,
                assessment.started_on,
                assessment.due_on,
                assessment.worker,
                assessment.seen_on if seen else None,
                assessment.seen_alone if seen else None,
                assessment.child_views if seen else "",
                assessment.culture_identity if done else "",
                assessment.factors if done else [],
                assessment.analysis if done else "",
                assessment.outcome if done else "",
                assessment.requires_support if done else None,
                assessment.late_reason if done else "",
                assessment.worker if done else None,
                assessment.submitted_at if done else None,
                assessment.authorised_by if authorised else None,
                assessment.authorised_on if authorised else None,
                assessment.manager_comment if authorised else "",
            )
        )

    def _plan_rows(
        self,
        referral: ReferralPlan,
        closed: date | None,
        rows: dict[type[models.Model], list[tuple]],
        take: Any,
    ) -> None:
        plan = referral.cin_plan
        today = self.today
        if plan is None or plan.start > today:
            return
        pk = take(CinPlan)
        reviews = [review for review in plan.reviews if review[0] <= today]
        last = reviews[-1][0] if reviews else plan.start
        next_review = None if closed else self.wd.due(last, "cin_plan_review_working_days")
        rows[CinPlan].append((pk, referral.pk, plan.start, closed, next_review, plan.started_by))
        for reviewed, by, note in reviews:
            next_on = self.wd.due(reviewed, "cin_plan_review_working_days")
            rows[PlanReview].append(
                (take(PlanReview), pk, None, reviewed, note, next_on, by, self._moment(reviewed))
            )

    def _early_help_rows(
        self, episode: EarlyHelpPlan, rows: dict[type[models.Model], list[tuple]], take: Any
    ) -> None:
        today = self.today

        def happened(day: date | None) -> date | None:
            return day if day is not None and day <= today else None

        assigned = happened(episode.assigned_on) is not None
        closed = happened(episode.closed_on)
        plan_on = happened(episode.plan_started_on)
        reviews = [review for review in episode.reviews if review[0] <= today]
        next_review = None
        if plan_on is not None and closed is None:
            last = reviews[-1][0] if reviews else plan_on
            next_review = self.wd.due(last, "early_help_review_working_days")
        consent = episode.consent if happened(episode.consent_on) else "not_yet_asked"
        source = episode.stepped_down_from
        rows[EarlyHelpEpisode].append(
            (
                episode.pk,
                episode.child.pk,
                episode.origin,
                source.pk if source is not None and source.pk else None,
                episode.opened_on,
                episode.advisor if assigned else None,
                episode.lead_organisation if assigned else "",
                episode.allocation_due_on,
                consent,
                happened(episode.assessment_started_on),
                happened(episode.assessment_completed_on),
                episode.assessment_due_on,
                plan_on,
                next_review,
                closed,
                episode.closure_reason if closed else "",
                episode.opened_by,
            )
        )
        for reviewed, by, note in reviews:
            next_on = self.wd.due(reviewed, "early_help_review_working_days")
            rows[PlanReview].append(
                (
                    take(PlanReview),
                    None,
                    episode.pk,
                    reviewed,
                    note,
                    next_on,
                    by,
                    self._moment(reviewed),
                )
            )
        referral = episode.step_up
        if referral is not None and closed is not None and referral.pk:
            rows[Step].append(
                (
                    take(Step),
                    episode.child.pk,
                    Step.Direction.UP,
                    referral.pk,
                    episode.pk,
                    closed,
                    episode.step_up_reason,
                    episode.step_up_by,
                    self._moment(closed),
                )
            )


# The fields of each row tuple, primary key first (see insert_values).
ROW_NAMES: dict[type[models.Model], tuple[str, ...]] = {
    Referral: (
        "id",
        "person",
        "origin",
        "referral_date",
        "source",
        "is_re_referral",
        "primary_need",
        "team",
        "worker",
        "allocated_at",
        "allocation_due_on",
        "risk_review_due_on",
        "child_seen_due_on",
        "closed_on",
        "closure_reason",
        "opened_by",
    ),
    ReferralContact: ("id", "referral", "contact_child", "attached_at"),
    Allocation: ("id", "referral", "team", "worker", "reason", "allocated_by", "allocated_at"),
    RiskReview: ("id", "referral", "reviewed_by", "reviewed_at", "note", "next_review_on"),
    Assessment: (
        "id",
        "referral",
        "status",
        "started_on",
        "due_on",
        "worker",
        "child_seen_on",
        "child_seen_alone",
        "child_views",
        "culture_identity",
        "factors",
        "analysis",
        "outcome",
        "requires_support",
        "late_reason",
        "submitted_by",
        "submitted_at",
        "authorised_by",
        "authorised_on",
        "manager_comment",
    ),
    CinPlan: ("id", "referral", "start_date", "end_date", "next_review_on", "started_by"),
    PlanReview: (
        "id",
        "cin_plan",
        "early_help",
        "reviewed_on",
        "note",
        "next_review_on",
        "recorded_by",
        "recorded_at",
    ),
    EarlyHelpEpisode: (
        "id",
        "person",
        "origin",
        "stepped_down_from",
        "opened_on",
        "advisor",
        "lead_organisation",
        "allocation_due_on",
        "consent",
        "assessment_started_on",
        "assessment_completed_on",
        "assessment_due_on",
        "plan_started_on",
        "next_review_on",
        "closed_on",
        "closure_reason",
        "opened_by",
    ),
    Step: (
        "id",
        "person",
        "direction",
        "referral",
        "early_help",
        "stepped_on",
        "reason",
        "recorded_by",
        "recorded_at",
    ),
    Oversight: (
        "id",
        "person",
        "referral",
        "early_help",
        "kind",
        "discussion",
        "direction",
        "direction_for",
        "direction_due_on",
        "completed_at",
        "completed_by",
        "completion_note",
        "recorded_by",
        "recorded_at",
    ),
}


def _raw_rows(query: models.QuerySet) -> Iterator[tuple[Any, ...]]:
    """The rows of a values_list query as the database driver gives them, without Django's
    per-value converters (a second or so at 60,000 rows): see the _as_* helpers."""
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            yield from rows


def _as_datetime(value: Any) -> Any:
    """SQLite gives times naive, in UTC (or as text); PostgreSQL gives them aware."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def _as_date(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = json.loads(value)
    return list(value or ())


def _first_free_pk(model: type[models.Model]) -> int:
    return (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
