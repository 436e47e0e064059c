"""Giving and withdrawing locality feedback on a referral.

Only a locality social worker or team manager of the team holding the referral gives it; one
of each kind stands on a referral at a time. Anyone of that team may withdraw it (the team
changed its mind), after which it may be given again."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from frontdoor.casework.models import Referral
from frontdoor.core.audit import audit_write
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.services import lock, require, required_text

from .models import LocalityFeedback

REASON_MISSING = {
    LocalityFeedback.Kind.NOT_FOR_US: "Enter why this referral should not have come to you",
    LocalityFeedback.Kind.TOO_LATE: "Enter why this referral came too late",
}


def holds(actor: Any, referral: Referral) -> bool:
    """Whether `actor` is of the team holding `referral`."""
    return bool(actor.team_id and actor.team_id == referral.team_id)


@transaction.atomic
def feedback_give(*, actor: Any, referral_id: int, kind: str, reason: str) -> LocalityFeedback:
    require(actor, "quality.give_locality_feedback")
    referral = lock(Referral, referral_id)
    if not holds(actor, referral):
        raise PermissionDeniedError(
            "Only the locality team holding this referral can give feedback on it"
        )
    if kind not in LocalityFeedback.Kind.values:
        raise DomainError("Select what your feedback is about", field="kind")
    reason = required_text(reason, "reason", REASON_MISSING[LocalityFeedback.Kind(kind)])
    standing = LocalityFeedback.objects.filter(
        referral=referral, kind=kind, withdrawn_at__isnull=True
    ).first()
    if standing is not None:
        raise DomainError(
            f"{standing.given_by} already said this referral "
            f"{standing.get_kind_display().lower()}, on "
            f"{timezone.localtime(standing.given_at):%-d %B %Y}: withdraw that to give it again",
            field="kind",
        )
    feedback = LocalityFeedback.objects.create(
        referral=referral,
        team_id=referral.team_id,
        kind=kind,
        reason=reason,
        given_by=actor,
        given_at=timezone.now(),
    )
    audit_write(
        actor=actor,
        action="quality.locality_feedback_give",
        obj=feedback,
        summary=f"{feedback.get_kind_display()}: {reason}",
        person=referral.person_id,
    )
    return feedback


@transaction.atomic
def feedback_withdraw(*, actor: Any, feedback_id: int | None) -> LocalityFeedback:
    require(actor, "quality.give_locality_feedback")
    found = LocalityFeedback.objects.filter(pk=feedback_id).first() if feedback_id else None
    if found is None:
        raise DomainError("This feedback does not exist")
    feedback = lock(LocalityFeedback, found.pk)
    if not (actor.team_id and actor.team_id == feedback.team_id):
        raise PermissionDeniedError("Only the team that gave this feedback can withdraw it")
    if feedback.withdrawn_at is not None:
        raise ConflictError(
            "This feedback was already withdrawn, on "
            f"{timezone.localtime(feedback.withdrawn_at):%-d %B %Y}"
        )
    feedback.withdrawn_at = timezone.now()
    feedback.withdrawn_by = actor
    feedback.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_write(
        actor=actor,
        action="quality.locality_feedback_withdraw",
        obj=feedback,
        summary=f"Withdrawn: {feedback.get_kind_display()}",
        person=feedback.referral.person_id,
    )
    return feedback
