"""Work trays: every item with a clock, who holds it, and how much time is left.

Each kind of due item is read by one query by a collector; apps above casework (safeguarding)
add theirs with `register_tray_collector` from their AppConfig.ready(). `tray_for` filters
them by the responsible worker or team and sorts them most urgent first. An item whose clock has run
out is escalated: it shows in the tray of the managers of its team (and of every team for a
head of service), and a direction from oversight also in the tray of the manager who gave it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from frontdoor.accounts.models import Role, Team
from frontdoor.contacts.models import Contact, ContactChild, Decision
from frontdoor.contacts.selectors import rag_for
from frontdoor.core.working_days import WorkingCalendar, calendar

from .clocks import DayRag, clock_length, rag_for_day, today
from .models import Assessment, CinPlan, ClosureRequest, EarlyHelpEpisode, Oversight, Referral


@dataclass(frozen=True)
class TrayItem:
    kind: str  # a key of KINDS
    title: str
    person: Any  # people.Person
    due_on: date
    url: str
    worker: Any  # the responsible user, or None when it is the team's
    team: Any  # the responsible team, or None when nobody's yet
    ref: str  # the record and clock, like "casework.assessment:12"
    rag: DayRag
    escalate_to: Any = None  # a manager who asked for it (oversight directions)

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def overdue(self) -> bool:
        return self.rag.colour == "red"


KINDS = {
    "decision": "Decision on a contact",
    "allocation": "Allocate to a worker",
    "risk_review": "Risk review while unallocated",
    "child_seen": "See the child",
    "assessment": "Complete the assessment",
    "authorisation": "Authorise the assessment",
    "closure_authorisation": "Authorise the closure",
    "cin_review": "Review the child in need plan",
    "early_help_allocation": "Take on early help",
    "early_help_assessment": "Complete the early help assessment",
    "early_help_review": "Review the early help plan",
    "direction": "Direction from oversight",
}


@dataclass(frozen=True)
class Scope:
    """The day trays are read for, the calendar to count on, and whose tray (None: all)."""

    on: date
    cal: WorkingCalendar
    user: Any = None

    def rag(self, due: date) -> DayRag:
        return rag_for_day(due, self.on, self.cal)

    def held_by(
        self, *, worker: Iterable[str] = (), team: Iterable[str] = (), whole_team: Any = None
    ) -> Q:
        """The rows whose items may be in this user's tray: held by them (a `worker` path) or
        their team (a `team` path); every row when the scope is everyone's or the user is in
        `whole_team`, the team that holds every item of the kind. A superset: `tray_for`
        decides, so that a tray read for one person shows what the whole list would."""
        if self.user is None or (whole_team is not None and whole_team.pk == self.user.team_id):
            return Q()
        held = Q(pk__in=[])
        for path in worker:
            held |= Q(**{f"{path}_id": self.user.pk})
        if self.user.team_id:
            for path in team:
                held |= Q(**{f"{path}_id": self.user.team_id})
        return held


def _rag(due: date, scope: Scope) -> DayRag:
    return scope.rag(due)


def _decisions(scope: Scope) -> Iterator[TrayItem]:
    undecided = ContactChild.objects.filter(contact=OuterRef("pk")).filter(
        Q(decision__isnull=True) | Q(decision__status=Decision.Status.RETURNED)
    )
    contacts = (
        Contact.objects.filter(status=Contact.Status.RECORDED, csw__isnull=False)
        .filter(Exists(undecided), scope.held_by(worker=["csw"], team=["csw__team"]))
        .select_related("csw__team")
        .prefetch_related("contact_children__person")
    )
    for contact in contacts:
        hours = rag_for(contact.decision_due_at)
        rag = DayRag(hours.colour, hours.label)
        children = [link.person for link in contact.contact_children.all()]
        yield TrayItem(
            kind="decision",
            title=f"Contact {contact.reference}: "
            + ", ".join(child.full_name for child in children),
            person=children[0] if children else None,
            due_on=timezone.localtime(contact.decision_due_at).date(),
            url=reverse("contacts:detail", args=[contact.pk]),
            worker=contact.csw,
            team=contact.csw.team if contact.csw else None,
            ref=f"contacts.contact:{contact.pk}",
            rag=rag,
        )


def _open_referrals() -> QuerySet[Referral]:
    return Referral.objects.filter(closed_on__isnull=True).select_related(
        "person", "team", "worker"
    )


def _referral_url(referral: Referral) -> str:
    return reverse("casework:referral", args=[referral.pk])


def _allocations(scope: Scope) -> Iterator[TrayItem]:
    unallocated = _open_referrals().filter(scope.held_by(team=["team"]), worker__isnull=True)
    for referral in unallocated:
        yield TrayItem(
            kind="allocation",
            title=f"{referral.person.full_name}: referral {referral.reference} not allocated",
            person=referral.person,
            due_on=referral.allocation_due_on,
            url=_referral_url(referral),
            worker=None,
            team=referral.team,
            ref=f"casework.referral:{referral.pk}:allocation",
            rag=_rag(referral.allocation_due_on, scope),
        )
        if referral.risk_review_due_on:
            yield TrayItem(
                kind="risk_review",
                title=f"{referral.person.full_name}: review the risk while unallocated",
                person=referral.person,
                due_on=referral.risk_review_due_on,
                url=_referral_url(referral),
                worker=None,
                team=referral.team,
                ref=f"casework.referral:{referral.pk}:risk_review",
                rag=_rag(referral.risk_review_due_on, scope),
            )


def _children_to_see(scope: Scope) -> Iterator[TrayItem]:
    seen = Assessment.objects.filter(referral=OuterRef("pk"), child_seen_on__isnull=False)
    held = scope.held_by(worker=["worker"], team=["team"])
    for referral in _open_referrals().filter(~Exists(seen), held):
        yield TrayItem(
            kind="child_seen",
            title=f"See {referral.person.full_name}",
            person=referral.person,
            due_on=referral.child_seen_due_on,
            url=_referral_url(referral),
            worker=referral.worker,
            team=referral.team,
            ref=f"casework.referral:{referral.pk}:child_seen",
            rag=_rag(referral.child_seen_due_on, scope),
        )


def _assessments(scope: Scope) -> Iterator[TrayItem]:
    open_assessments = Assessment.objects.exclude(status=Assessment.Status.AUTHORISED).filter(
        scope.held_by(worker=["worker"], team=["referral__team"])
    )
    for assessment in open_assessments.select_related(
        "referral__person", "referral__team", "worker"
    ):
        referral = assessment.referral
        url = reverse("casework:assessment", args=[assessment.pk])
        if assessment.status == Assessment.Status.SUBMITTED:
            submitted = timezone.localtime(assessment.submitted_at).date()
            due = min(
                assessment.due_on,
                scope.cal.add_working_days(submitted, clock_length("authorisation_working_days")),
            )
            yield TrayItem(
                kind="authorisation",
                title=f"{referral.person.full_name}: assessment by {assessment.worker}",
                person=referral.person,
                due_on=due,
                url=url,
                worker=None,
                team=referral.team,
                ref=f"casework.assessment:{assessment.pk}:authorisation",
                rag=_rag(due, scope),
            )
            continue
        yield TrayItem(
            kind="assessment",
            title=f"{referral.person.full_name}: assessment"
            + (" returned by the manager" if assessment.status == "returned" else ""),
            person=referral.person,
            due_on=assessment.due_on,
            url=url,
            worker=assessment.worker,
            team=referral.team,
            ref=f"casework.assessment:{assessment.pk}",
            rag=_rag(assessment.due_on, scope),
        )


def _closures(scope: Scope) -> Iterator[TrayItem]:
    """Closures and step downs waiting for a manager of the referral's team."""
    waiting = ClosureRequest.objects.filter(
        scope.held_by(team=["referral__team"]), status=ClosureRequest.Status.WAITING
    ).select_related("referral__person", "referral__team", "requested_by")
    for request in waiting:
        referral = request.referral
        due = scope.cal.add_working_days(
            timezone.localtime(request.requested_at).date(),
            clock_length("authorisation_working_days"),
        )
        yield TrayItem(
            kind="closure_authorisation",
            title=f"{referral.person.full_name}: {request.get_kind_display().lower()} "
            f"asked by {request.requested_by}",
            person=referral.person,
            due_on=due,
            url=reverse("casework:closure", args=[request.pk]),
            worker=None,
            team=referral.team,
            ref=f"casework.closurerequest:{request.pk}",
            rag=_rag(due, scope),
        )


def _cin_reviews(scope: Scope) -> Iterator[TrayItem]:
    plans = CinPlan.objects.filter(
        scope.held_by(worker=["referral__worker"], team=["referral__team"]),
        end_date__isnull=True,
        next_review_on__isnull=False,
    ).select_related("referral__person", "referral__team", "referral__worker")
    for plan in plans:
        referral = plan.referral
        yield TrayItem(
            kind="cin_review",
            title=f"{referral.person.full_name}: child in need plan review",
            person=referral.person,
            due_on=plan.next_review_on,  # type: ignore[arg-type]
            url=_referral_url(referral),
            worker=referral.worker,
            team=referral.team,
            ref=f"casework.cinplan:{plan.pk}:review",
            rag=_rag(plan.next_review_on, scope),  # type: ignore[arg-type]
        )


def _early_help_team() -> Team | None:
    return Team.objects.filter(kind=Team.Kind.EARLY_HELP).order_by("pk").first()


def _early_help(scope: Scope) -> Iterator[TrayItem]:
    team = _early_help_team()
    episodes = EarlyHelpEpisode.objects.filter(
        scope.held_by(worker=["advisor"], team=["advisor__team"], whole_team=team),
        closed_on__isnull=True,
    ).select_related("person", "advisor__team")
    for episode in episodes:
        url = reverse("casework:early_help", args=[episode.pk])
        name = episode.person.full_name
        advisor_team = episode.advisor.team if episode.advisor else team
        if episode.advisor is None and not episode.lead_organisation:
            kind, due, title = "early_help_allocation", episode.allocation_due_on, name
        elif episode.advisor is None:
            continue  # led by another organisation: no clock of ours
        elif not episode.assessment_completed_on:
            kind, due, title = "early_help_assessment", episode.assessment_due_on, name
        elif episode.next_review_on:
            kind, due, title = "early_help_review", episode.next_review_on, name
        else:
            continue
        yield TrayItem(
            kind=kind,
            title=title,
            person=episode.person,
            due_on=due,
            url=url,
            worker=episode.advisor,
            team=advisor_team,
            ref=f"casework.earlyhelpepisode:{episode.pk}:{kind}",
            rag=_rag(due, scope),
        )


def _directions(scope: Scope) -> Iterator[TrayItem]:
    directions = Oversight.objects.filter(
        scope.held_by(worker=["direction_for", "recorded_by"], team=["direction_for__team"]),
        completed_at__isnull=True,
        direction_due_on__isnull=False,
    ).select_related("person", "direction_for__team", "recorded_by")
    for oversight in directions:
        due = oversight.direction_due_on
        assert due is not None
        yield TrayItem(
            kind="direction",
            title=f"{oversight.person.full_name}: {oversight.direction[:80]}",
            person=oversight.person,
            due_on=due,
            url=reverse("casework:oversight", args=[oversight.pk]),
            worker=oversight.direction_for,
            team=oversight.direction_for.team if oversight.direction_for else None,
            ref=f"casework.oversight:{oversight.pk}",
            rag=_rag(due, scope),
            escalate_to=oversight.recorded_by,
        )


Collector = Callable[[Scope], Iterable[TrayItem]]
_collectors: list[Collector] = [
    _decisions,
    _allocations,
    _children_to_see,
    _assessments,
    _closures,
    _cin_reviews,
    _early_help,
    _directions,
]


def register_tray_collector(collect: Collector, *, kinds: dict[str, str]) -> Collector:
    """Add a collector of due items of `kinds` ({kind: label}) to every tray."""
    KINDS.update(kinds)
    if collect not in _collectors:
        _collectors.append(collect)
    return collect


def all_due_items(on: date | None = None, *, for_user: Any = None) -> list[TrayItem]:
    """Every item with a running clock, most urgent first: everyone's, or only those that may
    be in `for_user`'s tray."""
    scope = Scope(on=on or today(), cal=calendar(), user=for_user)
    items = [item for collect in _collectors for item in collect(scope)]
    return sorted(items, key=_urgency)


_RAG_ORDER = {"red": 0, "amber": 1, "green": 2}


def _urgency(item: TrayItem) -> tuple[int, date, str]:
    return (_RAG_ORDER[item.rag.colour], item.due_on, item.title)


@dataclass
class Tray:
    mine: list[TrayItem]  # held by the user
    team: list[TrayItem]  # their team's, held by the team or by colleagues
    escalated: list[TrayItem]  # overdue, for a manager to act on


def tray_for(user: Any, on: date | None = None) -> Tray:
    everyones = user.role == Role.HEAD_OF_SERVICE
    return tray_from(all_due_items(on, for_user=None if everyones else user), user)


def tray_from(items: list[TrayItem], user: Any) -> Tray:
    """The user's tray out of `items`."""
    is_manager = user.role in (Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE)
    mine = [item for item in items if item.worker is not None and item.worker.pk == user.pk]
    team = [
        item
        for item in items
        if item not in mine
        and (
            (item.team is not None and item.team.pk == user.team_id)
            # Work no team holds yet (no locality team covers the postcode) is the head of
            # service's to place.
            or (item.team is None and user.role == Role.HEAD_OF_SERVICE)
        )
    ]
    escalated: list[TrayItem] = []
    if is_manager:
        escalated = [
            item
            for item in items
            if item.overdue
            and (
                user.role == Role.HEAD_OF_SERVICE
                or (item.team is not None and item.team.pk == user.team_id)
                or (item.escalate_to is not None and item.escalate_to.pk == user.pk)
            )
        ]
    return Tray(mine=mine, team=team, escalated=escalated)
