"""Reads for the MASH pages: the list of open enquiries, one enquiry, and partners' checks.

A partner reads only checks addressed to their own agency, and of the child only the name,
date of birth and current address: `partner_checks` and `PartnerCheck` carry nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from frontdoor.casework.models import EarlyHelpEpisode, Referral
from frontdoor.contacts.models import REFERRAL_OUTCOMES, Outcome
from frontdoor.contacts.selectors import Rag, rag_for
from frontdoor.people.models import Address, Person
from frontdoor.safeguarding.models import (
    AgencyCheck,
    CheckAgency,
    MashEnquiry,
    RagChange,
    answering_agency,
)

# How long a partner still sees a check after it was answered.
RECENTLY_ANSWERED = timedelta(days=7)
_SEVERITY = {"red": 0, "amber": 1, "green": 2}


# --- MASH staff ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnquiryRow:
    enquiry: MashEnquiry
    rag: Rag  # of the due time
    checks: int
    answered: int
    overdue: int  # unanswered checks past their due time


def open_enquiry_rows(now: datetime | None = None) -> list[EnquiryRow]:
    """Open enquiries, most urgent first: the earliest due, then red before amber before green."""
    now = now or timezone.now()
    enquiries = (
        MashEnquiry.objects.filter(concluded_at__isnull=True)
        .select_related("person", "origin__contact")
        .prefetch_related("checks")
    )
    rows = []
    for enquiry in enquiries:
        checks = list(enquiry.checks.all())
        rows.append(
            EnquiryRow(
                enquiry=enquiry,
                rag=rag_for(enquiry.due_at, now),
                checks=len(checks),
                answered=sum(1 for c in checks if c.answered_at),
                overdue=sum(1 for c in checks if not c.answered_at and c.due_at <= now),
            )
        )
    rows.sort(
        key=lambda r: (
            r.enquiry.due_at,
            _SEVERITY[r.enquiry.rag],
            r.enquiry.opened_at,
            r.enquiry.pk,
        )
    )
    return rows


def enquiry_for_page(*, enquiry_id: int) -> MashEnquiry:
    return (
        MashEnquiry.objects.select_related(
            "person", "origin__contact", "origin__decision", "opened_by", "concluded_by"
        )
        .prefetch_related(
            Prefetch("rag_changes", RagChange.objects.select_related("changed_by")),
            Prefetch("checks", AgencyCheck.objects.select_related("requested_by", "answered_by")),
        )
        .get(pk=enquiry_id)
    )


def concluded_into(enquiry: MashEnquiry) -> Referral | EarlyHelpEpisode | None:
    """The referral or early help episode the enquiry's conclusion opened (or joined)."""
    if enquiry.concluded_at is None:
        return None
    on = timezone.localtime(enquiry.concluded_at).date()
    if enquiry.outcome in REFERRAL_OUTCOMES:
        return (
            Referral.objects.filter(person=enquiry.person, referral_date__lte=on)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=on))
            .order_by("-referral_date", "-id")
            .first()
        )
    if enquiry.outcome == Outcome.EARLY_HELP:
        return (
            EarlyHelpEpisode.objects.filter(person=enquiry.person, opened_on__lte=on)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=on))
            .order_by("-opened_on", "-id")
            .first()
        )
    return None


# --- MASH partners ---------------------------------------------------------------------------


def check_agencies_answered_by(agency: str) -> list[str]:
    """The check agencies (CheckAgency values) a partner of `agency` answers."""
    if not agency:
        return []
    return [value for value in CheckAgency.values if answering_agency(value) == agency]


def partner_checks(*, agency: str, now: datetime | None = None) -> QuerySet[AgencyCheck]:
    """Checks to `agency` still waiting on an open enquiry, or answered in the last week."""
    now = now or timezone.now()
    return (
        AgencyCheck.objects.filter(agency__in=check_agencies_answered_by(agency))
        .filter(
            Q(answered_at__isnull=True, enquiry__concluded_at__isnull=True)
            | Q(answered_at__gte=now - RECENTLY_ANSWERED)
        )
        .select_related("enquiry__person", "answered_by")
        .order_by("answered_at", "due_at", "id")
    )


@dataclass(frozen=True)
class PartnerCheck:
    """What a partner sees of a check: the child's name, birth date and address, the question."""

    check: AgencyCheck
    name: str
    date_of_birth: date | None
    expected: bool  # the date is an expected date of birth
    address: Address | None
    rag: Rag | None  # None once answered


def current_address(person: Person) -> Address | None:
    return person.addresses.filter(moved_out__isnull=True).order_by("-moved_in", "-id").first()


def partner_view(check: AgencyCheck, now: datetime | None = None) -> PartnerCheck:
    person: Any = check.enquiry.person
    return PartnerCheck(
        check=check,
        name=person.full_name,
        date_of_birth=person.date_of_birth or person.expected_date_of_birth,
        expected=person.date_of_birth is None and person.expected_date_of_birth is not None,
        address=current_address(person),
        rag=None if check.answered_at else rag_for(check.due_at, now),
    )
