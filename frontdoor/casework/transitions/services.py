"""Where a child's work starts, ends and moves: what a front-door decision opens, closing a
referral, and stepping up from early help or down to it, each as one event.

Closing and stepping down are asked for by the worker and done when a manager authorises
them (`casework/closures/services.py`): the functions here check and do them, inside that
service's transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from frontdoor.casework.early_help.services import (
    close_early_help,
    early_help_open,
    open_early_help_of,
    require_open_episode,
)
from frontdoor.casework.models import (
    Assessment,
    EarlyHelpClosure,
    EarlyHelpEpisode,
    Referral,
    Step,
)
from frontdoor.casework.plans.services import end_plan
from frontdoor.casework.referrals.services import open_referral_of, referral_open
from frontdoor.casework.signals import referral_closing
from frontdoor.contacts.models import REFERRAL_OUTCOMES, Decision, Immediacy, Outcome
from frontdoor.core.audit import audit_write
from frontdoor.core.codes import ClosureReason, ReferralSource
from frontdoor.core.errors import DomainError, PermissionDeniedError
from frontdoor.core.services import bump, check_version, lock, past_date, require, required_text


def casework_from_decision(*, decision: Decision, actor: Any) -> None:
    """What a settled decision starts: a referral, or early help. Runs in its transaction."""
    link = decision.contact_child
    contact = link.contact
    received_on = timezone.localtime(contact.received_at).date()
    if decision.outcome in REFERRAL_OUTCOMES:
        referral = referral_open(
            actor=actor,
            person=link.person,
            referral_date=received_on,
            source=contact.referral_source,
            urgent=contact.immediacy == Immediacy.IMMEDIATE
            or decision.outcome != Outcome.SOCIAL_WORK_ASSESSMENT,
            origin=link,
        )
        _step_up_from_early_help(actor, referral, decision)
    elif decision.outcome == Outcome.EARLY_HELP and open_referral_of(link.person):
        # The child is open to social work: the contact goes to the worker who holds them,
        # rather than opening early help beside it.
        referral_open(
            actor=actor,
            person=link.person,
            referral_date=received_on,
            source=contact.referral_source,
            origin=link,
        )
    elif decision.outcome == Outcome.EARLY_HELP:
        early_help_open(
            actor=actor,
            person=link.person,
            opened_on=timezone.localtime(decision.decided_at).date(),
            origin=link,
        )


def _step_up_from_early_help(actor: Any, referral: Referral, decision: Decision) -> None:
    step_up_from_early_help(
        actor=actor,
        referral=referral,
        # Settled when decided, or when a manager authorised it.
        on=timezone.localtime(decision.authorised_at or decision.decided_at).date(),
        reason=f"{decision.get_outcome_display()} decided on contact "
        f"{decision.contact_child.contact.reference}: {decision.rationale}",
    )


def step_up_from_early_help(*, actor: Any, referral: Referral, on: date, reason: str) -> None:
    """A child in early help who is referred for a social work response steps up from it.

    Called inside the service that opened the referral."""
    episode = open_early_help_of(referral.person)
    if episode is None:
        return
    stepped_on = max(on, episode.opened_on)
    close_early_help(actor, episode, stepped_on, EarlyHelpClosure.STEPPED_UP)
    _record_step(actor, Step.Direction.UP, referral, episode, stepped_on, reason)


# --- Closing, and stepping down: done when a manager authorises (casework/closures) -------


def require_may_close(actor: Any, referral: Referral) -> None:
    """Ending a statutory social work episode (closing it, stepping it down) is a social
    worker's decision, not a support worker's: asked of the worker who requests it."""
    require(actor, "casework.work_on_referral", referral)
    if not actor.is_registered_social_worker:
        raise PermissionDeniedError(
            "Only a registered social worker can close a referral or step it down. "
            "Ask the allocated social worker or your manager."
        )


def check_closure(
    referral: Referral,
    closed_on: date | None,
    reason: str,
    *,
    field: str = "closed_on",
    label: str = "the closure date",
) -> date:
    """The closure date, once every rule on closing `referral` on it with `reason` holds.

    Asked when the worker requests the closure and again when a manager authorises it (the
    referral's work may have moved on between). Writes nothing."""
    closed_on = past_date(
        closed_on,
        field=field,
        label=label,
        not_before=referral.referral_date,
        before_label="the referral date",
    )
    if reason not in ClosureReason.values:
        raise DomainError("Select the reason for closure", field="closure_reason")
    if referral.assessments.exclude(status=Assessment.Status.AUTHORISED).exists():
        raise DomainError(
            "An assessment is still open: have it authorised before closing", field=field
        )
    assessed = referral.assessments.exists()
    if reason in (ClosureReason.RC8, ClosureReason.RC9) and not assessed:
        raise DomainError(
            "RC8 and RC9 are for cases closed after an assessment, and this referral has none",
            field="closure_reason",
        )
    if reason in (ClosureReason.RC8, ClosureReason.RC9) and referral.cin_plans.exists():
        # CIN census rule 2990: an episode closed straight after assessment has no plan.
        raise DomainError(
            "RC8 and RC9 are for cases closed straight after an assessment, and this child "
            "had a child in need plan: choose another reason",
            field="closure_reason",
        )
    if reason == ClosureReason.RC2 and not referral.person.date_of_death:
        raise DomainError(
            "Record the child's date of death on their record before closing with RC2",
            field="closure_reason",
        )
    if assessed and not referral.primary_need:
        raise DomainError("Select the primary need before closing", field="primary_need")
    referral_closing.send(Referral, referral=referral, closed_on=closed_on, reason=reason)
    for plan in referral.cin_plans.filter(end_date__isnull=True):
        if closed_on < plan.start_date:
            raise DomainError(
                f"The child in need plan started on {plan.start_date:%-d %B %Y}: "
                "the closure date cannot be before it",
                field=field,
            )
    return closed_on


def close_referral(
    actor: Any,
    referral: Referral,
    closed_on: date | None,
    reason: str,
    *,
    field: str = "closed_on",
    label: str = "the closure date",
) -> date:
    """Close the (locked) referral on `closed_on`: its open plans end that day. Called inside
    the service that authorised the closure; `actor` is who did it."""
    closed_on = check_closure(referral, closed_on, reason, field=field, label=label)
    for plan in referral.cin_plans.filter(end_date__isnull=True):
        end_plan(actor, plan, closed_on)
    referral.closed_on = closed_on
    referral.closure_reason = reason
    referral.risk_review_due_on = None
    bump(referral)
    audit_write(
        actor=actor,
        action="referral.close",
        obj=referral,
        changes={"closed_on": [None, closed_on.isoformat()], "closure_reason": [None, reason]},
        summary=ClosureReason(reason).label,
    )
    return closed_on


# --- Step up and step down -------------------------------------------------------------------


def step_down_reason(referral: Referral) -> str:
    """The census reason a step down closes with: RC9 straight after an assessment (no plan),
    RC7 otherwise."""
    straight_after_assessment = referral.assessments.exists() and not referral.cin_plans.exists()
    return ClosureReason.RC9 if straight_after_assessment else ClosureReason.RC7


STEP_DOWN_DATE = {"field": "stepped_on", "label": "the date of the step down"}


def step_down_referral(
    actor: Any, referral: Referral, stepped_on: date | None, reason: str, *, recorded_by: Any
) -> Step:
    """Close the (locked) social work episode and open early help for the child, as one event.
    Called inside the service that authorised it; `recorded_by` asked for it."""
    stepped_on = close_referral(
        actor, referral, stepped_on, step_down_reason(referral), **STEP_DOWN_DATE
    )
    episode = early_help_open(
        actor=actor, person=referral.person, opened_on=stepped_on, stepped_down_from=referral
    )
    return _record_step(
        actor, Step.Direction.DOWN, referral, episode, stepped_on, reason, recorded_by
    )


@transaction.atomic
def step_up(
    *, actor: Any, episode_id: int, version: int | None, stepped_on: date | None, reason: str
) -> Step:
    """Close early help and refer the child for a social work assessment, as one event."""
    episode = lock(EarlyHelpEpisode, episode_id)
    # Version first: an advisor acting on a page read before a colleague took the episode on
    # is told it changed, not refused.
    check_version(episode, version)
    require(actor, "casework.work_on_early_help", episode)
    require_open_episode(episode)
    reason = required_text(reason, "reason", "Enter why the child needs a social work response")
    if Referral.objects.filter(person=episode.person, closed_on__isnull=True).exists():
        raise DomainError("This child already has an open referral to social work")
    close_early_help(
        actor,
        episode,
        stepped_on,
        EarlyHelpClosure.STEPPED_UP,
        field="stepped_on",
        label="the date of the step up",
    )
    assert stepped_on is not None
    referral = referral_open(
        actor=actor,
        person=episode.person,
        referral_date=stepped_on,
        source=ReferralSource.LA_EARLY_HELP,
    )
    return _record_step(actor, Step.Direction.UP, referral, episode, stepped_on, reason)


def _record_step(
    actor: Any,
    direction: str,
    referral: Referral,
    episode: EarlyHelpEpisode,
    stepped_on: date,
    reason: str,
    recorded_by: Any = None,
) -> Step:
    step = Step.objects.create(
        person=referral.person,
        direction=direction,
        referral=referral,
        early_help=episode,
        stepped_on=stepped_on,
        reason=reason,
        recorded_by=recorded_by or actor,
    )
    audit_write(
        actor=actor,
        action=f"step.{direction}",
        obj=step,
        summary=f"{step.get_direction_display()}: {reason}",
    )
    return step
