"""Reads for the front door: work trays, the decision context, the feedback summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from frontdoor.accounts.models import Role
from frontdoor.core.working_days import WorkingCalendar, calendar
from frontdoor.people.family import households_of_each, siblings_of_each
from frontdoor.people.involvement import open_involvements
from frontdoor.people.models import Person

from .models import (
    REFERRAL_OUTCOMES,
    Contact,
    ContactChild,
    Decision,
    Immediacy,
    Outcome,
    ThresholdDescriptor,
)


def decision_due_on(cal: WorkingCalendar, received_at: datetime, immediacy: str) -> datetime:
    """When the decision on a contact is due, by how urgent it is: an immediate concern within
    FRONTDOOR_IMMEDIATE_DECISION_MINUTES, one for today by the close of the working day (the
    next one's when it came after the close), anything else within one working day."""
    if immediacy == Immediacy.IMMEDIATE:
        return received_at + timedelta(minutes=settings.FRONTDOOR_IMMEDIATE_DECISION_MINUTES)
    if immediacy == Immediacy.SAME_DAY:
        return cal.end_of_working_day(received_at)
    return cal.add_working_days(received_at, 1)


def decision_due(received_at: datetime, immediacy: str = "") -> datetime:
    return decision_due_on(calendar(), received_at, immediacy)


def immediacy_problem(cal: WorkingCalendar, received_at: datetime, immediacy: str) -> str:
    """Why this urgency cannot stand at this time, or "": the front door decides an immediate
    concern while it is open (FRONTDOOR_OPENING_HOURS on working days); when it is closed the
    emergency duty team does."""
    opens, closes = (time.fromisoformat(t) for t in settings.FRONTDOOR_OPENING_HOURS)
    local = timezone.localtime(received_at)
    is_open = cal.is_working_day(local.date()) and opens <= local.time() < closes
    if immediacy != Immediacy.IMMEDIATE or is_open:
        return ""
    return (
        f"The front door is closed at {local:%H:%M on %-d %B %Y}: an immediate concern when "
        f"it is closed ({opens:%H:%M} to {closes:%H:%M} on working days) goes to the emergency "
        "duty team. Check the time received or select another urgency"
    )


@dataclass(frozen=True)
class Rag:
    colour: str  # "red", "amber" or "green"
    label: str


def rag_for(due_at: datetime, now: datetime | None = None) -> Rag:
    now = now or timezone.now()
    left = due_at - now
    if left <= timedelta(0):
        return Rag("red", "Overdue")
    if left <= timedelta(hours=settings.FRONTDOOR_AMBER_HOURS):
        return Rag("amber", "Due soon")
    return Rag("green", "On time")


def _undecided_children() -> QuerySet[ContactChild]:
    return ContactChild.objects.filter(
        Q(decision__isnull=True) | Q(decision__status=Decision.Status.RETURNED)
    )


def contacts_awaiting_decision(*, user: Any) -> QuerySet[Contact]:
    """Recorded contacts named to this CSW with a child still to decide, most urgent first."""
    undecided = _undecided_children().filter(contact=OuterRef("pk"))
    return (
        Contact.objects.filter(csw=user, status=Contact.Status.RECORDED)
        .filter(Exists(undecided))
        .prefetch_related(
            Prefetch(
                "contact_children",
                queryset=ContactChild.objects.select_related("person", "decision"),
            )
        )
        .order_by("decision_due_at")
    )


def contacts_in_draft(*, user: Any) -> QuerySet[Contact]:
    return Contact.objects.filter(
        Q(recorded_by=user) | Q(csw=user), status=Contact.Status.DRAFT
    ).order_by("decision_due_at")


def _decisions_with_context() -> QuerySet[Decision]:
    return Decision.objects.select_related(
        "contact_child__person",
        "contact_child__contact",
        "decided_by",
        "authorised_by",
        "returned_by",
    )


def decisions_awaiting_authorisation(*, user: Any) -> QuerySet[Decision]:
    """A head of service sees every team's; a team manager sees their own team's."""
    decisions = _decisions_with_context().filter(status=Decision.Status.AWAITING_AUTHORISATION)
    if user.role != Role.HEAD_OF_SERVICE:
        decisions = decisions.filter(decided_by__team__isnull=False, decided_by__team=user.team_id)
    return decisions.order_by("decided_at")


def decisions_returned_to(*, user: Any) -> QuerySet[Decision]:
    return _decisions_with_context().filter(decided_by=user, status=Decision.Status.RETURNED)


def decisions_decided_today(*, user: Any) -> QuerySet[Decision]:
    start_of_today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    decisions = _decisions_with_context().filter(decided_at__gte=start_of_today)
    if user.role in (Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE):
        return decisions.filter(
            decided_by__team__isnull=False, decided_by__team=user.team_id
        ).order_by("-decided_at")
    return decisions.filter(decided_by=user).order_by("-decided_at")


def contact_for_page(*, contact_id: int) -> Contact:
    return (
        Contact.objects.select_related("csw", "recorded_by")
        .prefetch_related(
            Prefetch(
                "contact_children",
                queryset=ContactChild.objects.select_related(
                    "person", "decision__decided_by", "decision__authorised_by"
                ),
            )
        )
        .get(pk=contact_id)
    )


def person_referred_since(*, person: Person, since: datetime, before: datetime) -> bool:
    """Whether the child had a referral (a contact accepted for a social work response)."""
    return Decision.objects.filter(
        contact_child__person=person,
        outcome__in=REFERRAL_OUTCOMES,
        contact_child__contact__received_at__gte=since,
        contact_child__contact__received_at__lt=before,
    ).exists()


RE_REFERRAL_MONTHS = 12  # DfE: a re-referral is a referral within 12 months of another


def person_referred_within_months(
    *, person: Person, before: datetime, months: int = RE_REFERRAL_MONTHS
) -> bool:
    """Whether the child was referred in the `months` before `before` (a month = 1/12 year)."""
    since = before - timedelta(days=round(months * 365.25 / 12))
    return person_referred_since(person=person, since=since, before=before)


def person_contact_history(*, person: Person) -> QuerySet[ContactChild]:
    return (
        ContactChild.objects.filter(person=person, contact__status=Contact.Status.RECORDED)
        .select_related("contact", "decision")
        .order_by("-contact__received_at")
    )


def contact_feedback_summary(*, contact: Contact, extra: Sequence[str] = ()) -> str:
    """A plain-text note to the referrer the CSW can copy into an email or read out; `extra`
    lines (from apps above, see feedback_notes.py) before the signature."""
    lines = [
        f"Dear {contact.referrer_name or 'colleague'},",
        "",
        f"Thank you for contacting the Children's Advice and Duty Service on "
        f"{timezone.localtime(contact.received_at):%-d %B %Y at %H:%M} "
        f"(our reference {contact.reference}).",
        "",
    ]
    for link in contact.contact_children.all():
        decision = getattr(link, "decision", None)
        name = link.person.first_name
        if decision is None:
            lines.append(f"{name}: a decision has not yet been made.")
            continue
        lines.append(f"{name}: {decision.get_outcome_display()}.")
        lines.append(f"  Who is best placed to help, and next steps: {decision.best_placed}")
        if decision.agency_taking_action:
            lines.append(f"  Agency taking action: {decision.agency_taking_action}")
        if not decision.is_settled:
            lines.append("  This decision is awaiting a manager's authorisation.")
    csw = contact.csw.get_full_name() if contact.csw else "the duty consultant social worker"
    lines += ["", "If anything changes or you are worried, call us again."]
    if extra:
        lines += ["", *extra]
    lines += ["", csw]
    return "\n".join(lines)


@dataclass(frozen=True)
class IntakeCandidate:
    """What a CSW needs to see about a possible match while the caller is on the line."""

    match: Any  # people.selectors.PersonMatch
    contacts: list[ContactChild]  # the most recent first
    contact_count: int
    involvements: list[Any]  # people.involvement.Involvement
    siblings: list[Person]
    household: list[Person]  # others recorded at the same address
    last_referral_at: datetime | None
    would_be_re_referral: bool


def intake_candidates(*, matches: list[Any], at: datetime | None = None) -> list[IntakeCandidate]:
    """Each match with its history, open work, siblings and the re-referral warning.

    A fixed number of queries however many candidates there are.
    """
    at = at or timezone.now()
    ids = [match.person.pk for match in matches]
    history: dict[int, list[ContactChild]] = {pk: [] for pk in ids}
    for link in (
        ContactChild.objects.filter(person_id__in=ids, contact__status=Contact.Status.RECORDED)
        .select_related("contact", "decision")
        .order_by("-contact__received_at")
    ):
        history[link.person_id].append(link)
    last_referral = dict(
        Decision.objects.filter(
            contact_child__person_id__in=ids,
            outcome__in=REFERRAL_OUTCOMES,
            contact_child__contact__received_at__lt=at,
        )
        .values("contact_child__person_id")
        .annotate(last=Max("contact_child__contact__received_at"))
        .values_list("contact_child__person_id", "last")
    )
    window_start = at - timedelta(days=round(RE_REFERRAL_MONTHS * 365.25 / 12))
    involvements = open_involvements(ids)
    siblings = siblings_of_each(ids)
    households = households_of_each(match.person for match in matches)
    return [
        IntakeCandidate(
            match=match,
            contacts=history[match.person.pk][:3],
            contact_count=len(history[match.person.pk]),
            involvements=involvements.get(match.person.pk, []),
            siblings=siblings.get(match.person.pk, []),
            household=households.get(match.person.pk, []),
            last_referral_at=last_referral.get(match.person.pk),
            would_be_re_referral=bool(
                last_referral.get(match.person.pk)
                and last_referral[match.person.pk] >= window_start
            ),
        )
        for match in matches
    ]


def threshold_guidance() -> list[tuple[str, str, list[str]]]:
    """Each level of need in the order the decision offers them: its label, the council's
    descriptor and the outcomes that usually follow (labels)."""
    descriptors = {row.level: row for row in ThresholdDescriptor.objects.all()}
    outcome_labels = dict(Outcome.choices)
    guidance = []
    for level, label in settings.FRONTDOOR_NEED_LEVELS:
        row = descriptors.get(level)
        if row is not None:
            outcomes = [outcome_labels.get(value, value) for value in row.outcomes]
            guidance.append((label, row.descriptor, outcomes))
    return guidance


def decisions_where_level_and_outcome_disagree(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """Of `decisions`, those whose outcome is not one that usually follows their level of need
    (the council's threshold descriptors; a level without one disagrees with nothing)."""
    disagree = Q()
    for row in ThresholdDescriptor.objects.all():
        disagree |= Q(need_level=row.level) & ~Q(outcome__in=row.outcomes)
    return decisions.filter(disagree) if disagree else decisions.none()
