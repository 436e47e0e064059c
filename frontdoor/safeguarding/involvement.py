"""Safeguarding's open involvement with a child: an open MASH enquiry, a section 47 enquiry
still running (no outcome yet, or its initial conference still to hold) and an open child
protection plan, with who holds them. One query each for all the ids."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from frontdoor.contacts.follow_on import FollowOn
from frontdoor.people.chronology import start_of_day
from frontdoor.people.involvement import Involvement

from .models import Conference, CpPlan, MashEnquiry, Section47, Section47Outcome


def _url(name: str, pk: int, fallback: str = "") -> str:
    try:
        return reverse(f"safeguarding:{name}", args=[pk])
    except NoReverseMatch:
        return fallback


def open_safeguarding(person_ids: list[int]) -> Iterable[Involvement]:
    return [
        *_open_enquiries(person_ids),
        *_open_section47s(person_ids),
        *_open_plans(person_ids),
    ]


def _open_enquiries(person_ids: list[int]) -> Iterator[Involvement]:
    enquiries = MashEnquiry.objects.filter(
        person_id__in=person_ids, concluded_at__isnull=True
    ).select_related("opened_by__team")
    for enquiry in enquiries:
        due = timezone.localtime(enquiry.due_at)
        yield Involvement(
            person_id=enquiry.person_id,
            label=f"MASH enquiry {enquiry.reference}, rated {enquiry.get_rag_display().lower()}"
            f" (checks due {due:%-d %B %Y %H:%M})",
            since=enquiry.opened_at,
            worker=str(enquiry.opened_by),
            team=str(enquiry.opened_by.team or ""),
            url=_url("mash", enquiry.pk),
        )


def _open_section47s(person_ids: list[int]) -> Iterator[Involvement]:
    held = Conference.objects.filter(section47=OuterRef("pk"))
    enquiries = (
        Section47.objects.filter(person_id__in=person_ids)
        .filter(Q(outcome="") | (Q(outcome=Section47Outcome.ICPC) & ~Exists(held)))
        .select_related("referral__worker", "referral__team")
    )
    for section47 in enquiries:
        referral = section47.referral
        waiting = (
            f"initial conference due {section47.conference_due_on:%-d %B %Y}"
            if section47.outcome
            else f"conference due {section47.conference_due_on:%-d %B %Y} if needed"
        )
        yield Involvement(
            person_id=section47.person_id,
            label=f"Section 47 enquiry ({waiting})",
            since=start_of_day(section47.started_on),
            worker=str(referral.worker or ""),
            team=str(referral.team or ""),
            url=_url("section47", section47.pk, reverse("casework:referral", args=[referral.pk])),
        )


def _open_plans(person_ids: list[int]) -> Iterator[Involvement]:
    plans = CpPlan.objects.filter(person_id__in=person_ids, end_date__isnull=True).select_related(
        "referral__worker", "referral__team"
    )
    for plan in plans:
        referral = plan.referral
        yield Involvement(
            person_id=plan.person_id,
            label=f"Child protection plan ({plan.get_latest_category_display()})",
            since=start_of_day(plan.start_date),
            worker=str(referral.worker or ""),
            team=str(referral.team or ""),
            url=_url("cp_plan", plan.pk, reverse("casework:referral", args=[referral.pk])),
        )


def mash_follow_ons(contact_child_ids: list[int]) -> Iterable[FollowOn]:
    """The MASH enquiry each decision opened."""
    for enquiry in MashEnquiry.objects.filter(origin_id__in=contact_child_ids):
        assert enquiry.origin_id is not None
        yield FollowOn(
            enquiry.origin_id, "MASH enquiry", reverse("safeguarding:mash", args=[enquiry.pk])
        )
