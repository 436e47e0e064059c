"""Who holds a child's casework, for the access model (`people/access.py`): a referral's
team and allocated worker, an assessment's worker, an early help episode's advisor and their
team (the early help team while it waits in the queue), and the worker a direction from
oversight is for. Each reads the child's whole record while the work is open and for
`after_closure_days` after it closes."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q

from frontdoor.accounts.models import Team
from frontdoor.people.access import Holder, Scope, held_since_day

from .models import Assessment, EarlyHelpEpisode, Oversight, Referral


def casework_holders(person_ids: list[int]) -> Iterator[Holder]:
    yield from _referrals(person_ids)
    yield from _early_help(person_ids)
    yield from _directions(person_ids)


def _held(prefix: str = "") -> Q:
    return Q(**{f"{prefix}closed_on__isnull": True}) | Q(
        **{f"{prefix}closed_on__gte": held_since_day()}
    )


def _referrals(person_ids: list[int]) -> Iterator[Holder]:
    referrals = Referral.objects.filter(_held(), person_id__in=person_ids).select_related("team")
    for referral in referrals:
        reason = f"Referral {referral.reference}"
        if referral.team_id:
            yield Holder(
                referral.person_id,
                Scope.CASE,
                f"{reason}, held by {referral.team}",
                team_id=referral.team_id,
            )
        if referral.worker_id:
            yield Holder(
                referral.person_id,
                Scope.CASE,
                f"{reason}: allocated worker",
                user_id=referral.worker_id,
            )
    assessments = Assessment.objects.filter(
        _held("referral__"), referral__person_id__in=person_ids
    ).values_list("referral__person_id", "worker_id", "referral_id")
    for person_id, worker_id, referral_id in assessments:
        yield Holder(
            person_id, Scope.CASE, f"Assessment in referral R{referral_id:06d}", user_id=worker_id
        )


def _early_help(person_ids: list[int]) -> Iterator[Holder]:
    episodes = EarlyHelpEpisode.objects.filter(_held(), person_id__in=person_ids).select_related(
        "advisor"
    )
    for episode in episodes:
        advisor = episode.advisor
        if advisor is not None:
            yield Holder(
                episode.person_id, Scope.CASE, "Early help: lead advisor", user_id=advisor.pk
            )
            if advisor.team_id:
                yield Holder(
                    episode.person_id,
                    Scope.CASE,
                    "Early help, held by your team",
                    team_id=advisor.team_id,
                )
        else:
            yield Holder(
                episode.person_id,
                Scope.CASE,
                "Early help, waiting in the queue",
                team_kinds=(Team.Kind.EARLY_HELP,),
            )


def _directions(person_ids: list[int]) -> Iterator[Holder]:
    directions = Oversight.objects.filter(
        person_id__in=person_ids, direction_for__isnull=False, completed_at__isnull=True
    ).values_list("person_id", "direction_for_id")
    for person_id, user_id in directions:
        yield Holder(person_id, Scope.CASE, "A direction from oversight for you", user_id=user_id)
