"""Reads for closure sign-off: what waits for a manager, and what the authoriser sees about
the child. (What the referral page says of a closure asked for: referrals/selectors.py.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from frontdoor.accounts.models import Role
from frontdoor.casework.clocks import due_on
from frontdoor.casework.closures.models import ClosureRequest
from frontdoor.casework.models import Referral
from frontdoor.casework.referrals.selectors import RE_REFERRAL_DAYS, referrals_within_12_months
from frontdoor.core.working_days import WorkingCalendar
from frontdoor.people.involvement import Involvement, open_involvements


def closures_awaiting_authorisation(*, user: Any) -> QuerySet[ClosureRequest]:
    """The waiting closures `user` may authorise: every team's for a head of service, their
    own team's for a team manager (as `casework.authorise_closure` decides), oldest first."""
    waiting = ClosureRequest.objects.filter(status=ClosureRequest.Status.WAITING).select_related(
        "referral__person", "referral__team", "requested_by"
    )
    if user.role == Role.HEAD_OF_SERVICE:
        return waiting.order_by("requested_at")
    if user.role == Role.TEAM_MANAGER and user.team_id:
        return waiting.filter(referral__team_id=user.team_id).order_by("requested_at")
    return waiting.none()


def closure_due_on(request: ClosureRequest, cal: WorkingCalendar | None = None) -> date:
    """When the manager should have decided: as long as an assessment's sign-off takes."""
    return due_on(
        timezone.localtime(request.requested_at).date(), "authorisation_working_days", cal
    )


def closure_url(request: ClosureRequest) -> str:
    return reverse("casework:closure", args=[request.pk])


def closure_for_page(*, request_id: int) -> ClosureRequest:
    return ClosureRequest.objects.select_related(
        "referral__person", "referral__team", "referral__worker", "requested_by", "decided_by"
    ).get(pk=request_id)


@dataclass(frozen=True)
class ReReferralHistory:
    previous: list[Referral]  # the child's other referrals in the 12 months up to `on`
    would_be_re_referral: bool  # if the child were referred again on `on`
    last_referred_on: date | None
    re_referral_until: date | None  # the last day a new referral would still be one


def re_referral_history(referral: Referral, on: date) -> ReReferralHistory:
    """The child's re-referral history as the authoriser of a closure sees it, by the rule
    that marks a new referral as a re-referral (referrals_within_12_months)."""
    within = list(referrals_within_12_months(referral.person, on).order_by("-referral_date"))
    last = within[0].referral_date if within else None
    return ReReferralHistory(
        previous=[other for other in within if other.pk != referral.pk],
        would_be_re_referral=bool(within),
        last_referred_on=last,
        re_referral_until=last + timedelta(days=RE_REFERRAL_DAYS) if last else None,
    )


def other_open_concerns(referral: Referral) -> list[Involvement]:
    """The child's open involvement other than this referral: early help, a contact awaiting
    a decision, a MASH enquiry, a protection plan..."""
    this = reverse("casework:referral", args=[referral.pk])
    return [
        item
        for item in open_involvements([referral.person_id]).get(referral.person_id, [])
        if item.url != this
    ]
