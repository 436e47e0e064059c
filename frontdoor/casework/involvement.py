"""Casework's open involvement with a child: an open referral (with its assessment or plan)
and open early help, with the worker and team who hold them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.urls import reverse

from frontdoor.contacts.follow_on import FollowOn
from frontdoor.people.chronology import start_of_day
from frontdoor.people.involvement import Involvement

from .models import Assessment, EarlyHelpEpisode, Referral, ReferralContact


def _referral_label(referral: Referral) -> str:
    if any(plan.end_date is None for plan in referral.cin_plans.all()):
        return "Child in need plan"
    if any(a.status != Assessment.Status.AUTHORISED for a in referral.assessments.all()):
        return "Social work assessment in progress"
    if referral.worker_id is None:
        return "Referral waiting for allocation"
    return "Open referral"


def open_casework(person_ids: list[int]) -> Iterable[Involvement]:
    return [*_open_referrals(person_ids), *_open_early_help(person_ids)]


def _open_referrals(person_ids: list[int]) -> Iterator[Involvement]:
    referrals = (
        Referral.objects.filter(person_id__in=person_ids, closed_on__isnull=True)
        .select_related("team", "worker")
        .prefetch_related("assessments", "cin_plans")
    )
    for referral in referrals:
        yield Involvement(
            person_id=referral.person_id,
            label=f"{_referral_label(referral)} ({referral.reference})",
            since=start_of_day(referral.referral_date),
            worker=str(referral.worker or ""),
            team=str(referral.team or ""),
            url=reverse("casework:referral", args=[referral.pk]),
        )


def _open_early_help(person_ids: list[int]) -> Iterator[Involvement]:
    episodes = EarlyHelpEpisode.objects.filter(
        person_id__in=person_ids, closed_on__isnull=True
    ).select_related("advisor__team")
    for episode in episodes:
        advisor = episode.advisor
        yield Involvement(
            person_id=episode.person_id,
            label="Early help" if advisor or episode.lead_organisation else "Early help queue",
            since=start_of_day(episode.opened_on),
            worker=str(advisor or episode.lead_organisation or ""),
            team=str(advisor.team) if advisor and advisor.team else "",
            url=reverse("casework:early_help", args=[episode.pk]),
        )


def casework_follow_ons(contact_child_ids: list[int]) -> Iterable[FollowOn]:
    """The referral each decision opened or joined, and the early help it started."""
    for link in ReferralContact.objects.filter(contact_child_id__in=contact_child_ids):
        yield FollowOn(
            link.contact_child_id,
            "Referral",
            reverse("casework:referral", args=[link.referral_id]),
        )
    for episode in EarlyHelpEpisode.objects.filter(origin_id__in=contact_child_ids):
        assert episode.origin_id is not None
        yield FollowOn(
            episode.origin_id, "Early help", reverse("casework:early_help", args=[episode.pk])
        )
