"""Closing a referral and stepping down to early help, with a manager's sign-off.

The worker asks (`closure_request`, `step_down_request`) with the date the work ended and why;
every rule on closing is checked then, so the worker hears of a problem while they are on the
page. The request waits in the one authorisation queue until a manager of the referral's team
(or a head of service) who did not ask for it authorises it (`closure_authorise`: the closure
or step down is done then, in the same transaction, on the worker's date, and the rules are
checked again) or returns it with a comment (`closure_return`: the referral stays open).
Where FRONTDOOR_SIGN_OFF_NEEDED asks no sign-off for the outcome, the request closes at once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from frontdoor.casework.closures.models import ClosureRequest
from frontdoor.casework.models import Referral
from frontdoor.casework.referrals.services import require_open
from frontdoor.casework.transitions.services import (
    STEP_DOWN_DATE,
    check_closure,
    close_referral,
    require_may_close,
    step_down_reason,
    step_down_referral,
)
from frontdoor.core.audit import audit_write
from frontdoor.core.errors import ConflictError, DomainError
from frontdoor.core.services import bump, check_version, lock, require, required_text

Kind = ClosureRequest.Kind
Status = ClosureRequest.Status


def sign_off_needed(kind: str, closure_reason: str) -> bool:
    """Whether a closure with `closure_reason` (kind "close") or a step down waits for a
    manager, as FRONTDOOR_SIGN_OFF_NEEDED says."""
    needed: dict[str, Any] = settings.FRONTDOOR_SIGN_OFF_NEEDED
    if kind == Kind.STEP_DOWN:
        return bool(needed.get("step_down", True))
    return closure_reason in needed.get("close", ())


@transaction.atomic
def closure_request(
    *,
    actor: Any,
    referral_id: int,
    version: int | None,
    closed_on: date | None,
    closure_reason: str,
    reason: str,
) -> ClosureRequest:
    """The worker asks to close the episode on `closed_on` with the census `closure_reason`."""
    referral = _lockable(actor, referral_id, version)
    closed_on = check_closure(referral, closed_on, closure_reason)
    reason = required_text(reason, "reason", "Enter why the episode can close now")
    return _ask(actor, referral, Kind.CLOSE, closed_on, closure_reason, reason)


@transaction.atomic
def step_down_request(
    *, actor: Any, referral_id: int, version: int | None, stepped_on: date | None, reason: str
) -> ClosureRequest:
    """The worker asks to close the episode on `stepped_on` and open early help for the child."""
    referral = _lockable(actor, referral_id, version)
    reason = required_text(reason, "reason", "Enter why the child steps down to early help")
    closure_reason = step_down_reason(referral)
    stepped_on = check_closure(referral, stepped_on, closure_reason, **STEP_DOWN_DATE)
    return _ask(actor, referral, Kind.STEP_DOWN, stepped_on, closure_reason, reason)


def _lockable(actor: Any, referral_id: int, version: int | None) -> Referral:
    referral = lock(Referral, referral_id)
    require_may_close(actor, referral)
    check_version(referral, version)
    require_open(referral)
    if referral.closure_requests.filter(status=Status.WAITING).exists():
        raise DomainError(
            "A closure of this episode is already waiting for a manager's authorisation: "
            "ask the manager to authorise or return it first"
        )
    return referral


def _ask(
    actor: Any, referral: Referral, kind: str, on: date, closure_reason: str, reason: str
) -> ClosureRequest:
    request = ClosureRequest.objects.create(
        referral=referral,
        kind=kind,
        closure_date=on,
        closure_reason=closure_reason,
        reason=reason,
        requested_by=actor,
        requested_at=timezone.now(),
    )
    audit_write(
        actor=actor,
        action="closure.request",
        obj=request,
        changes={"closure_date": [None, on.isoformat()], "closure_reason": [None, closure_reason]},
        summary=f"{request.get_kind_display()} asked for: {reason}",
    )
    if not sign_off_needed(kind, closure_reason):
        _carry_out(actor, referral, request, signed_off=False)
        request.status = Status.NOT_NEEDED
        bump(request)
    return request


def _carry_out(
    actor: Any, referral: Referral, request: ClosureRequest, *, signed_off: bool
) -> None:
    """Close or step down on the worker's date, checking every rule again."""
    if request.kind == Kind.STEP_DOWN:
        request.step = step_down_referral(
            actor, referral, request.closure_date, request.reason, recorded_by=request.requested_by
        )
    else:
        close_referral(actor, referral, request.closure_date, request.closure_reason)
    request.closure_reason = referral.closure_reason  # a step down's, as it stood when done
    if signed_off:
        referral.closure_signed_off_by = actor
        referral.closure_signed_off_at = timezone.now()
        referral.save(update_fields=["closure_signed_off_by", "closure_signed_off_at"])


def _waiting(actor: Any, request_id: int, version: int | None) -> tuple[ClosureRequest, Referral]:
    referral_id = ClosureRequest.objects.values_list("referral_id", flat=True).get(pk=request_id)
    referral = lock(Referral, referral_id)  # the referral first, as every closing service does
    request = lock(ClosureRequest, request_id)
    require(actor, "casework.authorise_closure", referral)
    check_version(request, version)
    if not request.is_waiting:
        raise ConflictError("This closure is not waiting for authorisation")
    return request, referral


@transaction.atomic
def closure_authorise(
    *, actor: Any, request_id: int, version: int | None, comment: str = ""
) -> ClosureRequest:
    """A manager who did not ask authorises the closure or step down: it is done now, on the
    date the worker set."""
    request, referral = _waiting(actor, request_id, version)
    if actor.pk == request.requested_by_id:
        raise DomainError(
            "You cannot authorise a closure you asked for: ask another manager or the head "
            "of service"
        )
    _carry_out(actor, referral, request, signed_off=True)
    request.status = Status.AUTHORISED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.comment = comment.strip()
    bump(request)
    audit_write(
        actor=actor,
        action="closure.authorise",
        obj=request,
        changes={"status": [Status.WAITING, request.status]},
        summary=request.comment,
    )
    return request


@transaction.atomic
def closure_return(
    *, actor: Any, request_id: int, version: int | None, comment: str
) -> ClosureRequest:
    """A manager returns the request with what the worker should do: the referral stays open.
    The worker's manager may return their own request (it withdraws it)."""
    comment = required_text(comment, "comment", "Enter why the episode stays open")
    request, _referral = _waiting(actor, request_id, version)
    request.status = Status.RETURNED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.comment = comment
    bump(request)
    audit_write(
        actor=actor,
        action="closure.return",
        obj=request,
        changes={"status": [Status.WAITING, request.status]},
        summary=comment,
    )
    return request
