"""Every write to an early help episode: opened for the pathway advisors' queue (a child has at
most one open), taken on or given to another organisation, its consent, assessment and plan,
and its closure."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from frontdoor.accounts.models import Role, User
from frontdoor.casework.clocks import due_on
from frontdoor.casework.models import (
    EarlyHelpClosure,
    EarlyHelpEpisode,
    Referral,
)
from frontdoor.core.audit import audit_write, changes_between, snapshot
from frontdoor.core.errors import DomainError
from frontdoor.core.services import bump, check_version, lock, past_date, require
from frontdoor.core.working_days import calendar
from frontdoor.people.models import Person

# --- Early help ------------------------------------------------------------------------------


def early_help_open(
    *,
    actor: Any,
    person: Person,
    opened_on: date,
    origin: Any = None,
    stepped_down_from: Referral | None = None,
) -> EarlyHelpEpisode:
    """Open an early help episode for the pathway advisors' queue (or return the open one)."""
    existing = open_early_help_of(person)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _new_early_help(
                actor=actor,
                person=person,
                opened_on=opened_on,
                origin=origin,
                stepped_down_from=stepped_down_from,
            )
    except IntegrityError:
        # Opened by another session after we looked: the one-open-episode index refused ours.
        existing = open_early_help_of(person)
        if existing is None:
            raise
        return existing


def open_early_help_of(person: Person) -> EarlyHelpEpisode | None:
    return (
        EarlyHelpEpisode.objects.select_for_update()
        .filter(person=person, closed_on__isnull=True)
        .first()
    )


def _new_early_help(
    *,
    actor: Any,
    person: Person,
    opened_on: date,
    origin: Any,
    stepped_down_from: Referral | None,
) -> EarlyHelpEpisode:
    cal = calendar()
    episode = EarlyHelpEpisode.objects.create(
        person=person,
        origin=origin,
        stepped_down_from=stepped_down_from,
        opened_on=opened_on,
        allocation_due_on=due_on(opened_on, "early_help_allocation_working_days", cal),
        assessment_due_on=due_on(opened_on, "early_help_assessment_working_days", cal),
        opened_by=actor,
    )
    audit_write(
        actor=actor,
        action="early_help.open",
        obj=episode,
        changes={"opened_on": [None, opened_on.isoformat()]},
        summary=f"Early help opened for {person.full_name}",
    )
    return episode


@transaction.atomic
def early_help_assign(
    *,
    actor: Any,
    episode_id: int,
    version: int | None,
    advisor_id: int | None = None,
    lead_organisation: str = "",
) -> EarlyHelpEpisode:
    """A pathway advisor takes an episode from the queue, or it goes to another organisation."""
    episode = lock(EarlyHelpEpisode, episode_id)
    # Version first: an advisor acting on a page read before a colleague took the episode on
    # is told it changed, not refused.
    check_version(episode, version)
    require(actor, "casework.work_on_early_help", episode)
    require_open_episode(episode)
    lead_organisation = lead_organisation.strip()
    advisor = User.objects.filter(pk=advisor_id, is_active=True).first() if advisor_id else None
    if advisor is None and not lead_organisation:
        raise DomainError(
            "Select the pathway advisor or enter the lead organisation", field="advisor"
        )
    if advisor is not None and advisor.role not in (Role.PATHWAY_ADVISOR, Role.TEAM_MANAGER):
        raise DomainError(f"{advisor} is not a pathway advisor", field="advisor")
    before = snapshot(episode, ["advisor_id", "lead_organisation"])
    episode.advisor = advisor
    episode.lead_organisation = lead_organisation
    bump(episode)
    audit_write(
        actor=actor,
        action="early_help.assign",
        obj=episode,
        changes=changes_between(before, snapshot(episode, ["advisor_id", "lead_organisation"])),
    )
    return episode


EARLY_HELP_PROGRESS_FIELDS = (
    "consent",
    "assessment_started_on",
    "assessment_completed_on",
    "plan_started_on",
)


@transaction.atomic
def early_help_update(
    *, actor: Any, episode_id: int, version: int | None, **fields: Any
) -> EarlyHelpEpisode:
    """Consent, the early help assessment and the start of the plan."""
    episode = lock(EarlyHelpEpisode, episode_id)
    # Version first: an advisor acting on a page read before a colleague took the episode on
    # is told it changed, not refused.
    check_version(episode, version)
    require(actor, "casework.work_on_early_help", episode)
    require_open_episode(episode)
    unknown = set(fields) - set(EARLY_HELP_PROGRESS_FIELDS)
    if unknown:
        raise ValueError(f"Not early help fields: {sorted(unknown)}")
    merged = {name: fields.get(name, getattr(episode, name)) for name in EARLY_HELP_PROGRESS_FIELDS}
    _check_early_help_progress(episode, merged)
    before = snapshot(episode, EARLY_HELP_PROGRESS_FIELDS)
    for name, value in merged.items():
        setattr(episode, name, value)
    if not episode.reviews.exists():
        # Until the first review, it is due a review period after the plan started.
        episode.next_review_on = (
            due_on(episode.plan_started_on, "early_help_review_working_days")
            if episode.plan_started_on
            else None
        )
    changes = changes_between(before, snapshot(episode, EARLY_HELP_PROGRESS_FIELDS))
    if changes:
        bump(episode)
        audit_write(actor=actor, action="early_help.update", obj=episode, changes=changes)
    return episode


def _check_early_help_progress(episode: EarlyHelpEpisode, values: dict[str, Any]) -> None:
    if values["consent"] not in EarlyHelpEpisode.Consent.values:
        raise DomainError("Select whether the family consented", field="consent")
    started = values["assessment_started_on"]
    completed = values["assessment_completed_on"]
    plan = values["plan_started_on"]
    if (started or completed or plan) and values["consent"] != EarlyHelpEpisode.Consent.GIVEN:
        raise DomainError(
            "Early help is voluntary: record the family's consent before the assessment",
            field="consent",
        )
    if started:
        past_date(
            started,
            field="assessment_started_on",
            label="the assessment start date",
            not_before=episode.opened_on,
            before_label="the date early help was requested",
        )
    if completed:
        if not started:
            raise DomainError("Enter when the assessment started", field="assessment_started_on")
        past_date(
            completed,
            field="assessment_completed_on",
            label="the assessment completion date",
            not_before=started,
            before_label="the assessment start date",
        )
    if plan:
        if not completed:
            raise DomainError(
                "Complete the early help assessment before the plan starts",
                field="assessment_completed_on",
            )
        past_date(
            plan,
            field="plan_started_on",
            label="the plan start date",
            not_before=completed,
            before_label="the assessment completion date",
        )


def require_open_episode(episode: EarlyHelpEpisode) -> None:
    if not episode.is_open:
        raise DomainError("This early help episode is closed")


@transaction.atomic
def early_help_close(
    *, actor: Any, episode_id: int, version: int | None, closed_on: date | None, reason: str
) -> EarlyHelpEpisode:
    episode = lock(EarlyHelpEpisode, episode_id)
    # Version first: an advisor acting on a page read before a colleague took the episode on
    # is told it changed, not refused.
    check_version(episode, version)
    require(actor, "casework.work_on_early_help", episode)
    require_open_episode(episode)
    close_early_help(actor, episode, closed_on, reason)
    return episode


def close_early_help(
    actor: Any,
    episode: EarlyHelpEpisode,
    closed_on: date | None,
    reason: str,
    *,
    field: str = "closed_on",
    label: str = "the closure date",
) -> None:
    closed_on = past_date(
        closed_on,
        field=field,
        label=label,
        not_before=episode.opened_on,
        before_label="the date early help was requested",
    )
    if reason not in EarlyHelpClosure.values:
        raise DomainError("Select the reason for closure", field="closure_reason")
    episode.closed_on = closed_on
    episode.closure_reason = reason
    episode.next_review_on = None
    bump(episode)
    audit_write(
        actor=actor,
        action="early_help.close",
        obj=episode,
        changes={"closed_on": [None, closed_on.isoformat()], "closure_reason": [None, reason]},
        summary=EarlyHelpClosure(reason).label,
    )
