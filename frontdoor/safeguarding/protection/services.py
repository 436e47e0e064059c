"""Child protection plans (started after their conference, reviewed, visited, ended),
immediate protection, and the rule that a referral does not close while child protection
work in it is open."""

from __future__ import annotations

import calendar as month_calendar
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from frontdoor.casework.clocks import due_on
from frontdoor.core.audit import audit_write
from frontdoor.core.errors import ConflictError, DomainError
from frontdoor.core.services import bump, lock, past_date, require, required_text
from frontdoor.core.working_days import calendar
from frontdoor.people.models import Person
from frontdoor.safeguarding.models import (
    AbuseCategory,
    Conference,
    ConferenceOutcome,
    CpPlan,
    CpReview,
    CpVisit,
    ImmediateProtection,
    ProtectionKind,
    Section47,
    Section47Outcome,
)


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
