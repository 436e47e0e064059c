"""Synthetic quality loop: decision audits with moderation and learning actions, monitored
calls with feedback and acknowledgements, and the partner survey's invitations and answers.

A fourth pass, after casework and safeguarding have written (generator.py runs it last). It
reads back what the audits, calls and invitations are about, in a few queries ordered by
key, and writes everything as it stands at `now`, one multi-row INSERT per model
(shared.insert_values):

- About AUDIT_SHARE of the settled decisions and of the authorised assessments are audited,
  some days after they were settled, by a manager or social worker whose work it is not (not
  the decider or authoriser; not the assessment's worker, submitter or authoriser) and who
  could read it then: the front door's staff for a decision, the head of service or the
  referral's team for an assessment. Grades are mostly good or requires improvement; every
  item graded low has a comment. About MODERATED_SHARE are moderated by a second auditor,
  who is neither the auditor nor an author of the work and could read it then; a few
  moderated to a different grade, with a reason.
  Most audits whose grade stands low set the worker a learning action, due on or after the
  day it was set; nearly all of those due long ago are done, some due lately are overdue.
- One to three (CALLS_PER_MONTH) of each consultant social worker's phone contacts a month
  are monitored, live or from the recording, by their own team's manager or the head of
  service, never before the call nor after now; most are acknowledged by the worker.
- Every contact whose feedback was sent has its invitation, made when the feedback was
  sent, open FRONTDOOR_SURVEY_DAYS days; about RESPONSE_SHARE are answered before they
  expire (and by now), mostly 4s and 5s, with the active questions as they are worded, and a
  few comments.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import models

from frontdoor.accounts.models import Role
from frontdoor.casework.models import Assessment
from frontdoor.contacts.models import Contact, Decision
from frontdoor.core.working_days import WorkingCalendar
from frontdoor.quality.audits.models import AUDIT_RUBRIC, Audit, AuditItem, LearningAction
from frontdoor.quality.calls.models import CALL_RUBRIC, CallItem, MonitoredCall
from frontdoor.quality.grading import LOW_GRADES, Grade, RubricItem
from frontdoor.quality.survey.models import (
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)

from . import phrases
from .casework import _as_date, _as_datetime, _first_free_pk, _raw_rows
from .shared import Weighted, insert_values

# The models written here, each after the ones it refers to.
QUALITY_MODELS: tuple[type[models.Model], ...] = (
    Audit,
    AuditItem,
    LearningAction,
    MonitoredCall,
    CallItem,
    SurveyInvitation,
    SurveyResponse,
    SurveyAnswer,
)

GRADES = tuple(Grade.values)  # best first: outstanding, good, requires improvement, inadequate
# Audits.
AUDIT_SHARE = 0.05
# After the work was settled. An auditor or moderator must be able to read the work then
# (people.access): the front door holds a decision for FRONTDOOR_ACCESS["front_door_days"]
# after it was settled, a locality team its referral while open and for "after_closure_days";
# the head of service reads everything.
AUDIT_DELAY_DAYS = (3, 18)
AUDIT_GRADES = {"outstanding": 7, "good": 52, "requires_improvement": 33, "inadequate": 8}
ITEM_AS_OVERALL_SHARE = 0.6  # the others a grade either side
HIGH_ITEM_COMMENT_SHARE = 0.3  # low grades always have one
MODERATED_SHARE = 0.33
MODERATION_DELAY_DAYS = (1, 9)
MODERATION_DIFFERS_SHARE = 0.15
LEARNING_ACTION_SHARE = 0.8  # of audits whose standing grade is low
LEARNING_DUE_DAYS = (10, 42)
# Done, by how long ago it was due: long-overdue actions get chased, so few are left open.
LEARNING_DONE_SHARE = {"long_ago": 0.97, "lately": 0.6, "not_yet": 0.3}
LATELY_DAYS = 42
# Who audits and moderates: decisions the front door's managers and consultant social
# workers (weights by username); assessments the head of service, or a registered social
# worker or the manager of the team holding the referral (not an author).
DECISION_AUDITORS = {"manager": 35, "hos": 10, "mashmanager": 10, "csw1": 15, "csw2": 15}
DECISION_AUDITORS |= {"csw3": 15}
HEAD_OF_SERVICE_WEIGHT = 30  # of assessments, beside each of the team's
TEAM_AUDITOR_WEIGHT = 10
# Calls.
CALLS_PER_MONTH = {1: 20, 2: 55, 3: 25}
LIVE_SHARE = 0.4
HEAD_OF_SERVICE_SHARE = 0.15  # of calls monitored; the team manager the others
ACKNOWLEDGED_SHARE = 0.9
CALL_GRADES = {"outstanding": 10, "good": 60, "requires_improvement": 25, "inadequate": 5}
REPLY_SHARE = 0.45
# The survey.
RESPONSE_SHARE = 0.3
MOODS = {"pleased": 70, "mixed": 22, "unhappy": 8}
MOOD_SCORES = {
    "pleased": {5: 60, 4: 40},
    "mixed": {4: 30, 3: 45, 2: 25},
    "unhappy": {3: 30, 2: 50, 1: 20},
}
MOOD_YES = {"pleased": 0.97, "mixed": 0.8, "unhappy": 0.45}
COMMENT_SHARE = {"pleased": 0.06, "mixed": 0.2, "unhappy": 0.35}
OPTIONAL_ANSWERED_SHARE = 0.8


@dataclass
class QualityResult:
    audits: int = 0
    learning_actions: int = 0
    calls: int = 0
    invitations: int = 0
    responses: int = 0
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Work:
    """A settled decision or an authorised assessment, as an audit needs it."""

    decision: int | None
    assessment: int | None
    person: int
    worker: int
    authors: frozenset[int]
    settled_at: datetime
    held_until: datetime | None  # when the holders' access ends; None while it is open


class QualityGenerator:
    def __init__(
        self, *, seed: int, now: datetime, users: Mapping[str, Any], cal: WorkingCalendar
    ) -> None:
        self.rng = random.Random(f"quality-{seed}")
        self.now = now
        self.cal = cal
        self.tz = cal.tz
        self.today = now.astimezone(self.tz).date()
        self.users = users
        self.head = self._user("hos")
        self.latest = now - timedelta(minutes=1)
        self.audit_grades = Weighted(AUDIT_GRADES)
        self.call_grades = Weighted(CALL_GRADES)
        self.calls_per_month = Weighted(CALLS_PER_MONTH)
        self.moods = Weighted(MOODS)
        self.mood_scores = {mood: Weighted(weights) for mood, weights in MOOD_SCORES.items()}
        self.next_pk = {model: _first_free_pk(model) for model in QUALITY_MODELS}
        self.rows: dict[type[models.Model], list[tuple]] = {m: [] for m in QUALITY_MODELS}

    def _pk(self, model: type[models.Model]) -> int:
        pk = self.next_pk[model]
        self.next_pk[model] = pk + 1
        return pk

    def _user(self, username: str) -> int | None:
        user = self.users.get(username)
        return user.pk if user is not None else None

    def _weighted_pks(self, weights: Mapping[str, float]) -> dict[int, float]:
        return {pk: w for name, w in weights.items() if (pk := self._user(name)) is not None}

    def _moment(self, day: date, earliest: datetime) -> datetime:
        """A time in working hours on the first working day from `day`, after `earliest`."""
        while not self.cal.is_working_day(day):
            day += timedelta(days=1)
        at = datetime.combine(day, time(9), tzinfo=self.tz)
        at += timedelta(minutes=self.rng.randrange(8 * 60))
        if at <= earliest:
            at = earliest + timedelta(minutes=self.rng.randint(5, 90))
        return at

    def _later(self, since: datetime, days: tuple[int, int]) -> datetime:
        day = since.astimezone(self.tz).date() + timedelta(days=self.rng.randint(*days))
        return self._moment(day, since)

    # --- The run ---------------------------------------------------------------------------

    def write(self) -> QualityResult:
        self._audits()
        self._calls()
        self._survey()
        for model in QUALITY_MODELS:
            insert_values(model, ROW_NAMES[model], self.rows[model])
        rows = self.rows
        return QualityResult(
            audits=len(rows[Audit]),
            learning_actions=len(rows[LearningAction]),
            calls=len(rows[MonitoredCall]),
            invitations=len(rows[SurveyInvitation]),
            responses=len(rows[SurveyResponse]),
            counts={model._meta.model_name or "": len(rows[model]) for model in QUALITY_MODELS},
        )

    # --- Audits ----------------------------------------------------------------------------

    def _audits(self) -> None:
        front_door = self._weighted_pks(DECISION_AUDITORS)
        head = {self.head: HEAD_OF_SERVICE_WEIGHT} if self.head is not None else {}
        team_auditors: dict[int, dict[int, float]] = {}
        for user in sorted(self.users.values(), key=lambda user: user.pk):
            registered = user.role == Role.LOCALITY_SOCIAL_WORKER and bool(
                user.is_registered_social_worker
            )
            if user.team_id and (registered or user.role == Role.TEAM_MANAGER):
                team_auditors.setdefault(user.team_id, {})[user.pk] = TEAM_AUDITOR_WEIGHT
        for work in self._decisions():
            self._audit(work, front_door)
        for work, team in self._assessments():
            self._audit(work, {**head, **team_auditors.get(team, {})} if team else head)

    def _decisions(self) -> list[Work]:
        query = (
            Decision.objects.filter(status__in=[Decision.Status.FINAL, Decision.Status.AUTHORISED])
            .order_by("pk")
            .values_list(
                "pk",
                "contact_child__person_id",
                "decided_by_id",
                "decided_at",
                "authorised_by_id",
                "authorised_at",
            )
        )
        held = timedelta(days=settings.FRONTDOOR_ACCESS["front_door_days"])
        chosen = []
        for pk, person, decided_by, decided_at, authorised_by, authorised_at in _raw_rows(query):
            if self.rng.random() >= AUDIT_SHARE:
                continue
            settled = _as_datetime(authorised_at or decided_at)
            authors = frozenset(p for p in (decided_by, authorised_by) if p)
            chosen.append(Work(pk, None, person, decided_by, authors, settled, settled + held))
        return chosen

    def _assessments(self) -> list[tuple[Work, int | None]]:
        """The assessments chosen, each with the team holding its referral."""
        query = (
            Assessment.objects.filter(status=Assessment.Status.AUTHORISED)
            .order_by("pk")
            .values_list(
                "pk",
                "referral__person_id",
                "worker_id",
                "submitted_by_id",
                "authorised_by_id",
                "authorised_on",
                "referral__team_id",
                "referral__closed_on",
            )
        )
        after_closure = timedelta(days=settings.FRONTDOOR_ACCESS["after_closure_days"] + 1)
        chosen = []
        for row in _raw_rows(query):
            pk, person, worker, submitted_by, authorised_by, authorised_on, team, closed = row
            if self.rng.random() >= AUDIT_SHARE or authorised_on is None:
                continue
            authors = frozenset(p for p in (worker, submitted_by, authorised_by) if p)
            settled = datetime.combine(_as_date(authorised_on), time(17), tzinfo=self.tz)
            held_until = None
            if closed is not None:
                held_until = datetime.combine(_as_date(closed) + after_closure, time(), self.tz)
            work = Work(None, pk, person, worker, authors, settled, held_until)
            chosen.append((work, team))
        return chosen

    def _pick(
        self, weights: Mapping[int, float], exclude: frozenset[int], work: Work, at: datetime
    ) -> int | None:
        """Someone from `weights`, not in `exclude`, who may read `work` at `at`."""
        held = work.held_until is None or at < work.held_until
        allowed = {
            pk: w for pk, w in weights.items() if pk not in exclude and (held or pk == self.head)
        }
        return Weighted(allowed).pick(self.rng) if allowed else None

    def _audit(self, work: Work, auditors: Mapping[int, float]) -> None:
        """One audit of `work`, unless it would be after now or nobody may audit it."""
        rng = self.rng
        audited_at = self._later(work.settled_at, AUDIT_DELAY_DAYS)
        if audited_at > self.latest:
            return
        auditor = self._pick(auditors, work.authors, work, audited_at)
        if auditor is None:
            return
        overall = self.audit_grades.pick(rng)
        pk = self._pk(Audit)
        moderation = self._moderation(work, auditor, overall, audited_at, auditors)
        moderator, moderated_at, _, moderated_grade, _ = moderation
        standing = moderated_grade if moderator is not None else overall
        self.rows[Audit].append(
            (
                pk,
                work.decision,
                work.assessment,
                work.person,
                work.worker,
                auditor,
                audited_at,
                overall,
                rng.choice(phrases.AUDIT_SUMMARIES[overall]),
                *moderation,
            )
        )
        graded = self._graded(AUDIT_RUBRIC, overall, phrases.AUDIT_ITEM_COMMENTS)
        for item, grade, comment in graded:
            self.rows[AuditItem].append((self._pk(AuditItem), pk, item, grade, comment))
        if standing in LOW_GRADES and rng.random() < LEARNING_ACTION_SHARE:
            # Set by whoever gave the grade that stands, when they gave it.
            set_by, since = auditor, audited_at
            if moderator is not None and moderated_at is not None and standing != overall:
                set_by, since = moderator, moderated_at
            self._learning_action(pk, work.worker, set_by, since)

    def _moderation(
        self,
        work: Work,
        auditor: int,
        overall: str,
        audited_at: datetime,
        moderators: Mapping[int, float],
    ) -> tuple[int | None, datetime | None, bool | None, str, str]:
        """(moderator, when, agrees, moderated grade, reason): all empty when not moderated."""
        rng = self.rng
        none: tuple[int | None, datetime | None, bool | None, str, str] = (None, None, None, "", "")
        if rng.random() >= MODERATED_SHARE:
            return none
        moderated_at = self._later(audited_at, MODERATION_DELAY_DAYS)
        if moderated_at > self.latest:
            return none
        moderator = self._pick(moderators, work.authors | {auditor}, work, moderated_at)
        if moderator is None:
            return none
        if rng.random() >= MODERATION_DIFFERS_SHARE:
            return (moderator, moderated_at, True, overall, "")
        grade = self._beside(overall)
        return (moderator, moderated_at, False, grade, rng.choice(phrases.MODERATION_REASONS))

    def _beside(self, grade: str) -> str:
        """A grade one either side of `grade`."""
        index = GRADES.index(grade)
        options = [GRADES[i] for i in (index - 1, index + 1) if 0 <= i < len(GRADES)]
        return self.rng.choice(options)

    def _graded(
        self,
        rubric: Sequence[RubricItem],
        overall: str,
        comments: Mapping[str, Mapping[bool, Sequence[str]]],
    ) -> list[tuple[str, str, str]]:
        """(item, grade, comment) for every item: most as the overall grade, the others one
        either side; a comment on every low grade and on some others."""
        rng = self.rng
        graded = []
        for item in rubric:
            grade = overall if rng.random() < ITEM_AS_OVERALL_SHARE else self._beside(overall)
            low = grade in LOW_GRADES
            comment = ""
            if low or rng.random() < HIGH_ITEM_COMMENT_SHARE:
                comment = rng.choice(comments[item.key][low])
            graded.append((item.key, grade, comment))
        return graded

    def _learning_action(self, audit: int, worker: int, set_by: int, since: datetime) -> None:
        rng = self.rng
        set_at = min(since + timedelta(minutes=rng.randint(10, 240)), self.latest)
        set_on = set_at.astimezone(self.tz).date()
        due_on = set_on + timedelta(days=rng.randint(*LEARNING_DUE_DAYS))
        if due_on >= self.today:
            when = "not_yet"
        else:
            when = "lately" if (self.today - due_on).days <= LATELY_DAYS else "long_ago"
        done_at, note = None, ""
        if rng.random() < LEARNING_DONE_SHARE[when]:
            last = datetime.combine(due_on, time(17), tzinfo=self.tz) + timedelta(days=3)
            last = min(last, self.latest)
            if last > set_at:
                done_at = set_at + (last - set_at) * rng.random()
                note = rng.choice(phrases.LEARNING_DONE_NOTES)
        self.rows[LearningAction].append(
            (
                self._pk(LearningAction),
                audit,
                worker,
                rng.choice(phrases.LEARNING_ACTIONS),
                due_on,
                set_by,
                set_at,
                done_at,
                note,
            )
        )

    # --- Monitored calls -------------------------------------------------------------------

    def _calls(self) -> None:
        """Each consultant social worker's phone contacts, by month, a few monitored."""
        rng = self.rng
        workers = {
            user.pk: user
            for user in sorted(self.users.values(), key=lambda user: user.pk)
            if user.role == Role.CSW
        }
        query = (
            Contact.objects.filter(
                status=Contact.Status.RECORDED,
                channel__in=sorted(phrases.PHONE_CHANNELS),
                csw_id__in=list(workers),
            )
            .order_by("received_at", "pk")
            .values_list("pk", "csw_id", "received_at", "call_ended_at")
        )
        by_month: dict[tuple[int, date], list[tuple[int, datetime, datetime]]] = {}
        for pk, csw, received_at, ended_at in _raw_rows(query):
            received_at = _as_datetime(received_at)
            ended_at = _as_datetime(ended_at) or received_at + timedelta(minutes=15)
            month = received_at.astimezone(self.tz).date().replace(day=1)
            by_month.setdefault((csw, month), []).append((pk, received_at, ended_at))
        for (csw, _), calls in by_month.items():
            chosen = rng.sample(calls, min(self.calls_per_month.pick(rng), len(calls)))
            for contact, received_at, ended_at in sorted(chosen, key=lambda call: call[1]):
                self._call(contact, workers[csw], received_at, ended_at)

    def _monitor_of(self, worker: Any) -> int | None:
        """The worker's team manager, or now and then the head of service."""
        managers = sorted(
            user.pk
            for user in self.users.values()
            if user.role == Role.TEAM_MANAGER and user.team_id and user.team_id == worker.team_id
        )
        head = self._user("hos")
        if head is not None and (not managers or self.rng.random() < HEAD_OF_SERVICE_SHARE):
            return head
        return managers[0] if managers else None

    def _call(self, contact: int, worker: Any, received_at: datetime, ended_at: datetime) -> None:
        rng = self.rng
        monitor = self._monitor_of(worker)
        if monitor is None or monitor == worker.pk:
            return
        if rng.random() < LIVE_SHARE:
            mode, listened_at = MonitoredCall.Mode.LIVE, received_at
            recorded_at = ended_at + timedelta(minutes=rng.randint(10, 120))
        else:
            mode = MonitoredCall.Mode.RECORDED
            listened_at = self._later(ended_at, (1, 8))
            recorded_at = listened_at + timedelta(minutes=rng.randint(20, 90))
        if recorded_at > self.latest:
            return
        overall = self.call_grades.pick(rng)
        graded = self._graded(CALL_RUBRIC, overall, phrases.CALL_ITEM_COMMENTS)
        acknowledged_at, reply = None, ""
        if rng.random() < ACKNOWLEDGED_SHARE:
            acknowledged_at = self._later(recorded_at, (0, 6))
            if acknowledged_at > self.latest:
                acknowledged_at = None
            elif rng.random() < REPLY_SHARE:
                reply = rng.choice(phrases.CALL_REPLIES)
        pk = self._pk(MonitoredCall)
        self.rows[MonitoredCall].append(
            (
                pk,
                contact,
                worker.pk,
                listened_at,
                mode,
                rng.choice(phrases.CALL_FEEDBACK[overall in LOW_GRADES]),
                monitor,
                recorded_at,
                acknowledged_at,
                reply,
            )
        )
        for item, grade, comment in graded:
            self.rows[CallItem].append((self._pk(CallItem), pk, item, grade, comment))

    # --- The partner survey ----------------------------------------------------------------

    def _survey(self) -> None:
        rng = self.rng
        questions = list(
            SurveyQuestion.objects.filter(active=True).values_list("pk", "text", "kind", "required")
        )
        open_for = timedelta(days=settings.FRONTDOOR_SURVEY_DAYS)
        fallback = self._user("csw1")
        query = (
            Contact.objects.filter(feedback_sent_at__isnull=False)
            .order_by("feedback_sent_at", "pk")
            .values_list("pk", "feedback_sent_at", "referrer_agency", "referrer_name", "csw_id")
        )
        for pk, sent_at, agency, referrer, csw in _raw_rows(query):
            created_by = csw or fallback
            if created_by is None:
                continue
            created_at = _as_datetime(sent_at)
            expires_at = created_at + open_for
            invitation = self._pk(SurveyInvitation)
            token = base64.urlsafe_b64encode(rng.randbytes(18)).decode()
            answered_at = None
            # An anonymous referrer has nowhere to be sent the link.
            if (referrer or agency) and rng.random() < RESPONSE_SHARE:
                hours = min(rng.expovariate(1 / 40), open_for.total_seconds() / 3600 - 1)
                moment = created_at + timedelta(hours=max(hours, 0.1))
                if moment < expires_at and moment <= self.latest:
                    answered_at = moment
            self.rows[SurveyInvitation].append(
                (
                    invitation,
                    pk,
                    token,
                    (agency or "").strip(),
                    created_at,
                    expires_at,
                    answered_at,
                    created_by,
                )
            )
            if answered_at is not None and questions:
                self._response(invitation, answered_at, questions)

    def _response(
        self, invitation: int, answered_at: datetime, questions: Sequence[tuple[Any, ...]]
    ) -> None:
        rng = self.rng
        mood = self.moods.pick(rng)
        comment = ""
        if rng.random() < COMMENT_SHARE[mood]:
            comment = rng.choice(phrases.SURVEY_COMMENTS[mood == "pleased"])
        pk = self._pk(SurveyResponse)
        self.rows[SurveyResponse].append((pk, invitation, answered_at, comment))
        for question, text, kind, required in questions:
            if not required and rng.random() >= OPTIONAL_ANSWERED_SHARE:
                continue
            if kind == SurveyQuestion.Kind.SCALE:
                value = self.mood_scores[mood].pick(rng)
            else:
                value = int(rng.random() < MOOD_YES[mood])
            answer = (self._pk(SurveyAnswer), pk, question, text, kind, value)
            self.rows[SurveyAnswer].append(answer)


ROW_NAMES: dict[type[models.Model], tuple[str, ...]] = {
    Audit: (
        "id",
        "decision",
        "assessment",
        "person",
        "worker",
        "auditor",
        "audited_at",
        "overall_grade",
        "summary",
        "moderated_by",
        "moderated_at",
        "moderation_agrees",
        "moderated_grade",
        "moderation_reason",
    ),
    AuditItem: ("id", "audit", "item", "grade", "comment"),
    LearningAction: (
        "id",
        "audit",
        "worker",
        "text",
        "due_on",
        "set_by",
        "set_at",
        "done_at",
        "done_note",
    ),
    MonitoredCall: (
        "id",
        "contact",
        "worker",
        "listened_at",
        "mode",
        "feedback",
        "recorded_by",
        "recorded_at",
        "acknowledged_at",
        "reply",
    ),
    CallItem: ("id", "call", "item", "grade", "comment"),
    SurveyInvitation: (
        "id",
        "contact",
        "token_id",
        "agency",
        "created_at",
        "expires_at",
        "used_at",
        "created_by",
    ),
    SurveyResponse: ("id", "invitation", "answered_at", "comment"),
    SurveyAnswer: ("id", "response", "question", "question_text", "kind", "value"),
}
