"""One queue of what waits for a manager's authorisation: decisions at the front door,
assessments sent for sign-off, and closures and step downs asked for, in one list on the
work tray. A strategy discussion or immediate
protection is first, whatever its age: a child may be at risk now. Then the earliest due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from frontdoor.casework.clocks import rag_for_day, today
from frontdoor.casework.closures.models import ClosureRequest
from frontdoor.casework.closures.selectors import (
    closure_due_on,
    closure_url,
    closures_awaiting_authorisation,
)
from frontdoor.contacts.models import Decision, Outcome
from frontdoor.contacts.selectors import decisions_awaiting_authorisation, rag_for

from .trays import TrayItem

URGENT_OUTCOMES = frozenset({Outcome.STRATEGY_DISCUSSION, Outcome.IMMEDIATE_PROTECTION})


@dataclass(frozen=True)
class Authorisation:
    person: Any  # people.Person
    what: str
    why: str
    asked_by: Any  # the user who asked, or None
    asked_at: datetime | None
    due: datetime | date
    rag: Any  # colour and label, as core/_rag.html shows them
    url: str
    urgent: bool

    @property
    def due_day(self) -> date:
        return timezone.localtime(self.due).date() if isinstance(self.due, datetime) else self.due

    @property
    def due_has_time(self) -> bool:
        return isinstance(self.due, datetime)


def _from_decision(decision: Decision) -> Authorisation:
    contact = decision.contact_child.contact
    return Authorisation(
        person=decision.contact_child.person,
        what=decision.get_outcome_display(),
        why=decision.authorisation_reason,
        asked_by=decision.decided_by,
        asked_at=decision.decided_at,
        due=contact.decision_due_at,
        rag=rag_for(contact.decision_due_at),
        url=reverse("contacts:authorise", args=[decision.pk]),
        urgent=decision.outcome in URGENT_OUTCOMES,
    )


def _from_tray(item: TrayItem) -> Authorisation:
    return Authorisation(
        person=item.person,
        what="Social work assessment",
        why="An assessment is signed off by a manager who did not write it",
        asked_by=None,
        asked_at=None,
        due=item.due_on,
        rag=item.rag,
        url=item.url,
        urgent=False,
    )


def _from_closure(request: ClosureRequest) -> Authorisation:
    due = closure_due_on(request)
    what = request.get_kind_display()
    if request.kind == ClosureRequest.Kind.CLOSE:
        what += f" ({request.closure_reason})"
    return Authorisation(
        person=request.referral.person,
        what=f"{what} on {request.closure_date:%-d %B %Y}",
        why=request.reason,
        asked_by=request.requested_by,
        asked_at=request.requested_at,
        due=due,
        rag=rag_for_day(due, today()),
        url=closure_url(request),
        urgent=False,
    )


def authorisation_queue(user: Any, tray_items: list[TrayItem]) -> list[Authorisation]:
    """What `user` may authorise: the decisions their role sees, the closures of their team's
    referrals (every team's for a head of service), and the assessment sign-offs among
    `tray_items` (their tray, already scoped to their team)."""
    rows = [_from_decision(decision) for decision in decisions_awaiting_authorisation(user=user)]
    rows += [_from_closure(request) for request in closures_awaiting_authorisation(user=user)]
    rows += [_from_tray(item) for item in tray_items if item.kind == "authorisation"]
    return sorted(rows, key=lambda row: (not row.urgent, row.due_day, row.person.full_name))
