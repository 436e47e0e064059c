"""Synthetic safeguarding: MASH enquiries, strategy discussions, section 47 enquiries, child
protection conferences and plans, and immediate protection, up to now.

A third pass, in three steps around the casework pass (generator.py runs them in order):

1. `plan_mash`, before casework plans: every settled "MASH enquiry" decision opens an
   enquiry, as the app's `mash_from_decision` does (a child with an enquiry open keeps that
   one). Each enquiry's life is planned whole: rated amber when opened and re-rated by some,
   consent, checks to the partner agencies (answered by a partner of that agency, or by MASH
   staff on behalf of an agency without demo users; most in time, some late and chased, some
   "nothing known", a few never answered), and a conclusion. The conclusions that start
   casework (a referral outcome, or early help) go to casework as `MashConclusion`s, so that
   casework opens the referral dated when the contact came in, or early help, as
   `mash_conclude` does. The newest enquiries, and a couple opened a week or two ago with
   overdue checks, are still open: the MASH list.
2. `plan_child_protection`, after casework has planned every episode and before it writes
   them: a strategy discussion for each referral a "strategy discussion" or "immediate
   protection" decision (or MASH conclusion) opened or joined, held within about a working
   day, the brothers and sisters on one contact at one discussion; and one for each referral
   whose assessment found cause for a section 47 enquiry, held when it is authorised. Each
   child's section 47 decision follows from what casework planned for the episode: a child
   protection plan where casework planned a long episode after "section 47", a child in need
   plan or no further action otherwise. The volumes follow the seed review: after go-live
   far fewer discussions (fewer decisions call for one) but most of them start a section 47
   enquiry, where before many did not. Immediate protection (police protection or an
   emergency protection order) for most "immediate protection" decisions.
3. `write`, after casework writes (its referrals have their keys): everything as it stands
   at `now`, with one multi-row INSERT per model (shared.insert_values).

The rules the services keep hold throughout: due times from the rating's working hours, a
reason for every rating change and for checks without consent, answers only by the agency
asked, local authority, police and health at every discussion or a reason why not, a
rationale for every child's section 47 decision, a section 47 enquiry started on the day of
the discussion with its conference due 15 working days later, conferences and reviews on
working days, a plan starting on the day of its conference, `previous_plans` the child's
earlier plans.
And the CIN census's: every section 47 enquiry, conference and plan inside the child's
referral (a closed referral's ended by its closure), and no RC8 or RC9 closure on an episode
with a section 47 enquiry or a plan (casework's RC8 becomes RC7 where an enquiry started;
episodes stepped down to early help, RC9, never start one).
"""

from __future__ import annotations

import calendar as month_calendar
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import models

from frontdoor.accounts.models import Role
from frontdoor.contacts.models import REFERRAL_OUTCOMES, ContactChild, Decision, Outcome
from frontdoor.core.codes import ClosureReason
from frontdoor.core.working_days import WorkingCalendar
from frontdoor.safeguarding.models import (
    AbuseCategory,
    AgencyCheck,
    CheckAgency,
    Conference,
    ConferenceOutcome,
    CpPlan,
    CpReview,
    CpVisit,
    ExpectedAgency,
    ImmediateProtection,
    MashConsent,
    MashEnquiry,
    ProtectionKind,
    Rag,
    RagChange,
    Section47,
    Section47Outcome,
    StrategyAction,
    StrategyAttendance,
    StrategyChild,
    StrategyDiscussion,
    answering_agency,
)

from . import phrases
from .casework import (
    NFA,
    NO_FACTORS,
    SECTION_47,
    SEEN_ALONE_SHARE,
    STEP_DOWN,
    TOWN_BY_DISTRICT,
    CaseworkGenerator,
    ChildRecord,
    Link,
    MashConclusion,
    ReferralPlan,
    WorkingDays,
    _as_date,
    _as_datetime,
    _first_free_pk,
    _raw_rows,
)
from .shared import Weighted, age_on, insert_values, pronouns

# The models written here, each after the ones it refers to.
SAFEGUARDING_MODELS: tuple[type[models.Model], ...] = (
    MashEnquiry,
    RagChange,
    AgencyCheck,
    StrategyDiscussion,
    StrategyAttendance,
    StrategyChild,
    StrategyAction,
    Section47,
    Conference,
    CpPlan,
    CpReview,
    CpVisit,
    ImmediateProtection,
)

URGENT = frozenset({Outcome.STRATEGY_DISCUSSION, Outcome.IMMEDIATE_PROTECTION})
CASEWORK_OUTCOMES = frozenset({*REFERRAL_OUTCOMES, Outcome.EARLY_HELP})

# --- MASH enquiries ---------------------------------------------------------------------------
# Opened amber (as the app does); some re-rated minutes later.
RERATED = {Rag.RED: 0.25, Rag.GREEN: 0.1}
MASH_CONSENT = {MashConsent.OBTAINED: 82, MashConsent.NOT_SOUGHT: 13, MashConsent.REFUSED: 5}
# Each check's fate: answered in time, answered late (most of those chased first), never.
CHECK_FATES = {"in_time": 78, "late": 18, "never": 4}
CHASED_SHARE = 0.7  # of late answers, chased first
CHASED_TWICE_SHARE = 0.25
NOTHING_KNOWN_SHARE: dict[str, float] = {CheckAgency.POLICE: 0.3, CheckAgency.EDUCATION: 0.15}
NOTHING_KNOWN_OTHERWISE = 0.35
# The enquiry's outcome by (after go-live, final rating): mostly advice, early help or a
# social work assessment; red ones more often a strategy discussion, less so after go-live.
MASH_OUTCOMES: dict[tuple[bool, str], dict[str, float]] = {
    (False, Rag.RED): {
        Outcome.STRATEGY_DISCUSSION: 26,
        Outcome.IMMEDIATE_PROTECTION: 3,
        Outcome.SOCIAL_WORK_ASSESSMENT: 35,
        Outcome.EARLY_HELP: 13,
        Outcome.ADVICE: 11,
        Outcome.UNIVERSAL: 4,
    },
    (False, Rag.AMBER): {
        Outcome.STRATEGY_DISCUSSION: 7,
        Outcome.IMMEDIATE_PROTECTION: 0.5,
        Outcome.SOCIAL_WORK_ASSESSMENT: 32,
        Outcome.EARLY_HELP: 28,
        Outcome.ADVICE: 22,
        Outcome.UNIVERSAL: 7.5,
    },
    (False, Rag.GREEN): {
        Outcome.STRATEGY_DISCUSSION: 2,
        Outcome.SOCIAL_WORK_ASSESSMENT: 15,
        Outcome.EARLY_HELP: 38,
        Outcome.ADVICE: 33,
        Outcome.UNIVERSAL: 12,
    },
    (True, Rag.RED): {
        Outcome.STRATEGY_DISCUSSION: 26,
        Outcome.IMMEDIATE_PROTECTION: 2,
        Outcome.SOCIAL_WORK_ASSESSMENT: 38,
        Outcome.EARLY_HELP: 22,
        Outcome.ADVICE: 16,
        Outcome.UNIVERSAL: 6,
    },
    (True, Rag.AMBER): {
        Outcome.STRATEGY_DISCUSSION: 8,
        Outcome.IMMEDIATE_PROTECTION: 0.3,
        Outcome.SOCIAL_WORK_ASSESSMENT: 25,
        Outcome.EARLY_HELP: 35,
        Outcome.ADVICE: 27,
        Outcome.UNIVERSAL: 8.7,
    },
    (True, Rag.GREEN): {
        Outcome.STRATEGY_DISCUSSION: 1,
        Outcome.SOCIAL_WORK_ASSESSMENT: 10,
        Outcome.EARLY_HELP: 40,
        Outcome.ADVICE: 36,
        Outcome.UNIVERSAL: 13,
    },
}
OPEN_NEWEST = 3  # the newest enquiries, still open now
OPEN_OVERDUE = 2  # and a couple opened OPEN_OVERDUE_DAYS working days ago, checks overdue
OPEN_OVERDUE_DAYS = (4, 10)

# --- Strategy discussions ---------------------------------------------------------------------
# Working hours from the decision (or the MASH conclusion) to the discussion: usually the
# same working day, some the next, a few later (the clock is one working day).
DISCUSSION_HOURS = {(0.3, 6.0): 80, (6.0, 12.0): 15, (12.0, 24.0): 5}
PROTECTION_DISCUSSION_HOURS = (0.1, 3.0)
POLICE_ATTEND_SHARE = 0.95
HEALTH_ATTEND_SHARE = 0.8
EDUCATION_ATTEND_SHARE = 0.45  # where a child is of school age
OTHER_AGENCY_ATTEND_SHARE = 0.06
SAFETY_PLAN_SHARE = 0.6
LEGAL_ADVICE_SHARE = 0.08
ACTIONS = {1: 30, 2: 45, 3: 25}
ACTION_FATES = {"in_time": 88, "late": 12}
OPEN_ACTIONS_NEWEST = 2  # the newest discussions' last action not done yet
OPEN_ACTIONS_OVERDUE = 2  # nor of a couple held OPEN_ACTIONS_DAYS working days ago (overdue)
OPEN_ACTIONS_DAYS = (5, 15)

# What casework planned for the episode, as the section 47 decision sees it:
#   cp         assessment "section 47" and a long episode: a child protection plan
#   cin_branch assessment "section 47" and then a child in need plan
#   cin_plan, nfa, other   the assessment's outcome
#   no_factors assessment "no further action" with no factors found ("21")
#   step_down  closed RC9 to early help: the discussion found no cause for a section 47
#   none       closed before an assessment (moved away, or the need was met)
#   pending    not allocated yet
# The share of children whose discussion starts a section 47 enquiry, by (after go-live):
# before go-live many discussions went no further; after it, most do (the seed review:
# 62% fewer discussions but only 18% fewer section 47 enquiries).
SECTION_47_SHARE: dict[bool, dict[str, float]] = {
    False: {
        "cp": 1.0,
        "cin_branch": 1.0,
        "cin_plan": 0.12,
        "nfa": 0.05,
        "other": 0.15,
        "none": 0.1,
        "pending": 0.4,
    },
    True: {
        "cp": 1.0,
        "cin_branch": 1.0,
        "cin_plan": 0.95,
        "nfa": 0.7,
        "other": 0.9,
        "none": 0.6,
        "pending": 0.9,
    },
}
PROTECTED_SECTION_47_SHARE = 0.9  # at least, for a child in immediate protection
# The section 47 enquiry's course, by what casework planned. "icpc_*" is an initial
# conference with that outcome.
SECTION_47_ROUTES: dict[str, dict[str, float]] = {
    "cp": {"icpc_cp_plan": 85, "legal": 15},
    "cin_branch": {"icpc_cin_plan": 10, "cin_plan": 55, "continue_assessment": 20, "nfa": 15},
    "cin_plan": {
        "cin_plan": 45,
        "continue_assessment": 25,
        "nfa": 20,
        "icpc_cin_plan": 7,
        "icpc_nfa": 3,
    },
    "nfa": {"nfa": 75, "continue_assessment": 15, "other_agency": 10},
    "other": {"other_agency": 45, "legal": 25, "nfa": 30},
    "none": {"nfa": 60, "other_agency": 40},
}
ALREADY = "already"  # the route of a child already discussed in the episode: no new enquiry
LATE_CONFERENCE_SHARE = 0.15  # held after its 15 working days
# Plans ended at an early review conference, then the worries return later in the episode:
# another discussion, section 47 enquiry and conference, and a second plan.
SECOND_PLAN_SHARE = 0.25
SECOND_PLAN_AFTER = (20, 60)  # working days from the end of the first to the discussion
CATEGORIES = {
    AbuseCategory.NEG: 46,
    AbuseCategory.EMO: 36,
    AbuseCategory.PHY: 8,
    AbuseCategory.SAB: 4,
    AbuseCategory.MUL: 6,
}
CATEGORY_CHANGE_SHARE = 0.12  # at a review conference
REVIEW_TIMING = {"on_time": 80, "early": 10, "late": 10}
VISIT_GAPS = {(4, 10): 88, (11, 16): 12}  # working days between statutory visits
CHILD_SEEN_SHARE = 0.93
# Immediate protection: most "immediate protection" decisions, mostly police protection.
PROTECTION_SHARE = 0.75
EPO_SHARE = 0.2


@dataclass(eq=False, slots=True)
class CheckPlan:
    agency: str
    other_agency: str
    question: str
    requested_at: datetime
    due_at: datetime
    answered_at: datetime | None
    answer: str
    nothing_known: bool
    answered_by: int | None
    chases: list[datetime] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class EnquiryPlan:
    pk: int
    person: int
    origin: int  # the contact child whose decision opened it
    words: dict[str, str]
    band: str
    opened_at: datetime
    opened_by: int
    # (from, to, reason, by, at): the rating when opened, and any change.
    ratings: list[tuple[str, str, str, int, datetime]]
    due_at: datetime
    consent: str
    consent_reason: str
    consent_at: datetime
    checks: list[CheckPlan]
    outcome: str
    rationale: str
    concluded_by: int
    concluded_at: datetime | None  # None: still open

    @property
    def rag(self) -> str:
        return self.ratings[-1][1]

    @property
    def reference(self) -> str:
        return f"M{self.pk:06d}"


@dataclass(eq=False, slots=True)
class CpPlanPlan:
    start: date
    category: str
    started_by: int
    reviews: list[tuple[date, str, str, int]]  # held on, category, note, recorded by
    visits: list[tuple[date, bool, bool, str, int]]  # on, seen, seen alone, note, by
    next_review_on: date  # when open now
    next_visit_on: date
    end: date | None
    end_reason: str = ""
    previous_plans: int = 0


@dataclass(eq=False, slots=True)
class ChildPlan:
    """One child at a discussion: the section 47 decision and what followed."""

    referral: ReferralPlan
    start: bool
    rationale: str
    outcome: str = ""
    outcome_on: date | None = None
    outcome_by: int | None = None
    conference_on: date | None = None
    conference_outcome: str = ""
    conference_by: int = 0
    conference_at: datetime | None = None
    conference_chair: str = ""
    plan: CpPlanPlan | None = None
    escalated_on: date | None = None  # the day of another discussion, after the plan ended


@dataclass(eq=False, slots=True)
class DiscussionPlan:
    held_at: datetime
    chair: int
    enquiry: int | None
    recorded_by: int
    recorded_at: datetime
    information_shared: str
    interim_safety_plan: str
    legal_advice_needed: bool
    next_steps: str
    attendance: list[tuple[str, str, str, bool, str]]  # agency, name, role, came, why not
    children: list[ChildPlan]
    # (owner, action, due on, done at, note)
    actions: list[tuple[int, str, date, datetime | None, str]] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class ProtectionPlan:
    person: int
    kind: str
    started_at: datetime
    authority: str
    note: str
    recorded_by: int
    recorded_at: datetime


@dataclass
class SafeguardingResult:
    enquiries: int = 0
    discussions: int = 0
    section47s: int = 0
    cp_plans: int = 0
    counts: dict[str, int] = field(default_factory=dict)


class SafeguardingGenerator:
    def __init__(
        self,
        *,
        seed: int,
        go_live: date,
        now: datetime,
        users: Mapping[str, Any],
        cal: WorkingCalendar,
    ) -> None:
        self.rng = random.Random(f"safeguarding-{seed}")
        self.go_live = go_live
        self.now = now
        self.cal = cal
        self.tz = cal.tz
        self.today = now.astimezone(self.tz).date()
        self.users = users
        self.users_by_pk = {user.pk: user for user in users.values()}
        self.csws = [user.pk for user in users.values() if user.role == Role.CSW]
        self.mash_manager = users["mashmanager"].pk
        self.cads_manager = users["manager"].pk
        self.mash_staff = [*self.csws, self.mash_manager]
        # Who answers a check to each partner agency: its demo partner.
        self.partners = {
            user.agency: user.pk
            for user in sorted(users.values(), key=lambda u: u.pk)
            if user.role == Role.MASH_PARTNER and user.agency
        }
        self.rag_hours = settings.FRONTDOOR_MASH_RAG_HOURS
        self.consent = Weighted(MASH_CONSENT)
        self.check_fates = Weighted(CHECK_FATES)
        self.mash_outcomes = {key: Weighted(w) for key, w in MASH_OUTCOMES.items()}
        self.discussion_hours = Weighted(DISCUSSION_HOURS)
        self.action_count = Weighted(ACTIONS)
        self.action_fates = Weighted(ACTION_FATES)
        self.routes = {key: Weighted(w) for key, w in SECTION_47_ROUTES.items()}
        self.categories = Weighted(CATEGORIES)
        self.review_timing = Weighted(REVIEW_TIMING)
        self.visit_gaps = Weighted(VISIT_GAPS)
        self.enquiries: list[EnquiryPlan] = []
        self.enquiry_of: dict[int, EnquiryPlan] = {}  # by the contact child that opened it
        self.discussions: list[DiscussionPlan] = []
        self.protection: list[ProtectionPlan] = []
        self.protected: set[int] = set()  # children in immediate protection
        self.wd: WorkingDays | None = None
        self.casework: CaseworkGenerator | None = None

    # --- Helpers ---------------------------------------------------------------------------

    def _local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def _moment(self, day: date, earliest: datetime | None = None) -> datetime:
        """A time in working hours on `day`, after `earliest` if given; today, not after now
        (casework's `_moment`)."""
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

    def _hours(self, start: datetime, low: float, high: float) -> datetime:
        return self.cal.add_working_hours(start, self.rng.uniform(low, high))

    def _text(self, options: Sequence[str], words: Mapping[str, str], **extra: str) -> str:
        text = self.rng.choice(options)
        return text.format_map({**words, **extra} if extra else words)

    def _name(self, user_pk: int) -> str:
        user = self.users_by_pk.get(user_pk)
        return user.get_full_name() if user is not None else ""

    # --- 1. MASH enquiries, before casework ------------------------------------------------

    def plan_mash(self) -> dict[int, MashConclusion]:
        """Plan an enquiry for every settled "MASH enquiry" decision; return the conclusions
        by now that start casework, by the contact child, for casework to read."""
        settled = [Decision.Status.FINAL, Decision.Status.AUTHORISED]
        query = (
            ContactChild.objects.filter(
                decision__status__in=settled, decision__outcome=Outcome.MASH_ENQUIRY
            )
            .order_by("decision__decided_at", "pk")
            .values_list(
                "pk",
                "contact__received_at",
                "person_id",
                "person__first_name",
                "person__sex",
                "person__date_of_birth",
                "person__postcode",
                "decision__status",
                "decision__decided_at",
                "decision__decided_by_id",
                "decision__authorised_at",
                "decision__authorised_by_id",
            )
        )
        next_pk = _first_free_pk(MashEnquiry)
        busy_until: dict[int, datetime | None] = {}  # each child's enquiry: open until
        for (
            pk,
            received_at,
            person,
            first_name,
            sex,
            born,
            postcode,
            status,
            decided_at,
            decided_by,
            authorised_at,
            authorised_by,
        ) in _raw_rows(query):
            # Opened when the decision settled, by whoever settled it (decision_settled).
            authorised = status == Decision.Status.AUTHORISED and authorised_at is not None
            opened_at = _as_datetime(authorised_at if authorised else decided_at)
            opened_by = authorised_by if authorised else decided_by
            if person in busy_until:
                until = busy_until[person]
                if until is None or until > opened_at:
                    continue  # the child's open enquiry carries on (mash_enquiry_open)
            born = _as_date(born)
            received_on = self._local_day(_as_datetime(received_at))
            district = postcode.split()[0].upper() if postcode.strip() else ""
            words = {
                "first": "the baby" if born is None else first_name,
                "town": TOWN_BY_DISTRICT.get(district, "Norwich"),
                **pronouns(sex, plural=False),
            }
            if born is None or born > received_on:
                band = "unborn"
            else:
                age = age_on(born, received_on)
                band = "baby" if age < 5 else "child" if age < 12 else "teen"
            enquiry = self._plan_enquiry(next_pk, pk, person, words, band, opened_at, opened_by)
            next_pk += 1
            self.enquiries.append(enquiry)
            self.enquiry_of[pk] = enquiry
            busy_until[person] = enquiry.concluded_at
        self._leave_enquiries_open()
        conclusions = {}
        for enquiry in self.enquiries:
            at = enquiry.concluded_at
            if at is not None and at <= self.now and enquiry.outcome in CASEWORK_OUTCOMES:
                conclusions[enquiry.origin] = MashConclusion(
                    outcome=enquiry.outcome,
                    concluded_at=at,
                    concluded_by=enquiry.concluded_by,
                    reason=f"MASH enquiry {enquiry.reference} concluded: {enquiry.rationale}",
                )
        return conclusions

    def _plan_enquiry(
        self,
        pk: int,
        origin: int,
        person: int,
        words: dict[str, str],
        band: str,
        opened_at: datetime,
        opened_by: int,
    ) -> EnquiryPlan:
        rng = self.rng
        ratings = [("", Rag.AMBER.value, phrases.MASH_OPENED_REASON, opened_by, opened_at)]
        roll = rng.random()
        for to_rag, share in RERATED.items():
            if roll < share:
                at = opened_at + timedelta(minutes=rng.randint(5, 50))
                reason = self._text(phrases.MASH_RATING_REASONS[to_rag], words)
                ratings.append((Rag.AMBER.value, to_rag.value, reason, opened_by, at))
                break
            roll -= share
        rag, rated_at = ratings[-1][1], ratings[-1][4]
        due_at = self.cal.add_working_hours(rated_at, self.rag_hours[rag])
        consent = self.consent.pick(rng)
        consent_reason = ""
        if consent != MashConsent.OBTAINED:
            consent_reason = self._text(phrases.MASH_CONSENT_REASONS[consent], words)
        consent_at = rated_at + timedelta(minutes=rng.randint(3, 30))
        requested_at = consent_at + timedelta(minutes=rng.randint(2, 20))
        hours = self.rag_hours[rag]
        checks = []
        for agency in self._check_agencies(band):
            checks.append(self._plan_check(agency, words, requested_at, rated_at, due_at, hours))
        answered = [c.answered_at for c in checks if c.answered_at is not None]
        if len(answered) == len(checks):
            concluded_at = self._hours(max(answered), 0.3, 4.0)
        else:  # concluded without the answer still missing, once chased
            last = max([due_at, *answered, *(at for c in checks for at in c.chases)])
            concluded_at = self._hours(last, 1.0, 6.0)
        after = self._local_day(opened_at) >= self.go_live
        outcome = self.mash_outcomes[(after, rag)].pick(rng)
        if outcome in URGENT:
            concluded_by = self.mash_manager  # a strategy discussion needs a manager
        elif rng.random() < 0.7:
            concluded_by = opened_by
        else:
            concluded_by = rng.choice(self.csws)
        return EnquiryPlan(
            pk=pk,
            person=person,
            origin=origin,
            words=words,
            band=band,
            opened_at=opened_at,
            opened_by=opened_by,
            ratings=ratings,
            due_at=due_at,
            consent=consent,
            consent_reason=consent_reason,
            consent_at=consent_at,
            checks=checks,
            outcome=outcome,
            rationale=self._text(phrases.MASH_RATIONALES[outcome], words),
            concluded_by=concluded_by,
            concluded_at=concluded_at,
        )

    def _check_agencies(self, band: str) -> list[str]:
        """The agencies asked, by the child's age: police nearly always, the health service
        that knows a child of that age, the school for children of school age, and others
        now and then."""
        rng = self.rng
        wanted: list[tuple[str, float]] = [(CheckAgency.POLICE, 0.92)]
        if band == "unborn":
            wanted.append((CheckAgency.MIDWIFERY, 0.95))
        elif band == "baby":
            wanted += [(CheckAgency.HEALTH_VISITOR, 0.85), (CheckAgency.GP, 0.4)]
        else:
            wanted += [(CheckAgency.GP, 0.55), (CheckAgency.HEALTH_VISITOR, 0.25)]
        wanted.append((CheckAgency.MENTAL_HEALTH, 0.12))
        if band in ("child", "teen"):
            wanted.append((CheckAgency.EDUCATION, 0.85))
        elif band == "baby":
            wanted.append((CheckAgency.EDUCATION, 0.1))  # a nursery
        wanted += [(CheckAgency.PROBATION, 0.08), (CheckAgency.HOUSING, 0.07)]
        if band == "teen":
            wanted.append((CheckAgency.YOUTH_JUSTICE, 0.15))
        wanted.append((CheckAgency.OTHER, 0.05))
        chosen = [agency for agency, share in wanted if rng.random() < share]
        for agency in (CheckAgency.POLICE, CheckAgency.GP):
            if len(chosen) < 2 and agency not in chosen:
                chosen.append(agency)
        return [str(agency) for agency in chosen]

    def _plan_check(
        self,
        agency: str,
        words: dict[str, str],
        requested_at: datetime,
        rated_at: datetime,
        due_at: datetime,
        hours: float,
    ) -> CheckPlan:
        rng = self.rng
        other = rng.choice(phrases.OTHER_CHECK_AGENCIES) if agency == CheckAgency.OTHER else ""
        question = self._text(phrases.CHECK_QUESTIONS[agency], words, agency=other)
        fate = self.check_fates.pick(rng)
        chases: list[datetime] = []
        answered_at: datetime | None = None
        if fate == "in_time":
            answered_at = self._hours(rated_at, 0.15 * hours, 0.9 * hours)
            answered_at = max(answered_at, requested_at + timedelta(minutes=rng.randint(10, 40)))
            if answered_at > due_at:
                answered_at = due_at - timedelta(minutes=rng.randint(1, 20))
                answered_at = max(answered_at, requested_at + timedelta(minutes=5))
        elif fate == "late":
            late_hours = rng.uniform(0.5, 10.0)
            answered_at = self.cal.add_working_hours(due_at, late_hours)
            if rng.random() < CHASED_SHARE:
                chases.append(self._hours(due_at, 0.05, 0.4 * late_hours))
                if rng.random() < CHASED_TWICE_SHARE:
                    chases.append(self._hours(due_at, 0.45 * late_hours, 0.9 * late_hours))
        else:
            chases.append(self._hours(due_at, 0.1, 3.0))
            if rng.random() < 0.5:
                chases.append(self._hours(chases[0], 1.0, 8.0))
        answer, nothing_known, answered_by = "", False, None
        if answered_at is not None:
            share = NOTHING_KNOWN_SHARE.get(agency, NOTHING_KNOWN_OTHERWISE)
            nothing_known = rng.random() < share
            if not nothing_known:
                answer = self._text(phrases.CHECK_ANSWERS[agency], words)
            # The agency's partner answers; where the demo has none, MASH staff on its behalf.
            answered_by = self.partners.get(answering_agency(agency)) or rng.choice(self.mash_staff)
        return CheckPlan(
            agency=agency,
            other_agency=other,
            question=question,
            requested_at=requested_at,
            due_at=due_at,
            answered_at=answered_at,
            answer=answer,
            nothing_known=nothing_known,
            answered_by=answered_by,
            chases=chases,
        )

    def _leave_enquiries_open(self) -> None:
        """The MASH list now: the newest enquiries, and a couple opened a week or two ago
        whose checks are overdue and chased. Only a child's latest enquiry (a child has one
        open at a time)."""
        rng, cal, now = self.rng, self.cal, self.now
        latest: dict[int, EnquiryPlan] = {}
        for enquiry in self.enquiries:
            latest[enquiry.person] = enquiry
        candidates = sorted(
            (e for e in latest.values() if e.opened_at <= now), key=lambda e: e.opened_at
        )
        chosen = candidates[-OPEN_NEWEST:]
        low, high = OPEN_OVERDUE_DAYS
        today = self.today
        older = [
            e
            for e in candidates
            if e not in chosen
            and low <= cal.working_days_between(self._local_day(e.opened_at), today) <= high
        ]
        chosen += older[-OPEN_OVERDUE:]
        for enquiry in chosen:
            enquiry.concluded_at = None
            if enquiry.due_at > now:
                continue
            # One or two checks still unanswered, chased since they fell due.
            waiting = [c for c in enquiry.checks if c.answered_at is None or c.answered_at > now]
            if not waiting:
                waiting = enquiry.checks[-rng.randint(1, min(2, len(enquiry.checks))) :]
            for check in waiting:
                check.answered_at, check.answer, check.nothing_known = None, "", False
                check.answered_by = None
                first = self._hours(check.due_at, 0.1, 2.0)
                check.chases = [first] if first <= now else []
                if rng.random() < 0.5 and first <= now:
                    second = self._hours(first, 2.0, 10.0)
                    if second <= now:
                        check.chases.append(second)

    # --- 2. Child protection, between casework's plan and its write ------------------------

    def plan_child_protection(self, casework: CaseworkGenerator) -> None:
        """Hold the strategy discussions and plan what followed, fitted into the episodes
        casework planned."""
        self.casework = casework
        self.wd = casework.wd
        triggers: dict[ReferralPlan, tuple[datetime, tuple[Any, ...], Link | None]] = {}
        # MASH conclusions about a child already discussed: a discussion of their own (the
        # app's tray asks for one), which starts no second enquiry.
        again: list[tuple[ReferralPlan, datetime, tuple[Any, ...], Link]] = []
        for link in casework.links:
            if link.outcome not in URGENT:
                continue
            if link.outcome == Outcome.IMMEDIATE_PROTECTION:
                self._plan_protection(link)
            referral = casework.referral_of.get(link.contact_child)
            if referral is None or referral.cancelled:
                continue
            enquiry = self.enquiry_of.get(link.contact_child)
            key: tuple[Any, ...] = ("mash", enquiry.pk) if enquiry else ("contact", link.contact)
            if referral not in triggers:
                triggers[referral] = (link.settled_at, key, link)
            elif enquiry is not None:
                again.append((referral, link.settled_at, key, link))
        # Assessments that found cause for a section 47 enquiry, with no discussion before.
        for referral in casework.referrals:
            assessment = referral.assessment
            if (
                referral.cancelled
                or referral.waiting
                or assessment is None
                or assessment.outcome != SECTION_47
            ):
                continue
            day = self.wd.add(assessment.authorised_on, self.rng.choice((0, 0, 1, 1, 2)))
            if referral.closed_on is not None:
                day = min(day, referral.closed_on)
            at = self._moment(day)
            if referral in triggers and triggers[referral][0] <= at:
                continue
            key = ("assessment", referral.child.pk, referral.referral_date)
            triggers[referral] = (at, key, None)
        groups: dict[tuple[Any, ...], list[tuple[ReferralPlan, datetime, Link | None]]] = {}
        for referral, (at, key, called_by) in triggers.items():
            groups.setdefault(key, []).append((referral, at, called_by))
        for key, members in groups.items():
            self._plan_discussion(key, members)
        for referral, at, key, link in again:
            self._plan_discussion(key, [(referral, at, link)], ALREADY)
        self._leave_actions_open()
        self._count_previous_plans()

    def _plan_protection(self, link: Link) -> None:
        rng = self.rng
        if rng.random() >= PROTECTION_SHARE:
            return  # protected by agreement: the family moved the child to safety
        child = self._child(link.person)
        if rng.random() < EPO_SHARE:
            kind = ProtectionKind.EPO
            started_at = self._hours(link.settled_at, 2.0, 8.0)
        else:
            kind = ProtectionKind.POLICE_PROTECTION
            started_at = link.settled_at - timedelta(minutes=rng.randint(20, 240))
        recorded_at = max(started_at, link.settled_at) + timedelta(minutes=rng.randint(10, 90))
        if recorded_at > self.now:
            return
        self.protected.add(link.person)
        self.protection.append(
            ProtectionPlan(
                person=link.person,
                kind=kind,
                started_at=started_at,
                authority=rng.choice(phrases.PROTECTION_AUTHORITIES[kind]),
                note=self._text(phrases.PROTECTION_NOTES, child.words()),
                recorded_by=link.actor,
                recorded_at=recorded_at,
            )
        )

    def _child(self, person: int) -> ChildRecord:
        assert self.casework is not None
        return self.casework.children[person]

    def _plan_discussion(
        self,
        key: tuple[Any, ...],
        members: list[tuple[ReferralPlan, datetime, Link | None]],
        route: str = "",
    ) -> None:
        """One discussion about the children in `members` (referral, when it was called
        for, the decision that called for it). `key` says who called it: the front door
        ("contact"), MASH ("mash"), the locality team after an assessment ("assessment") or
        after a plan ended ("escalation", whose section 47 takes `route`)."""
        rng, wd = self.rng, self.wd
        assert wd is not None
        base = max(at for _, at, _ in members)
        links = [link for _, _, link in members if link is not None]
        locality = key[0] in ("assessment", "escalation")
        if locality:
            held_at = base
        elif any(link.outcome == Outcome.IMMEDIATE_PROTECTION for link in links):
            held_at = self._hours(base, *PROTECTION_DISCUSSION_HOURS)
        else:
            held_at = self._hours(base, *self.discussion_hours.pick(rng))
        held_on = self._local_day(held_at)
        after = held_on >= self.go_live
        children = []
        for referral, _, _ in members:
            if referral.closed_on is not None and referral.closed_on < held_on:
                continue  # closed before the discussion could be held
            protect = referral.child.pk in self.protected
            children.append(self._child_plan(referral, held_on, after, protect, route))
        if not children:
            return
        first = children[0].referral
        words = first.child.words()
        if locality:
            team = first.team
            assert team is not None
            chair = team.manager
            recorded_by = first.worker_on(held_on)
            la = [
                (chair, f"Team manager, {first.child.town} locality team (chair)"),
                (recorded_by, "Social worker"),
            ]
        else:
            chair = self.mash_manager if key[0] == "mash" else self.cads_manager
            actor = links[0].actor if links else chair
            recorded_by = actor if actor in self.csws else rng.choice(self.csws)
            team_name = "MASH" if key[0] == "mash" else "CADS"
            la = [
                (chair, f"Team manager, {team_name} (chair)"),
                (recorded_by, "Consultant social worker"),
            ]
        recorded_at = held_at + timedelta(minutes=rng.randint(20, 180))
        attendance = [
            (ExpectedAgency.LOCAL_AUTHORITY.value, self._name(pk), role, True, "")
            for pk, role in la
        ]
        attendance += self._partners_at(children, held_on, words)
        discussion = DiscussionPlan(
            held_at=held_at,
            chair=chair,
            enquiry=key[1] if key[0] == "mash" else None,
            recorded_by=recorded_by,
            recorded_at=recorded_at,
            information_shared=self._text(phrases.STRATEGY_INFORMATION, words),
            interim_safety_plan=self._text(phrases.STRATEGY_SAFETY_PLANS, words)
            if rng.random() < SAFETY_PLAN_SHARE
            else "",
            legal_advice_needed=rng.random() < LEGAL_ADVICE_SHARE,
            next_steps=rng.choice(phrases.STRATEGY_NEXT_STEPS),
            attendance=attendance,
            children=children,
        )
        owners = [recorded_by, chair]
        if first.allocations:
            owners.append(first.worker_on(held_on))
        for text in rng.sample(phrases.STRATEGY_ACTIONS, self.action_count.pick(rng)):
            discussion.actions.append(self._plan_action(held_at, rng.choice(owners), text, words))
        self.discussions.append(discussion)
        for child in children:
            if child.escalated_on is not None:
                again = ("escalation", child.referral.child.pk, child.escalated_on)
                at = self._moment(child.escalated_on)
                self._plan_discussion(again, [(child.referral, at, None)], "icpc_cp_plan")

    def _partners_at(
        self, children: list[ChildPlan], held_on: date, words: Mapping[str, str]
    ) -> list[tuple[str, str, str, bool, str]]:
        """Police nearly always, health usually, each absent with a reason; education for
        some children of school age; another agency now and then."""
        rng = self.rng
        rows = []
        for agency, share in (
            (ExpectedAgency.POLICE, POLICE_ATTEND_SHARE),
            (ExpectedAgency.HEALTH, HEALTH_ATTEND_SHARE),
        ):
            if rng.random() < share:
                name, role = rng.choice(phrases.ATTENDEES[agency])
                rows.append((agency.value, name, role.format_map(words), True, ""))
            else:
                reason = rng.choice(phrases.ABSENCE_REASONS[agency])
                rows.append((agency.value, "", "", False, reason))
        school_age = any(c.referral.child.band(held_on) in ("child", "teen") for c in children)
        if school_age and rng.random() < EDUCATION_ATTEND_SHARE:
            name, role = rng.choice(phrases.ATTENDEES[ExpectedAgency.EDUCATION])
            rows.append((ExpectedAgency.EDUCATION.value, name, role.format_map(words), True, ""))
        if rng.random() < OTHER_AGENCY_ATTEND_SHARE:
            agency = rng.choice(
                (ExpectedAgency.PROBATION, ExpectedAgency.HOUSING, ExpectedAgency.YOUTH_JUSTICE)
            )
            name, role = phrases.ATTENDEES[agency][0]
            rows.append((agency.value, name, role.format_map(words), True, ""))
        return rows

    def _plan_action(
        self, held_at: datetime, owner: int, text: str, words: Mapping[str, str]
    ) -> tuple[int, str, date, datetime | None, str]:
        rng, wd = self.rng, self.wd
        assert wd is not None
        held_on = self._local_day(held_at)  # a working day
        days = rng.choice((0, 0, 1, 1, 2, 3, 5))
        due = wd.add(held_on, days)
        if self.action_fates.pick(rng) == "in_time":
            done = wd.add(held_on, rng.randint(0, days))
        else:
            done = wd.add(due, rng.randint(1, 6))
        done_at = self._moment(done, held_at)
        note = self._text(phrases.STRATEGY_ACTION_DONE, words)
        return (owner, text.format_map(words), due, done_at, note)

    def _kind(self, referral: ReferralPlan) -> str:
        """What casework planned for the episode (see SECTION_47_SHARE)."""
        if referral.waiting or not referral.allocations:
            return "pending"
        assessment = referral.assessment
        if assessment is None:
            return "none"
        if assessment.outcome == SECTION_47:
            return "cp" if referral.cin_plan is None else "cin_branch"
        if assessment.outcome == NFA and assessment.factors == [NO_FACTORS]:
            return "no_factors"  # "21" is only for cases closed RC8 or RC9
        return assessment.outcome

    def _child_plan(
        self, referral: ReferralPlan, held_on: date, after: bool, protected: bool, route: str
    ) -> ChildPlan:
        rng, wd = self.rng, self.wd
        assert wd is not None
        kind = self._kind(referral)
        share = SECTION_47_SHARE[after].get(kind, 0.0)
        if protected and kind not in (STEP_DOWN, "no_factors"):
            share = max(share, PROTECTED_SECTION_47_SHARE)
        words = referral.child.words()
        if route == ALREADY:
            return ChildPlan(referral, False, self._text(phrases.SECTION_47_ALREADY, words))
        escalated = bool(route)  # a second discussion about a child whose plan ended
        start = escalated or rng.random() < share
        plan = ChildPlan(
            referral=referral,
            start=start,
            rationale=self._text(phrases.SECTION_47_RATIONALES[start], words),
        )
        if not start:
            return plan
        if referral.closure_reason == ClosureReason.RC8:
            referral.closure_reason = ClosureReason.RC7  # not RC8 after a section 47 enquiry
        if kind == "pending":
            return plan  # the outcome waits for a worker
        close = referral.closed_on
        route = route or self.routes[kind].pick(rng)
        if route.startswith("icpc_"):
            outcome_on = wd.add(held_on, rng.randint(2, 8))
            late = rng.random() < LATE_CONFERENCE_SHARE
            conference = wd.add(held_on, rng.randint(16, 25) if late else rng.randint(8, 15))
            conference = max(conference, outcome_on)
            # A plan needs some of the episode left; any conference must be held in it.
            room = 6 if route == "icpc_cp_plan" else 0
            if close is None or wd.add(conference, room) <= close:
                self._conference(plan, route, outcome_on, conference, escalated)
                return plan
            route = "continue_assessment"
        outcome_on = wd.add(held_on, rng.randint(3, 15))
        if route == "cin_plan" and referral.cin_plan is not None:
            outcome_on = max(held_on, min(outcome_on, referral.cin_plan.start))
        if close is not None:
            outcome_on = min(outcome_on, close)
        plan.outcome, plan.outcome_on = route, outcome_on
        plan.outcome_by = referral.worker_on(outcome_on)
        return plan

    def _conference(
        self, plan: ChildPlan, route: str, outcome_on: date, held: date, escalated: bool
    ) -> None:
        rng = self.rng
        referral = plan.referral
        plan.outcome, plan.outcome_on = Section47Outcome.ICPC.value, outcome_on
        plan.outcome_by = referral.worker_on(outcome_on)
        plan.conference_on = held
        plan.conference_outcome = route.removeprefix("icpc_")
        plan.conference_by = referral.worker_on(held)
        plan.conference_at = self._moment(held) + timedelta(hours=1)
        if plan.conference_at > self.now:
            plan.conference_at = self.now - timedelta(minutes=1)
        plan.conference_chair = rng.choice(phrases.CONFERENCE_CHAIRS)
        if plan.conference_outcome != ConferenceOutcome.CP_PLAN:
            return
        # The conference makes the plan: it starts that day (CIN census rule 2885).
        close = referral.closed_on
        category = self.categories.pick(rng)
        plan.plan = self._cp_plan(referral, held, close, category)
        if not escalated and rng.random() < SECOND_PLAN_SHARE:
            self._end_early(plan)

    def _end_early(self, plan: ChildPlan) -> None:
        """End the plan at its first or second review conference, where the episode goes on
        long enough for the worries to return and another plan to start in it."""
        rng, wd = self.rng, self.wd
        assert wd is not None and plan.plan is not None
        cp, close = plan.plan, plan.referral.closed_on
        reviews = [review for review in cp.reviews if close is None or review[0] < close]
        if not reviews:
            return
        ended = rng.choice(reviews[:2])
        again = wd.add(ended[0], rng.randint(*SECOND_PLAN_AFTER))
        if close is not None and wd.add(again, 30) > close:
            return
        words = plan.referral.child.words()
        note = self._text(phrases.CP_ENDED_AT_REVIEW, words)
        cp.reviews = [review for review in cp.reviews if review[0] < ended[0]]
        cp.reviews.append((ended[0], ended[1], note, ended[3]))
        cp.visits = [visit for visit in cp.visits if visit[0] < ended[0]]
        cp.end, cp.end_reason = ended[0], phrases.CP_END_REASONS["RC7"].format_map(words)
        plan.escalated_on = again

    def _cp_plan(
        self, referral: ReferralPlan, start: date, end: date | None, category: str
    ) -> CpPlanPlan:
        """Reviews at three months then every six (a few early or late), statutory visits
        every ten working days or less (some late), until the episode closes: RC7 closes
        at a review conference that ends the plan."""
        rng, wd, today = self.rng, self.wd, self.today
        assert wd is not None
        child = referral.child
        words = child.words()
        first_months = settings.FRONTDOOR_CLOCKS["cp_first_review_months"]
        later_months = settings.FRONTDOOR_CLOCKS["cp_review_months"]
        reviews: list[tuple[date, str, str, int]] = []
        due = self._review_due(start, first_months)
        previous, latest = start, category
        while True:
            timing = self.review_timing.pick(rng)
            held = due
            if timing == "early":
                held = wd.back(due, rng.randint(1, 5))
            elif timing == "late":
                held = wd.add(due, rng.randint(1, 8))
            held = max(held, wd.add(previous, 1))
            if (end is not None and held >= end) or held > today:
                break
            if rng.random() < CATEGORY_CHANGE_SHARE:
                latest = self.categories.pick(rng)
            note = self._text(phrases.CP_REVIEW_NOTES, words)
            reviews.append((held, latest, note, referral.worker_on(held)))
            due = self._review_due(held, later_months)
            previous = held
        end_reason = ""
        if end is not None:
            reason = referral.closure_reason
            end_reason = phrases.CP_END_REASONS.get(reason, phrases.CP_END_REASONS["RC7"])
            end_reason = end_reason.format_map(words)
            if reason == ClosureReason.RC7 and end <= today:
                # A review conference ends the plan: the last one, if the episode closes
                # within a fortnight of it, or one held on the day it closes.
                note = self._text(phrases.CP_ENDED_AT_REVIEW, words)
                if reviews and wd.add(reviews[-1][0], 10) >= end:
                    held, latest, _, by = reviews[-1]
                    reviews[-1] = (held, latest, note, by)
                    end = held
                else:
                    reviews.append((end, latest, note, referral.worker_on(end)))
        visits: list[tuple[date, bool, bool, str, int]] = []
        next_visit = wd.due(start, "cp_visit_working_days")
        day = start
        while True:
            day = wd.add(day, rng.randint(*self.visit_gaps.pick(rng)))
            if (end is not None and day >= end) or day > today:
                break
            seen = rng.random() < CHILD_SEEN_SHARE
            alone = seen and rng.random() < SEEN_ALONE_SHARE.get(child.band(day), 0.0)
            note = self._text(phrases.CP_VISIT_NOTES[seen], words)
            visits.append((day, seen, alone, note, referral.worker_on(day)))
            if seen:
                next_visit = max(next_visit, wd.due(day, "cp_visit_working_days"))
        return CpPlanPlan(
            start=start,
            category=category,
            started_by=referral.worker_on(start),
            reviews=reviews,
            visits=visits,
            next_review_on=due,
            next_visit_on=next_visit,
            end=end,
            end_reason=end_reason,
        )

    def _review_due(self, day: date, months: int) -> date:
        """`months` after `day`, brought back to a working day (services._review_due)."""
        month = day.month - 1 + months
        year, month = day.year + month // 12, month % 12 + 1
        due = day.replace(
            year=year, month=month, day=min(day.day, month_calendar.monthrange(year, month)[1])
        )
        while not self.cal.is_working_day(due):
            due -= timedelta(days=1)
        return due

    def _leave_actions_open(self) -> None:
        """The newest discussions' last action not done yet, and that of a couple held a week
        or two ago (overdue now), where the child's referral is still open."""
        wd = self.wd
        assert wd is not None
        held = sorted(
            (
                d
                for d in self.discussions
                if d.recorded_at <= self.now
                and all(
                    c.referral.closed_on is None or c.referral.closed_on > self.today
                    for c in d.children
                )
            ),
            key=lambda d: d.held_at,
        )
        chosen = held[-OPEN_ACTIONS_NEWEST:]
        low, high = OPEN_ACTIONS_DAYS
        older = [
            d
            for d in held
            if d not in chosen
            and wd.back(self.today, high) <= self._local_day(d.held_at)
            and self._local_day(d.held_at) <= wd.back(self.today, low)
        ]
        chosen += older[-OPEN_ACTIONS_OVERDUE:]
        for discussion in chosen:
            owner, text, due, _, _ = discussion.actions[-1]
            discussion.actions[-1] = (owner, text, due, None, "")

    def _count_previous_plans(self) -> None:
        """Each plan's `previous_plans`: the child's plans before it (all ended, as the
        child's episodes never overlap)."""
        by_child: dict[int, list[CpPlanPlan]] = {}
        for discussion in self.discussions:
            for child in discussion.children:
                if child.plan is not None:
                    by_child.setdefault(child.referral.child.pk, []).append(child.plan)
        for plans in by_child.values():
            for index, plan in enumerate(sorted(plans, key=lambda p: p.start)):
                plan.previous_plans = index

    # --- 3. Writing, after casework --------------------------------------------------------

    def write(self) -> SafeguardingResult:
        now = self.now
        # The enquiries' keys were taken when they were planned (casework quotes them).
        next_pk: dict[type[models.Model], int] = {
            model: _first_free_pk(model) for model in SAFEGUARDING_MODELS
        }

        def take(model: type[models.Model]) -> int:
            pk = next_pk[model]
            next_pk[model] = pk + 1
            return pk

        rows: dict[type[models.Model], list[tuple]] = {model: [] for model in SAFEGUARDING_MODELS}
        written: set[int] = set()
        for enquiry in self.enquiries:
            if enquiry.opened_at <= now:
                self._enquiry_rows(enquiry, rows, take)
                written.add(enquiry.pk)
        for discussion in sorted(self.discussions, key=lambda d: d.held_at):
            if discussion.recorded_at <= now:
                self._discussion_rows(discussion, written, rows, take)
        for protection in self.protection:
            rows[ImmediateProtection].append(
                (
                    take(ImmediateProtection),
                    protection.person,
                    protection.kind,
                    protection.started_at,
                    protection.authority,
                    protection.note,
                    protection.recorded_by,
                    protection.recorded_at,
                )
            )
        for model in SAFEGUARDING_MODELS:
            insert_values(model, ROW_NAMES[model], rows[model])
        counts = {model._meta.model_name or "": len(rows[model]) for model in SAFEGUARDING_MODELS}
        return SafeguardingResult(
            enquiries=len(rows[MashEnquiry]),
            discussions=len(rows[StrategyDiscussion]),
            section47s=len(rows[Section47]),
            cp_plans=len(rows[CpPlan]),
            counts=counts,
        )

    def _enquiry_rows(
        self, enquiry: EnquiryPlan, rows: dict[type[models.Model], list[tuple]], take: Any
    ) -> None:
        now = self.now
        ratings = [r for r in enquiry.ratings if r[4] <= now]
        rag, rated_at = ratings[-1][1], ratings[-1][4]
        due_at = enquiry.due_at if rated_at == enquiry.ratings[-1][4] else None
        if due_at is None:
            due_at = self.cal.add_working_hours(rated_at, self.rag_hours[rag])
        consented = enquiry.consent_at <= now
        concluded = enquiry.concluded_at is not None and enquiry.concluded_at <= now
        checks = [c for c in enquiry.checks if c.requested_at <= now]
        version = len(ratings) + consented + bool(checks) + concluded
        rows[MashEnquiry].append(
            (
                enquiry.pk,
                enquiry.person,
                enquiry.origin,
                rag,
                rated_at,
                due_at,
                enquiry.consent if consented else "",
                enquiry.consent_reason if consented else "",
                enquiry.outcome if concluded else "",
                enquiry.rationale if concluded else "",
                enquiry.concluded_by if concluded else None,
                enquiry.concluded_at if concluded else None,
                enquiry.opened_by,
                enquiry.opened_at,
                version,
            )
        )
        for from_rag, to_rag, reason, by, at in ratings:
            rows[RagChange].append((take(RagChange), enquiry.pk, from_rag, to_rag, reason, by, at))
        for check in checks:
            answered = check.answered_at is not None and check.answered_at <= now
            chases = [at for at in check.chases if at <= now]
            rows[AgencyCheck].append(
                (
                    take(AgencyCheck),
                    enquiry.pk,
                    check.agency,
                    check.other_agency,
                    check.question,
                    enquiry.opened_by,
                    check.requested_at,
                    check.due_at,
                    check.answered_at if answered else None,
                    check.answer if answered else "",
                    check.nothing_known if answered else False,
                    check.answered_by if answered else None,
                    chases[-1] if chases else None,
                    len(chases),
                    1 + answered + len(chases),
                )
            )

    def _discussion_rows(
        self,
        discussion: DiscussionPlan,
        enquiries: set[int],
        rows: dict[type[models.Model], list[tuple]],
        take: Any,
    ) -> None:
        now, today = self.now, self.today
        children = [c for c in discussion.children if c.referral.pk]
        if not children:
            return
        pk = take(StrategyDiscussion)
        enquiry = discussion.enquiry if discussion.enquiry in enquiries else None
        rows[StrategyDiscussion].append(
            (
                pk,
                discussion.held_at,
                discussion.chair,
                enquiry,
                discussion.information_shared,
                discussion.interim_safety_plan,
                discussion.legal_advice_needed,
                discussion.next_steps,
                discussion.recorded_by,
                discussion.recorded_at,
            )
        )
        for agency, name, role, came, why_not in discussion.attendance:
            rows[StrategyAttendance].append(
                (take(StrategyAttendance), pk, agency, name, role, came, why_not)
            )
        for owner, text, due, done_at, note in discussion.actions:
            done = done_at is not None and done_at <= now
            rows[StrategyAction].append(
                (
                    take(StrategyAction),
                    pk,
                    owner,
                    text,
                    due,
                    done_at if done else None,
                    note if done else "",
                )
            )
        held_on = self._local_day(discussion.held_at)
        wd = self.wd
        assert wd is not None
        for child in children:
            referral = child.referral
            person = referral.child.pk
            child_pk = take(StrategyChild)
            rows[StrategyChild].append(
                (child_pk, pk, person, referral.pk, child.start, child.rationale)
            )
            if not child.start:
                continue
            section47 = take(Section47)
            decided = child.outcome_on is not None and child.outcome_on <= today
            rows[Section47].append(
                (
                    section47,
                    person,
                    referral.pk,
                    child_pk,
                    held_on,
                    wd.due(held_on, "conference_working_days"),
                    child.outcome if decided else "",
                    child.outcome_on if decided else None,
                    child.outcome_by if decided else None,
                    1 + decided,
                )
            )
            held = child.conference_on
            if not decided or held is None or held > today:
                continue
            conference = take(Conference)
            rows[Conference].append(
                (
                    conference,
                    section47,
                    held,
                    child.conference_outcome,
                    child.conference_chair,
                    child.conference_by,
                    child.conference_at,
                )
            )
            if child.plan is not None and child.plan.start <= today:
                # The conference makes the plan: it starts that day (CIN census rule 2885).
                child.plan.start = held
                self._plan_rows(child.plan, person, referral.pk, conference, rows, take)

    def _plan_rows(
        self,
        plan: CpPlanPlan,
        person: int,
        referral: int,
        conference: int,
        rows: dict[type[models.Model], list[tuple]],
        take: Any,
    ) -> None:
        today = self.today
        pk = take(CpPlan)
        ended = plan.end is not None and plan.end <= today
        reviews = [review for review in plan.reviews if review[0] <= today]
        visits = [visit for visit in plan.visits if visit[0] <= today]
        latest = reviews[-1][1] if reviews else plan.category
        rows[CpPlan].append(
            (
                pk,
                person,
                referral,
                conference,
                plan.start,
                plan.category,
                latest,
                plan.previous_plans,
                None if ended else plan.next_review_on,
                None if ended else plan.next_visit_on,
                plan.end if ended else None,
                plan.end_reason if ended else "",
                plan.started_by,
                1 + len(reviews) + sum(1 for visit in visits if visit[1]) + ended,
            )
        )
        for held, category, note, by in reviews:
            rows[CpReview].append((take(CpReview), pk, held, category, note, by))
        for day, seen, alone, note, by in visits:
            rows[CpVisit].append((take(CpVisit), pk, day, seen, alone, note, by))


# The fields of each row tuple, primary key first (see insert_values).
ROW_NAMES: dict[type[models.Model], tuple[str, ...]] = {
    MashEnquiry: (
        "id",
        "person",
        "origin",
        "rag",
        "rated_at",
        "due_at",
        "consent",
        "consent_reason",
        "outcome",
        "outcome_rationale",
        "concluded_by",
        "concluded_at",
        "opened_by",
        "opened_at",
        "version",
    ),
    RagChange: ("id", "enquiry", "from_rag", "to_rag", "reason", "changed_by", "changed_at"),
    AgencyCheck: (
        "id",
        "enquiry",
        "agency",
        "other_agency",
        "question",
        "requested_by",
        "requested_at",
        "due_at",
        "answered_at",
        "answer",
        "nothing_known",
        "answered_by",
        "last_chased_at",
        "times_chased",
        "version",
    ),
    StrategyDiscussion: (
        "id",
        "held_at",
        "chair",
        "enquiry",
        "information_shared",
        "interim_safety_plan",
        "legal_advice_needed",
        "next_steps",
        "recorded_by",
        "recorded_at",
    ),
    StrategyAttendance: (
        "id",
        "discussion",
        "agency",
        "name",
        "role",
        "attended",
        "absence_reason",
    ),
    StrategyChild: ("id", "discussion", "person", "referral", "start_section_47", "rationale"),
    StrategyAction: ("id", "discussion", "owner", "action", "due_on", "done_at", "done_note"),
    Section47: (
        "id",
        "person",
        "referral",
        "strategy_child",
        "started_on",
        "conference_due_on",
        "outcome",
        "outcome_on",
        "outcome_by",
        "version",
    ),
    Conference: ("id", "section47", "held_on", "outcome", "chair", "recorded_by", "recorded_at"),
    CpPlan: (
        "id",
        "person",
        "referral",
        "conference",
        "start_date",
        "initial_category",
        "latest_category",
        "previous_plans",
        "next_review_on",
        "next_visit_on",
        "end_date",
        "end_reason",
        "started_by",
        "version",
    ),
    CpReview: ("id", "plan", "held_on", "category", "note", "recorded_by"),
    CpVisit: ("id", "plan", "visited_on", "child_seen", "seen_alone", "note", "recorded_by"),
    ImmediateProtection: (
        "id",
        "person",
        "kind",
        "started_at",
        "authority",
        "note",
        "recorded_by",
        "recorded_at",
    ),
}
