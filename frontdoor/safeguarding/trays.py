"""Safeguarding's due items in the work trays.

Registered with casework's trays by `SafeguardingConfig.ready()`. Each collector reads one
kind of record in one query (the MASH team is looked up once more where it holds the work):

- an open MASH enquiry, on its working-hours clock (its RAG is read from the due time, not
  the day), held by the CSW who opened it and by the MASH team;
- an agency check past its due time on an open enquiry, for the MASH team to chase;
- a strategy discussion to hold: a referral opened by a "strategy discussion" decision, or
  a MASH enquiry concluded that way, with no strategy discussion about the child since,
  held by the CSW who decided it;
- a strategy discussion's action not yet done, held by its owner;
- a section 47 enquiry waiting for its outcome or, when that is an initial conference, for
  the conference, due 15 working days after the strategy discussion;
- a child protection plan's next review conference and next statutory visit.

Work on a referral is held by its worker and team, as casework's is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.casework.clocks import DayRag, clock_length
from frontdoor.casework.models import Referral
from frontdoor.casework.trays import Scope, TrayItem
from frontdoor.contacts.models import Outcome
from frontdoor.contacts.selectors import rag_for

from .models import (
    AgencyCheck,
    CheckAgency,
    Conference,
    CpPlan,
    MashEnquiry,
    Section47,
    Section47Outcome,
    StrategyAction,
    StrategyChild,
)

KINDS: dict[str, str] = {
    "mash": "Complete the MASH enquiry",
    "check_chase": "Chase an overdue agency check",
    "strategy_discussion": "Hold the strategy discussion",
    "strategy_action": "Action from a strategy discussion",
    "conference": "Initial child protection conference",
    "cp_review": "Child protection review conference",
    "cp_visit": "Visit the child on a child protection plan",
}


def _url(name: str, pk: int, fallback: str) -> str:
    """The record's safeguarding page, or `fallback` where there is no such page."""
    try:
        return reverse(f"safeguarding:{name}", args=[pk])
    except NoReverseMatch:
        return fallback


def _person_url(person_id: int) -> str:
    return reverse("people:detail", args=[person_id])


def _referral_url(referral_id: int) -> str:
    return reverse("casework:referral", args=[referral_id])


def _mash_team() -> Team | None:
    return Team.objects.filter(kind=Team.Kind.MASH).order_by("pk").first()


def _hours_rag(due_at: Any) -> DayRag:
    hours = rag_for(due_at)
    return DayRag(hours.colour, hours.label)


def _mash_enquiries(scope: Scope) -> Iterator[TrayItem]:
    team = _mash_team()
    enquiries = MashEnquiry.objects.filter(
        scope.held_by(worker=["opened_by"], team=["opened_by__team"], whole_team=team),
        concluded_at__isnull=True,
    ).select_related("person", "opened_by__team")
    for enquiry in enquiries:
        yield TrayItem(
            kind="mash",
            title=f"{enquiry.person.full_name}: MASH enquiry {enquiry.reference} "
            f"(rated {enquiry.get_rag_display().lower()})",
            person=enquiry.person,
            due_on=timezone.localtime(enquiry.due_at).date(),
            url=_url("mash", enquiry.pk, _person_url(enquiry.person_id)),
            worker=enquiry.opened_by,
            team=team or enquiry.opened_by.team,
            ref=f"safeguarding.mashenquiry:{enquiry.pk}",
            rag=_hours_rag(enquiry.due_at),
        )


def _checks_to_chase(scope: Scope) -> Iterator[TrayItem]:
    team = _mash_team()
    checks = AgencyCheck.objects.filter(
        scope.held_by(team=["enquiry__opened_by__team"], whole_team=team),
        answered_at__isnull=True,
        due_at__lte=timezone.now(),
        enquiry__concluded_at__isnull=True,
    ).select_related("enquiry__person", "enquiry__opened_by__team")
    for check in checks:
        enquiry = check.enquiry
        agency = (
            check.other_agency
            if check.agency == CheckAgency.OTHER and check.other_agency
            else check.get_agency_display()
        )
        chased = {0: "", 1: ", chased once"}.get(
            check.times_chased, f", chased {check.times_chased} times"
        )
        yield TrayItem(
            kind="check_chase",
            title=f"Chase {agency} about {enquiry.person.full_name} ({enquiry.reference}{chased})",
            person=enquiry.person,
            due_on=timezone.localtime(check.due_at).date(),
            url=_url("mash", enquiry.pk, _person_url(enquiry.person_id)),
            worker=None,
            team=team or enquiry.opened_by.team,
            ref=f"safeguarding.agencycheck:{check.pk}:chase",
            rag=_hours_rag(check.due_at),
        )


def _strategy_discussions(scope: Scope) -> Iterator[TrayItem]:
    """Referrals a "strategy discussion" or "immediate protection" decision opened, with no
    discussion recorded yet."""
    discussed = StrategyChild.objects.filter(referral=OuterRef("pk"))
    referrals = (
        Referral.objects.filter(
            closed_on__isnull=True,
            # Immediate protection is followed by a strategy discussion too.
            origin__decision__outcome__in=[
                Outcome.STRATEGY_DISCUSSION,
                Outcome.IMMEDIATE_PROTECTION,
            ],
        )
        .filter(
            ~Exists(discussed),
            scope.held_by(
                worker=["origin__decision__decided_by"],
                team=["origin__decision__decided_by__team"],
            ),
        )
        .select_related("person", "origin__decision__decided_by__team")
    )
    days = clock_length("strategy_discussion_working_days")
    for referral in referrals:
        decided_by = referral.origin.decision.decided_by  # type: ignore[union-attr]
        due = scope.cal.add_working_days(referral.referral_date, days)
        yield TrayItem(
            kind="strategy_discussion",
            title=f"{referral.person.full_name}: strategy discussion for referral "
            f"{referral.reference}",
            person=referral.person,
            due_on=due,
            url=_referral_url(referral.pk),
            worker=decided_by,
            team=decided_by.team,
            ref=f"casework.referral:{referral.pk}:strategy_discussion",
            rag=scope.rag(due),
        )


def _strategy_discussions_after_mash(scope: Scope) -> Iterator[TrayItem]:
    """MASH enquiries concluded as a strategy discussion, with none recorded about the child
    since."""
    discussed = StrategyChild.objects.filter(
        person=OuterRef("person"), discussion__recorded_at__gte=OuterRef("concluded_at")
    )
    enquiries = (
        MashEnquiry.objects.filter(
            outcome=Outcome.STRATEGY_DISCUSSION, concluded_at__isnull=False, strategy__isnull=True
        )
        .filter(
            ~Exists(discussed),
            scope.held_by(worker=["concluded_by"], team=["concluded_by__team"]),
        )
        .select_related("person", "concluded_by__team")
    )
    days = clock_length("strategy_discussion_working_days")
    for enquiry in enquiries:
        assert enquiry.concluded_at is not None and enquiry.concluded_by is not None
        due = scope.cal.add_working_days(timezone.localtime(enquiry.concluded_at).date(), days)
        yield TrayItem(
            kind="strategy_discussion",
            title=f"{enquiry.person.full_name}: strategy discussion after MASH enquiry "
            f"{enquiry.reference}",
            person=enquiry.person,
            due_on=due,
            url=_url("mash", enquiry.pk, _person_url(enquiry.person_id)),
            worker=enquiry.concluded_by,
            team=enquiry.concluded_by.team,
            ref=f"safeguarding.mashenquiry:{enquiry.pk}:strategy_discussion",
            rag=scope.rag(due),
        )


def _strategy_actions(scope: Scope) -> Iterator[TrayItem]:
    children = Prefetch("discussion__children", StrategyChild.objects.select_related("person"))
    actions = (
        StrategyAction.objects.filter(
            scope.held_by(worker=["owner"], team=["owner__team"]), done_at__isnull=True
        )
        .select_related("owner__team", "discussion")
        .prefetch_related(children)
    )
    for action in actions:
        discussed = list(action.discussion.children.all())
        if not discussed:
            continue
        child = discussed[0]
        names = ", ".join(c.person.full_name for c in discussed)
        yield TrayItem(
            kind="strategy_action",
            title=f"{names}: {action.action[:80]}",
            person=child.person,
            due_on=action.due_on,
            url=_url("strategy", action.discussion_id, _referral_url(child.referral_id)),
            worker=action.owner,
            team=action.owner.team,
            ref=f"safeguarding.strategyaction:{action.pk}",
            rag=scope.rag(action.due_on),
        )


def _conferences(scope: Scope) -> Iterator[TrayItem]:
    """Section 47 enquiries with no outcome yet, or an initial conference still to hold."""
    held = Conference.objects.filter(section47=OuterRef("pk"))
    enquiries = Section47.objects.filter(
        Q(outcome="") | (Q(outcome=Section47Outcome.ICPC) & ~Exists(held)),
        scope.held_by(worker=["referral__worker"], team=["referral__team"]),
    ).select_related("person", "referral__team", "referral__worker")
    for section47 in enquiries:
        referral = section47.referral
        what = (
            "initial child protection conference"
            if section47.outcome
            else "section 47 enquiry and conference"
        )
        yield TrayItem(
            kind="conference",
            title=f"{section47.person.full_name}: {what}",
            person=section47.person,
            due_on=section47.conference_due_on,
            url=_url("section47", section47.pk, _referral_url(referral.pk)),
            worker=referral.worker,
            team=referral.team,
            ref=f"safeguarding.section47:{section47.pk}:conference",
            rag=scope.rag(section47.conference_due_on),
        )


def _cp_plans(scope: Scope) -> Iterator[TrayItem]:
    plans = (
        CpPlan.objects.filter(end_date__isnull=True)
        .filter(Q(next_review_on__isnull=False) | Q(next_visit_on__isnull=False))
        .filter(scope.held_by(worker=["referral__worker"], team=["referral__team"]))
        .select_related("person", "referral__team", "referral__worker")
    )
    for plan in plans:
        referral = plan.referral
        url = _url("cp_plan", plan.pk, _referral_url(referral.pk))
        name = plan.person.full_name
        dated = [
            ("cp_review", plan.next_review_on, f"{name}: child protection review conference"),
            ("cp_visit", plan.next_visit_on, f"{name}: statutory child protection visit"),
        ]
        for kind, due, title in dated:
            if due is None:
                continue
            yield TrayItem(
                kind=kind,
                title=title,
                person=plan.person,
                due_on=due,
                url=url,
                worker=referral.worker,
                team=referral.team,
                ref=f"safeguarding.cpplan:{plan.pk}:{kind.removeprefix('cp_')}",
                rag=scope.rag(due),
            )


_COLLECTORS = (
    _mash_enquiries,
    _checks_to_chase,
    _strategy_discussions,
    _strategy_discussions_after_mash,
    _strategy_actions,
    _conferences,
    _cp_plans,
)


def collect_due_items(scope: Scope) -> Iterable[TrayItem]:
    """Every safeguarding item with a running clock (casework's trays sort and filter them)."""
    return [item for collect in _COLLECTORS for item in collect(scope)]
