"""Every write in safeguarding: one function each, one transaction each, each audited.

The rules live here: a rating change and checks without consent need a reason; a partner
answers only their own agency's checks; a strategy discussion has the local authority, police
and health, or a reason for each one absent, and a rationale for every child's section 47
decision; a conference is never on a weekend and a plan never starts before its conference.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from frontdoor.accounts.models import User
from frontdoor.accounts.rules import is_manager
from frontdoor.casework.clocks import due_on
from frontdoor.casework.early_help import services as early_help_services
from frontdoor.casework.oversight.services import NOT_CASEWORKERS
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.transitions import services as transition_services
from frontdoor.contacts.models import REFERRAL_OUTCOMES, Decision, Immediacy, Outcome
from frontdoor.core.audit import audit_write, changes_between, snapshot
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.services import bump, check_version, lock, past_date, require, required_text
from frontdoor.core.working_days import calendar
from frontdoor.people.models import Person

from .models import (
    REQUIRED_AGENCIES,
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
)

# --- MASH enquiries ---------------------------------------------------------------------------


def rag_due_at(rag: str, rated_at: datetime) -> datetime:
    """When checks rated `rag` at `rated_at` must be answered (working hours, configurable)."""
    hours = settings.FRONTDOOR_MASH_RAG_HOURS[rag]
    return calendar().add_working_hours(rated_at, hours)


def mash_enquiry_open(
    *,
    actor: Any,
    person: Person,
    rag: str = Rag.AMBER,
    origin: Any = None,
    reason: str = "Rated when the MASH enquiry was opened",
) -> MashEnquiry:
    """Open an enquiry (called inside a service: the decision that asked for it); a child
    with an enquiry already open keeps that one."""
    existing = (
        MashEnquiry.objects.select_for_update()
        .filter(person=person, concluded_at__isnull=True)
        .first()
    )
    if existing is not None:
        return existing
    now = timezone.now()
    enquiry = MashEnquiry.objects.create(
        person=person,
        origin=origin,
        rag=rag,
        rated_at=now,
        due_at=rag_due_at(rag, now),
        opened_by=actor,
        opened_at=now,
    )
    RagChange.objects.create(
        enquiry=enquiry, to_rag=rag, reason=reason, changed_by=actor, changed_at=now
    )
    audit_write(
        actor=actor,
        action="mash.open",
        obj=enquiry,
        changes={"rag": [None, rag]},
        summary=f"MASH enquiry for {person.full_name}",
    )
    return enquiry


def mash_from_decision(*, decision: Decision, actor: Any) -> None:
    if decision.outcome == Outcome.MASH_ENQUIRY:
        mash_enquiry_open(
            actor=actor, person=decision.contact_child.person, origin=decision.contact_child
        )


def _open_enquiry(actor: Any, enquiry_id: int, version: int | None) -> MashEnquiry:
    enquiry = lock(MashEnquiry, enquiry_id)
    require(actor, "safeguarding.work_on_mash", enquiry)
    check_version(enquiry, version)
    if not enquiry.is_open:
        raise DomainError("This MASH enquiry has been concluded")
    return enquiry


@transaction.atomic
def mash_rate(
    *, actor: Any, enquiry_id: int, version: int | None, rag: str, reason: str
) -> MashEnquiry:
    """Change the rating; the clock restarts from now at the new rating's length."""
    enquiry = _open_enquiry(actor, enquiry_id, version)
    if rag not in Rag.values:
        raise DomainError("Select red, amber or green", field="rag")
    if rag == enquiry.rag:
        raise DomainError(
            f"The enquiry is already rated {enquiry.get_rag_display().lower()}", field="rag"
        )
    reason = required_text(reason, "reason", "Enter why the rating changes")
    now = timezone.now()
    RagChange.objects.create(
        enquiry=enquiry,
        from_rag=enquiry.rag,
        to_rag=rag,
        reason=reason,
        changed_by=actor,
        changed_at=now,
    )
    before = snapshot(enquiry, ["rag", "due_at"])
    enquiry.rag, enquiry.rated_at, enquiry.due_at = rag, now, rag_due_at(rag, now)
    for check in enquiry.checks.filter(answered_at__isnull=True):
        check.due_at = enquiry.due_at
        check.save(update_fields=["due_at"])
    bump(enquiry)
    audit_write(
        actor=actor,
        action="mash.rate",
        obj=enquiry,
        changes=changes_between(before, snapshot(enquiry, ["rag", "due_at"])),
        summary=reason,
    )
    return enquiry


@transaction.atomic
def mash_consent_record(
    *, actor: Any, enquiry_id: int, version: int | None, consent: str, reason: str = ""
) -> MashEnquiry:
    enquiry = _open_enquiry(actor, enquiry_id, version)
    if consent not in MashConsent.values:
        raise DomainError("Select whether consent was obtained", field="consent")
    reason = reason.strip()
    if consent != MashConsent.OBTAINED and not reason:
        raise DomainError("Enter why the checks go ahead without consent", field="consent_reason")
    before = snapshot(enquiry, ["consent", "consent_reason"])
    enquiry.consent, enquiry.consent_reason = consent, reason
    bump(enquiry)
    audit_write(
        actor=actor,
        action="mash.consent",
        obj=enquiry,
        changes=changes_between(before, snapshot(enquiry, ["consent", "consent_reason"])),
    )
    return enquiry


@dataclass(frozen=True)
class CheckRequest:
    agency: str
    question: str
    other_agency: str = ""


@transaction.atomic
def checks_request(
    *, actor: Any, enquiry_id: int, version: int | None, requests: list[CheckRequest]
) -> list[AgencyCheck]:
    """Send agency checks, each due when the enquiry's rating says."""
    enquiry = _open_enquiry(actor, enquiry_id, version)
    if not enquiry.consent:
        raise DomainError("Record the consent decision before sending checks", field="consent")
    if not requests:
        raise DomainError("Select at least one agency to check with", field="agencies")
    now = timezone.now()
    checks = []
    for request in requests:
        if request.agency not in CheckAgency.values:
            raise DomainError("Select agencies from the list", field="agencies")
        question = required_text(
            request.question, f"question_{request.agency}", "Enter the question for each agency"
        )
        if request.agency == CheckAgency.OTHER and not request.other_agency.strip():
            raise DomainError("Enter the name of the other agency", field="other_agency")
        if enquiry.checks.filter(agency=request.agency, answered_at__isnull=True).exists():
            raise DomainError(
                f"A check to {CheckAgency(request.agency).label} is already waiting",
                field="agencies",
            )
        check = AgencyCheck.objects.create(
            enquiry=enquiry,
            agency=request.agency,
            other_agency=request.other_agency.strip(),
            question=question,
            requested_by=actor,
            requested_at=now,
            due_at=enquiry.due_at,
        )
        audit_write(
            actor=actor,
            action="mash.check_request",
            obj=check,
            summary=f"{check.get_agency_display()}: {question[:200]}",
        )
        checks.append(check)
    bump(enquiry)
    return checks


@transaction.atomic
def check_answer(
    *, actor: Any, check_id: int, version: int | None, answer: str = "", nothing_known: bool = False
) -> AgencyCheck:
    """A partner (or MASH staff on their behalf) answers a check addressed to their agency."""
    check = lock(AgencyCheck, check_id)
    require(actor, "safeguarding.answer_check", check)
    if check.answered_at:
        raise ConflictError(f"{check.answered_by} already answered this check")
    if not check.enquiry.is_open:
        raise DomainError("This MASH enquiry has been concluded")
    check_version(check, version)
    answer = answer.strip()
    if not answer and not nothing_known:
        raise DomainError(
            "Enter what your agency knows, or select \u201cNothing known\u201d", field="answer"
        )
    if answer and nothing_known:
        raise DomainError(
            "Either enter what your agency knows or select \u201cNothing known\u201d, not both",
            field="answer",
        )
    check.answer, check.nothing_known = answer, nothing_known
    check.answered_by, check.answered_at = actor, timezone.now()
    bump(check)
    audit_write(
        actor=actor,
        action="mash.check_answer",
        obj=check,
        changes={"answer": [None, "Nothing known" if nothing_known else answer]},
    )
    return check


@transaction.atomic
def check_chase(*, actor: Any, check_id: int) -> AgencyCheck:
    """Record that an overdue check was chased with the agency."""
    check = lock(AgencyCheck, check_id)
    require(actor, "safeguarding.work_on_mash", check.enquiry)
    if not check.enquiry.is_open:
        raise DomainError("This MASH enquiry has been concluded")
    if check.answered_at:
        raise DomainError("This check has been answered")
    if check.due_at > timezone.now():
        raise DomainError("This check is not overdue yet")
    check.last_chased_at, check.times_chased = timezone.now(), check.times_chased + 1
    bump(check)
    audit_write(
        actor=actor,
        action="mash.check_chase",
        obj=check,
        summary=f"Chased {check.get_agency_display()} ({check.times_chased})",
    )
    return check


@transaction.atomic
def mash_conclude(
    *, actor: Any, enquiry_id: int, version: int | None, outcome: str, rationale: str
) -> MashEnquiry:
    """The MASH decision: any of the front door's outcomes, which then starts as it would."""
    enquiry = _open_enquiry(actor, enquiry_id, version)
    if outcome not in Outcome.values or outcome == Outcome.MASH_ENQUIRY:
        raise DomainError("Select the outcome of the enquiry", field="outcome")
    rationale = required_text(rationale, "rationale", "Enter the rationale for the outcome")
    if outcome in settings.FRONTDOOR_OUTCOMES_NEEDING_AUTHORISATION and not is_manager(actor):
        raise DomainError(
            f"{Outcome(outcome).label} needs a manager: ask a manager to conclude the enquiry",
            field="outcome",
        )
    waiting = enquiry.checks.filter(answered_at__isnull=True).count()
    enquiry.outcome, enquiry.outcome_rationale = outcome, rationale
    enquiry.concluded_by, enquiry.concluded_at = actor, timezone.now()
    bump(enquiry)
    audit_write(
        actor=actor,
        action="mash.conclude",
        obj=enquiry,
        changes={"outcome": [None, outcome]},
        summary=rationale + (f" ({waiting} checks unanswered)" if waiting else ""),
    )
    _start_what_the_enquiry_decided(actor, enquiry)
    return enquiry


def _start_what_the_enquiry_decided(actor: Any, enquiry: MashEnquiry) -> None:
    """As a front-door decision would: a referral (dated when the contact came in, joined by
    that contact) or early help, both kept linked to the contact."""
    on = timezone.localdate()
    origin = enquiry.origin
    contact = origin.contact if origin else None
    if enquiry.outcome in REFERRAL_OUTCOMES:
        referral = referral_services.referral_open(
            actor=actor,
            person=enquiry.person,
            referral_date=timezone.localtime(contact.received_at).date() if contact else on,
            source=contact.referral_source if contact else "",
            urgent=enquiry.outcome != Outcome.SOCIAL_WORK_ASSESSMENT
            or (contact is not None and contact.immediacy == Immediacy.IMMEDIATE),
            origin=origin,
        )
        transition_services.step_up_from_early_help(
            actor=actor,
            referral=referral,
            on=on,
            reason=f"MASH enquiry {enquiry.reference} concluded: {enquiry.outcome_rationale}",
        )
    elif enquiry.outcome == Outcome.EARLY_HELP and referral_services.open_referral_of(
        enquiry.person
    ):
        # Open to social work already: the contact goes to the worker who holds the child.
        referral_services.referral_open(
            actor=actor, person=enquiry.person, referral_date=on, source="", origin=origin
        )
    elif enquiry.outcome == Outcome.EARLY_HELP:
        early_help_services.early_help_open(
            actor=actor, person=enquiry.person, opened_on=on, origin=origin
        )


# --- Strategy discussions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Attendance:
    agency: str
    attended: bool
    name: str = ""
    role: str = ""
    absence_reason: str = ""


@dataclass(frozen=True)
class ChildDecision:
    person_id: int
    start_section_47: bool | None
    rationale: str


@dataclass(frozen=True)
class Action:
    owner_id: int | None
    action: str
    due_on: date | None


def _check_attendance(attendance: list[Attendance]) -> None:
    present = {a.agency for a in attendance if a.attended}
    for item in attendance:
        if item.agency not in ExpectedAgency.values:
            raise DomainError("Select agencies from the list", field="attendance")
        if item.attended and not item.name.strip():
            raise DomainError(
                f"Enter who came for {ExpectedAgency(item.agency).label}",
                field=f"name_{item.agency}",
            )
        if not item.attended and not item.absence_reason.strip():
            raise DomainError(
                f"Enter why {ExpectedAgency(item.agency).label} was not there",
                field=f"absence_{item.agency}",
            )
    explained = {a.agency for a in attendance if not a.attended}
    for agency in REQUIRED_AGENCIES:
        if agency not in present and agency not in explained:
            raise DomainError(
                f"{ExpectedAgency(agency).label} must take part in a strategy discussion: "
                "record who came, or why they could not",
                field=f"absence_{agency}",
            )


@transaction.atomic
def strategy_discussion_record(
    *,
    actor: Any,
    held_at: datetime | None,
    chair_id: int | None,
    attendance: list[Attendance],
    children: list[ChildDecision],
    information_shared: str,
    next_steps: str,
    interim_safety_plan: str = "",
    legal_advice_needed: bool = False,
    actions: list[Action] | None = None,
    enquiry_id: int | None = None,
) -> StrategyDiscussion:
    """Record a strategy discussion about one or more children, whole or not at all."""
    require(actor, "safeguarding.record_strategy")
    if held_at is None:
        raise DomainError("Enter when the strategy discussion was held", field="held_at")
    if held_at > timezone.now():
        raise DomainError("The strategy discussion must have been held already", field="held_at")
    chair = _council_staff(chair_id)
    if chair is None:
        raise DomainError("Select who chaired the discussion", field="chair")
    _check_attendance(attendance)
    information_shared = required_text(
        information_shared, "information_shared", "Enter the information shared"
    )
    next_steps = required_text(next_steps, "next_steps", "Enter the next steps")
    if enquiry_id is not None and not MashEnquiry.objects.filter(pk=enquiry_id).exists():
        raise DomainError("The MASH enquiry this discussion follows no longer exists")
    if not children:
        raise DomainError("Add the children the discussion was about", field="children")
    decided: list[tuple[Person, bool, str]] = []
    for child in children:
        person = Person.objects.filter(pk=child.person_id).first()
        if person is None:
            raise DomainError("Add the children the discussion was about", field="children")
        if any(other.pk == person.pk for other, _, _ in decided):
            raise DomainError(f"{person.full_name} is listed twice", field="children")
        if child.start_section_47 is None:
            raise DomainError(
                f"Select whether a section 47 enquiry starts for {person.full_name}",
                field=f"s47_{person.pk}",
            )
        rationale = required_text(
            child.rationale,
            f"rationale_{person.pk}",
            f"Enter why the discussion decided as it did for {person.full_name}",
        )
        decided.append((person, child.start_section_47, rationale))
    discussion = StrategyDiscussion.objects.create(
        held_at=held_at,
        chair=chair,
        enquiry_id=enquiry_id,
        information_shared=information_shared,
        interim_safety_plan=interim_safety_plan.strip(),
        legal_advice_needed=legal_advice_needed,
        next_steps=next_steps,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    for item in attendance:
        StrategyAttendance.objects.create(
            discussion=discussion,
            agency=item.agency,
            name=item.name.strip(),
            role=item.role.strip(),
            attended=item.attended,
            absence_reason=item.absence_reason.strip(),
        )
    held_on = timezone.localtime(held_at).date()
    enquiry = (
        MashEnquiry.objects.select_related("origin__contact").filter(pk=enquiry_id).first()
        if enquiry_id
        else None
    )
    source = enquiry.origin.contact.referral_source if enquiry and enquiry.origin else ""
    for person, start, rationale in decided:
        referral = referral_services.referral_open(
            actor=actor, person=person, referral_date=held_on, source=source, urgent=True
        )
        strategy_child = StrategyChild.objects.create(
            discussion=discussion,
            person=person,
            referral=referral,
            start_section_47=start,
            rationale=rationale,
        )
        if start:
            section47 = Section47.objects.create(
                person=person,
                referral=referral,
                strategy_child=strategy_child,
                started_on=held_on,
                conference_due_on=due_on(held_on, "conference_working_days"),
            )
            audit_write(
                actor=actor,
                action="section47.start",
                obj=section47,
                summary=f"Section 47 enquiry for {person.full_name}: {rationale[:200]}",
            )
    for action in actions or []:
        _add_action(discussion, action)
    audit_write(
        actor=actor,
        action="strategy.record",
        obj=discussion,
        summary=f"Strategy discussion about {', '.join(p.full_name for p, _, _ in decided)}",
    )
    return discussion


def _council_staff(user_id: int | None) -> User | None:
    """An active council worker (not a partner, analyst or administrator), or None."""
    if not user_id:
        return None
    return User.objects.filter(pk=user_id, is_active=True).exclude(role__in=NOT_CASEWORKERS).first()


def _add_action(discussion: StrategyDiscussion, action: Action) -> None:
    text = required_text(action.action, "actions", "Enter what each action is")
    owner = _council_staff(action.owner_id)
    if owner is None:
        raise DomainError("Select who does each action", field="actions")
    if action.due_on is None or action.due_on < timezone.localtime(discussion.held_at).date():
        raise DomainError(
            "Enter when each action is due, on or after the discussion", field="actions"
        )
    StrategyAction.objects.create(
        discussion=discussion, owner=owner, action=text, due_on=action.due_on
    )


@transaction.atomic
def strategy_action_done(*, actor: Any, action_id: int, note: str) -> StrategyAction:
    action = lock(StrategyAction, action_id)
    if actor.pk != action.owner_id and not is_manager(actor):
        raise PermissionDeniedError("Only the person the action is for, or a manager, can do this")
    if action.done_at:
        raise ConflictError("This action has already been done")
    action.done_note = required_text(note, "note", "Enter what was done")
    action.done_at = timezone.now()
    action.save()
    audit_write(actor=actor, action="strategy.action_done", obj=action, summary=action.done_note)
    return action


# --- Section 47 and conferences ---------------------------------------------------------------


@transaction.atomic
def section47_outcome_record(
    *, actor: Any, section47_id: int, version: int | None, outcome: str, outcome_on: date | None
) -> Section47:
    section47 = lock(Section47, section47_id)
    check_version(section47, version)
    require(actor, "safeguarding.work_on_section47", section47)
    if section47.outcome:
        raise ConflictError("The outcome of this enquiry has been recorded")
    if outcome not in Section47Outcome.values:
        raise DomainError("Select the outcome of the enquiry", field="outcome")
    outcome_on = past_date(
        outcome_on,
        field="outcome_on",
        label="the date of the outcome",
        not_before=section47.started_on,
        before_label="the strategy discussion",
    )
    section47.outcome, section47.outcome_on, section47.outcome_by = outcome, outcome_on, actor
    bump(section47)
    audit_write(
        actor=actor, action="section47.outcome", obj=section47, changes={"outcome": [None, outcome]}
    )
    return section47


@transaction.atomic
def conference_record(
    *, actor: Any, section47_id: int, held_on: date | None, outcome: str, chair: str
) -> Conference:
    section47 = lock(Section47, section47_id)
    require(actor, "safeguarding.work_on_section47", section47)
    if section47.outcome != Section47Outcome.ICPC:
        raise DomainError("Record the enquiry's outcome as an initial conference first")
    if Conference.objects.filter(section47=section47).exists():
        raise ConflictError("The initial conference has already been recorded")
    held_on = past_date(
        held_on,
        field="held_on",
        label="the date of the conference",
        not_before=section47.started_on,
        before_label="the strategy discussion",
    )
    if held_on.weekday() >= 5:
        raise DomainError(
            f"{held_on:%A %-d %B %Y} is a weekend: conferences are held on weekdays",
            field="held_on",
        )
    if outcome not in ConferenceOutcome.values:
        raise DomainError("Select the outcome of the conference", field="outcome")
    conference = Conference.objects.create(
        section47=section47,
        held_on=held_on,
        outcome=outcome,
        chair=required_text(chair, "chair", "Enter who chaired the conference"),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    late = held_on > section47.conference_due_on
    audit_write(
        actor=actor,
        action="conference.record",
        obj=conference,
        changes={"held_on": [None, held_on.isoformat()], "outcome": [None, outcome]},
        summary="Held after its 15 working days" if late else "",
    )
    return conference


def _review_due(day: date, months: int) -> date:
    """`months` after `day`, brought back to a working day (conferences are not held on
    weekends or bank holidays)."""
    cal = calendar()
    due = _add_months(day, months)
    while not cal.is_working_day(due):
        due -= timedelta(days=1)
    return due


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, month_calendar.monthrange(year, month)[1])
    )


@transaction.atomic
def cp_plan_start(
    *, actor: Any, conference_id: int, start_date: date | None, category: str
) -> CpPlan:
    conference = lock(Conference, conference_id)
    section47 = conference.section47
    require(actor, "safeguarding.work_on_section47", section47)
    if conference.outcome != ConferenceOutcome.CP_PLAN:
        raise DomainError("The conference did not decide on a child protection plan")
    if CpPlan.objects.filter(conference=conference).exists():
        raise ConflictError("This conference's plan has already been started")
    start_date = past_date(
        start_date,
        field="start_date",
        label="the plan start date",
        not_before=conference.held_on,
        before_label="the conference",
    )
    if start_date != conference.held_on:
        # The conference makes the plan: it starts that day (CIN census rule 2885).
        raise DomainError(
            f"A child protection plan starts on the day of the conference that made it: "
            f"{conference.held_on:%-d %B %Y}",
            field="start_date",
        )
    if category not in AbuseCategory.values:
        raise DomainError("Select the category of abuse", field="category")
    previous = CpPlan.objects.filter(person=section47.person, end_date__isnull=False).count()
    if CpPlan.objects.filter(person=section47.person, end_date__isnull=True).exists():
        raise DomainError("This child already has a child protection plan")
    plan = CpPlan.objects.create(
        person=section47.person,
        referral=section47.referral,
        conference=conference,
        start_date=start_date,
        initial_category=category,
        latest_category=category,
        previous_plans=previous,
        started_by=actor,
        next_review_on=_review_due(start_date, settings.FRONTDOOR_CLOCKS["cp_first_review_months"]),
        next_visit_on=due_on(start_date, "cp_visit_working_days"),
    )
    audit_write(
        actor=actor,
        action="cp_plan.start",
        obj=plan,
        changes={"start_date": [None, start_date.isoformat()], "category": [None, category]},
    )
    return plan


def _open_plan(actor: Any, plan_id: int) -> CpPlan:
    plan = lock(CpPlan, plan_id)
    require(actor, "safeguarding.work_on_section47", plan)
    if plan.end_date:
        raise DomainError("This plan has ended")
    return plan


@transaction.atomic
def cp_review_record(
    *, actor: Any, plan_id: int, held_on: date | None, category: str, note: str = ""
) -> CpReview:
    plan = _open_plan(actor, plan_id)
    held_on = past_date(
        held_on,
        field="held_on",
        label="the date of the review conference",
        not_before=plan.start_date,
        before_label="the plan start date",
    )
    if held_on.weekday() >= 5:
        raise DomainError(
            f"{held_on:%A %-d %B %Y} is a weekend: conferences are held on weekdays",
            field="held_on",
        )
    if category not in AbuseCategory.values:
        raise DomainError("Select the category of abuse", field="category")
    review = CpReview.objects.create(
        plan=plan, held_on=held_on, category=category, note=note.strip(), recorded_by=actor
    )
    previous_category = plan.latest_category
    plan.latest_category = category
    plan.next_review_on = _review_due(held_on, settings.FRONTDOOR_CLOCKS["cp_review_months"])
    bump(plan)
    audit_write(
        actor=actor,
        action="cp_plan.review",
        obj=plan,
        changes={"latest_category": [previous_category, category]},
    )
    return review


@transaction.atomic
def cp_visit_record(
    *,
    actor: Any,
    plan_id: int,
    visited_on: date | None,
    child_seen: bool | None,
    seen_alone: bool = False,
    note: str = "",
) -> CpVisit:
    plan = _open_plan(actor, plan_id)
    visited_on = past_date(
        visited_on,
        field="visited_on",
        label="the date of the visit",
        not_before=plan.start_date,
        before_label="the plan start date",
    )
    if child_seen is None:
        raise DomainError("Select whether the child was seen", field="child_seen")
    if seen_alone and not child_seen:
        raise DomainError("A child not seen cannot have been seen alone", field="seen_alone")
    visit = CpVisit.objects.create(
        plan=plan,
        visited_on=visited_on,
        child_seen=child_seen,
        seen_alone=seen_alone,
        note=note.strip(),
        recorded_by=actor,
    )
    if child_seen:
        plan.next_visit_on = max(
            plan.next_visit_on or visited_on, due_on(visited_on, "cp_visit_working_days")
        )
        bump(plan)
    audit_write(
        actor=actor,
        action="cp_plan.visit",
        obj=visit,
        summary="Child seen alone"
        if seen_alone
        else ("Child seen" if child_seen else "Child not seen"),
    )
    return visit


@transaction.atomic
def cp_plan_end(*, actor: Any, plan_id: int, end_date: date | None, reason: str) -> CpPlan:
    plan = _open_plan(actor, plan_id)
    end_date = past_date(
        end_date,
        field="end_date",
        label="the plan end date",
        not_before=plan.start_date,
        before_label="the plan start date",
    )
    if end_date == plan.start_date:
        raise DomainError(
            "A child protection plan cannot end on the day it starts", field="end_date"
        )
    plan.end_date, plan.end_reason = (
        end_date,
        required_text(reason, "end_reason", "Enter why the plan ends"),
    )
    plan.next_review_on = plan.next_visit_on = None
    bump(plan)
    audit_write(
        actor=actor,
        action="cp_plan.end",
        obj=plan,
        changes={"end_date": [None, end_date.isoformat()]},
        summary=plan.end_reason,
    )
    return plan


def referral_closable(*, referral: Any, closed_on: date, reason: str) -> None:
    """Refuse to close a referral while child protection work in it is still open, or with a
    reason that says no such work happened (CIN census rules 2990 and 8868)."""
    s47s = Section47.objects.filter(referral=referral)
    plans = CpPlan.objects.filter(referral=referral)
    if reason in ("RC8", "RC9") and (s47s.exists() or plans.exists()):
        raise DomainError(
            "RC8 and RC9 are for cases closed straight after an assessment, and this child had "
            "a section 47 enquiry: choose another reason",
            field="closure_reason",
        )
    waiting = s47s.filter(Q(outcome="") | Q(outcome=Section47Outcome.ICPC, conference__isnull=True))
    if waiting.exists():
        raise DomainError(
            "A section 47 enquiry is still open (no outcome, or its conference not yet held): "
            "finish it before closing",
            field="closed_on",
        )
    if plans.filter(Q(end_date__isnull=True) | Q(end_date__gt=closed_on)).exists():
        raise DomainError(
            "The child is on a child protection plan: end the plan on or before the closure date",
            field="closed_on",
        )


# --- Immediate protection ---------------------------------------------------------------------


@transaction.atomic
def immediate_protection_record(
    *,
    actor: Any,
    person: Person,
    kind: str,
    started_at: datetime | None,
    authority: str,
    note: str = "",
) -> ImmediateProtection:
    require(actor, "safeguarding.record_strategy")
    if kind not in ProtectionKind.values:
        raise DomainError("Select police protection or an emergency protection order", field="kind")
    if started_at is None:
        raise DomainError("Enter when the protection started", field="started_at")
    if started_at > timezone.now():
        raise DomainError("The protection must have started already", field="started_at")
    record = ImmediateProtection.objects.create(
        person=person,
        kind=kind,
        started_at=started_at,
        authority=required_text(authority, "authority", "Enter who authorised it"),
        note=note.strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    audit_write(
        actor=actor,
        action="protection.record",
        obj=record,
        summary=f"{record.get_kind_display()} for {person.full_name}",
    )
    return record
