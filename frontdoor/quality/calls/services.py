"""Recording a monitored call with feedback to the worker, and the worker's acknowledgement.

A team manager monitors the calls of their own team's consultant social workers; a head of
service anyone's. Nobody monitors a call they took themselves. Only the worker the feedback
is for acknowledges it, once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.models import Role
from frontdoor.contacts.models import Contact
from frontdoor.core.audit import audit_write
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.services import bump, lock, require, required_text
from frontdoor.quality.grading import checked_grades

from .models import CALL_RUBRIC, CallItem, MonitoredCall


def manages_worker(actor: Any, worker: Any) -> bool:
    """A head of service manages everyone; a team manager the users of their team."""
    if actor.role == Role.HEAD_OF_SERVICE:
        return True
    return bool(
        actor.role == Role.TEAM_MANAGER and actor.team_id and actor.team_id == worker.team_id
    )


@transaction.atomic
def call_record(
    *,
    actor: Any,
    contact_id: int | None,
    listened_at: datetime | None,
    mode: str,
    grades: dict[str, tuple[str, str]],
    feedback: str,
) -> MonitoredCall:
    require(actor, "quality.monitor_calls")
    contact = (
        Contact.objects.select_related("csw")
        .filter(pk=contact_id, status=Contact.Status.RECORDED)
        .first()
        if contact_id
        else None
    )
    if contact is None:
        raise DomainError(
            "Enter the reference of a recorded contact, like C000123", field="contact"
        )
    worker = contact.csw
    if worker is None:
        raise DomainError(
            "This contact has no consultant social worker to give feedback to", field="contact"
        )
    if worker.pk == actor.pk:
        raise PermissionDeniedError("You cannot monitor a call you took yourself")
    if not manages_worker(actor, worker):
        raise PermissionDeniedError(
            f"Only {worker}'s team manager or a head of service can monitor their calls"
        )
    if listened_at is None:
        raise DomainError("Enter when you listened to the call", field="listened_at")
    if listened_at > timezone.now():
        raise DomainError("When you listened must be now or in the past", field="listened_at")
    if listened_at < contact.received_at:
        raise DomainError(
            "When you listened must be the same as or after the call "
            f"({timezone.localtime(contact.received_at):%-d %B %Y, %H:%M})",
            field="listened_at",
        )
    if mode not in MonitoredCall.Mode.values:
        raise DomainError("Select whether you listened live or to a recording", field="mode")
    checked = checked_grades(CALL_RUBRIC, grades)
    feedback = required_text(feedback, "feedback", "Enter the feedback to the worker")
    call = MonitoredCall.objects.create(
        contact=contact,
        worker=worker,
        listened_at=listened_at,
        mode=mode,
        feedback=feedback,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    CallItem.objects.bulk_create(
        CallItem(call=call, item=key, grade=grade, comment=comment)
        for key, grade, comment in checked
    )
    audit_write(  # the items' bulk insert is in this one event's changes
        actor=actor,
        action="quality.call_record",
        obj=call,
        summary=f"Call on contact {contact.reference} monitored, feedback to {worker}",
        changes={key: [None, grade] for key, grade, _ in checked},
    )
    return call


@transaction.atomic
def call_acknowledge(*, actor: Any, call_id: int, reply: str = "") -> MonitoredCall:
    call = lock(MonitoredCall, call_id)
    if actor.pk != call.worker_id:
        raise PermissionDeniedError("Only the worker the feedback is for can acknowledge it")
    if call.acknowledged_at is not None:
        raise ConflictError(
            "You have already acknowledged this feedback, on "
            f"{timezone.localtime(call.acknowledged_at):%-d %B %Y}: thank you"
        )
    call.acknowledged_at = timezone.now()
    call.reply = reply.strip()
    bump(call)
    audit_write(
        actor=actor,
        action="quality.call_acknowledge",
        obj=call,
        summary=call.reply or "Acknowledged",
    )
    return call
