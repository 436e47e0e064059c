"""Child in need plans started and ended, and the reviews of a child in need or early help plan."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from frontdoor.casework.clocks import due_on
from frontdoor.casework.early_help.services import require_open_episode
from frontdoor.casework.models import (
    CinPlan,
    EarlyHelpEpisode,
    PlanReview,
    Referral,
)
from frontdoor.casework.referrals.services import require_open
from frontdoor.core.audit import audit_write
from frontdoor.core.errors import ConflictError, DomainError
from frontdoor.core.services import bump, lock, past_date, require, required_text

# --- Plans and closure -----------------------------------------------------------------------


@transaction.atomic
def cin_plan_start(*, actor: Any, referral_id: int, start_date: date | None) -> CinPlan:
    referral = lock(Referral, referral_id)
    require(actor, "casework.work_on_referral", referral)
    require_open(referral)
    if referral.cin_plans.filter(end_date__isnull=True).exists():
        raise DomainError("This child already has a child in need plan")
    start_date = past_date(
        start_date,
        field="start_date",
        label="the plan start date",
        not_before=referral.referral_date,
        before_label="the referral date",
    )
    plan = CinPlan.objects.create(
        referral=referral,
        start_date=start_date,
        next_review_on=due_on(start_date, "cin_plan_review_working_days"),
        started_by=actor,
    )
    audit_write(
        actor=actor,
        action="cin_plan.start",
        obj=plan,
        changes={"start_date": [None, start_date.isoformat()]},
        summary=f"Child in need plan for {referral.person.full_name}",
    )
    return plan


def end_plan(actor: Any, plan: CinPlan, end_date: date) -> None:
    plan.end_date = end_date
    plan.next_review_on = None
    plan.save()
    audit_write(
        actor=actor,
        action="cin_plan.end",
        obj=plan,
        changes={"end_date": [None, end_date.isoformat()]},
    )


@transaction.atomic
def cin_plan_end(*, actor: Any, plan_id: int, end_date: date | None) -> CinPlan:
    plan = lock(CinPlan, plan_id)
    require(actor, "casework.work_on_referral", plan.referral)
    if plan.end_date:
        raise ConflictError("This plan has already ended")
    end_date = past_date(
        end_date,
        field="end_date",
        label="the plan end date",
        not_before=plan.start_date,
        before_label="the plan start date",
    )
    end_plan(actor, plan, end_date)
    return plan


@transaction.atomic
def plan_review_record(
    *,
    actor: Any,
    reviewed_on: date | None,
    note: str,
    cin_plan_id: int | None = None,
    early_help_id: int | None = None,
) -> PlanReview:
    """A review of a child in need plan or an early help plan; sets the next review date."""
    if cin_plan_id:
        plan = lock(CinPlan, cin_plan_id)
        require(actor, "casework.work_on_referral", plan.referral)
        started, clock, target = plan.start_date, "cin_plan_review_working_days", {"cin_plan": plan}
        if plan.end_date:
            raise DomainError("This plan has ended")
    else:
        episode = lock(EarlyHelpEpisode, early_help_id)  # type: ignore[arg-type]
        require(actor, "casework.work_on_early_help", episode)
        require_open_episode(episode)
        if not episode.plan_started_on:
            raise DomainError("Record the start of the early help plan first")
        started, clock, target = (
            episode.plan_started_on,
            "early_help_review_working_days",
            {"early_help": episode},
        )
    reviewed_on = past_date(
        reviewed_on,
        field="reviewed_on",
        label="the review date",
        not_before=started,
        before_label="the plan start date",
    )
    note = required_text(note, "note", "Enter what the review found and decided")
    next_review_on = due_on(reviewed_on, clock)
    review = PlanReview.objects.create(
        reviewed_on=reviewed_on,
        note=note,
        next_review_on=next_review_on,
        recorded_by=actor,
        **target,
    )
    plan_record = next(iter(target.values()))
    previous = plan_record.next_review_on
    plan_record.next_review_on = next_review_on
    if isinstance(plan_record, EarlyHelpEpisode):
        bump(plan_record)
    else:
        plan_record.save()
    audit_write(
        actor=actor,
        action="plan.review",
        obj=plan_record,
        changes={
            "next_review_on": [
                previous.isoformat() if previous else None,
                next_review_on.isoformat(),
            ]
        },
        summary=note,
    )
    return review
