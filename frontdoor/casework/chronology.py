"""Casework's events in the child's chronology: referrals and their closure, allocation,
assessments, plans and reviews, early help, steps up and down, and management oversight.

Imported by `CaseworkConfig.ready()`; each provider is one or two queries for all the ids.
Events known only by their date are placed on that day (`ChronologyEvent.on_day`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse

from frontdoor.people.chronology import (
    ChronologyEvent,
    date_filter,
    datetime_filter,
    register,
    user_name,
)

from .models import (
    Allocation,
    Assessment,
    CinPlan,
    EarlyHelpEpisode,
    Oversight,
    PlanReview,
    Referral,
    Step,
)


def _in_window(day: date | None, date_from: date | None, date_to: date | None) -> bool:
    return day is not None and not (date_from and day < date_from or date_to and day > date_to)


@register(referral="Referral", closure="Case closed")
def referrals(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    rows = Referral.objects.filter(person_id__in=person_ids).filter(
        date_filter("referral_date", date_from, date_to)
        | date_filter("closed_on", date_from, date_to)
    )
    for referral in rows.select_related("opened_by", "team"):
        url = reverse("casework:referral", args=[referral.pk])
        if _in_window(referral.referral_date, date_from, date_to):
            yield ChronologyEvent.on_day(
                referral.referral_date,
                person_id=referral.person_id,
                kind="referral",
                title=f"Referral {referral.reference} opened"
                + (" (re-referral within 12 months)" if referral.is_re_referral else ""),
                detail=f"Source: {referral.get_source_display()}",
                recorded_by=user_name(referral.opened_by),
                url=url,
                ref=f"casework.referral:{referral.pk}",
            )
        if _in_window(referral.closed_on, date_from, date_to):
            assert referral.closed_on is not None
            yield ChronologyEvent.on_day(
                referral.closed_on,
                person_id=referral.person_id,
                kind="closure",
                title=f"Referral {referral.reference} closed: "
                f"{referral.get_closure_reason_display()}",
                url=url,
                ref=f"casework.referral:{referral.pk}:closed",
            )


@register(allocation="Allocation")
def allocations(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    rows = Allocation.objects.filter(
        datetime_filter("allocated_at", date_from, date_to),
        referral__person_id__in=person_ids,
    ).select_related("referral", "team", "worker", "allocated_by")
    for allocation in rows.exclude(team__isnull=True, worker__isnull=True):
        to = f"{allocation.worker} ({allocation.team})" if allocation.worker else allocation.team
        yield ChronologyEvent(
            person_id=allocation.referral.person_id,
            occurred_at=allocation.allocated_at,
            kind="allocation",
            title=f"Allocated to {to}",
            detail=allocation.reason,
            recorded_by=user_name(allocation.allocated_by),
            url=reverse("casework:referral", args=[allocation.referral_id]),
            ref=f"casework.allocation:{allocation.pk}",
        )


@register(assessment="Assessment", child_seen="Child seen")
def assessments(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    rows = (
        Assessment.objects.filter(referral__person_id__in=person_ids)
        .filter(
            date_filter("started_on", date_from, date_to)
            | date_filter("child_seen_on", date_from, date_to)
            | date_filter("authorised_on", date_from, date_to)
        )
        .select_related("referral", "worker", "authorised_by")
    )
    for assessment in rows:
        person_id = assessment.referral.person_id
        url = reverse("casework:assessment", args=[assessment.pk])
        ref = f"casework.assessment:{assessment.pk}"
        if _in_window(assessment.started_on, date_from, date_to):
            yield ChronologyEvent.on_day(
                assessment.started_on,
                person_id=person_id,
                kind="assessment",
                title=f"Assessment started by {assessment.worker}",
                detail=f"Due {assessment.due_on:%-d %B %Y}",
                url=url,
                ref=ref,
            )
        if _in_window(assessment.child_seen_on, date_from, date_to):
            assert assessment.child_seen_on is not None
            yield ChronologyEvent.on_day(
                assessment.child_seen_on,
                person_id=person_id,
                kind="child_seen",
                title="Child seen" + (" alone" if assessment.child_seen_alone else ""),
                detail=assessment.child_views,
                recorded_by=user_name(assessment.worker),
                url=url,
                ref=f"{ref}:seen",
            )
        if _in_window(assessment.authorised_on, date_from, date_to):
            assert assessment.authorised_on is not None
            late = assessment.authorised_on > assessment.due_on
            yield ChronologyEvent.on_day(
                assessment.authorised_on,
                person_id=person_id,
                kind="assessment",
                title=f"Assessment authorised: {assessment.get_outcome_display()}"
                + (" (late)" if late else ""),
                detail=assessment.analysis,
                recorded_by=user_name(assessment.authorised_by),
                url=url,
                ref=f"{ref}:authorised",
            )


@register(plan="Plan")
def plans(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    rows = CinPlan.objects.filter(referral__person_id__in=person_ids).select_related(
        "referral", "started_by"
    )
    for plan in rows:
        url = reverse("casework:referral", args=[plan.referral_id])
        dated: list[tuple[str, date, Any, str]] = [
            ("Child in need plan started", plan.start_date, plan.started_by, "start")
        ]
        if plan.end_date:
            dated.append(("Child in need plan ended", plan.end_date, None, "end"))
        for title, day, by, suffix in dated:
            if _in_window(day, date_from, date_to):
                yield ChronologyEvent.on_day(
                    day,
                    person_id=plan.referral.person_id,
                    kind="plan",
                    title=title,
                    recorded_by=user_name(by),
                    url=url,
                    ref=f"casework.cinplan:{plan.pk}:{suffix}",
                )


@register(plan="Plan", early_help="Early help")
def plan_reviews(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    rows = (
        PlanReview.objects.filter(
            Q(cin_plan__referral__person_id__in=person_ids)
            | Q(early_help__person_id__in=person_ids)
        )
        .filter(date_filter("reviewed_on", date_from, date_to))
        .select_related("cin_plan__referral", "early_help", "recorded_by")
    )
    for review in rows:
        if review.cin_plan is not None:
            person_id, kind, title = review.cin_plan.referral.person_id, "plan", "Child in need"
            url = reverse("casework:referral", args=[review.cin_plan.referral_id])
        else:
            assert review.early_help is not None
            person_id, kind, title = review.early_help.person_id, "early_help", "Early help"
            url = reverse("casework:early_help", args=[review.early_help_id])
        yield ChronologyEvent.on_day(
            review.reviewed_on,
            person_id=person_id,
            kind=kind,
            title=f"{title} plan reviewed",
            detail=review.note,
            recorded_by=user_name(review.recorded_by),
            url=url,
            ref=f"casework.planreview:{review.pk}",
        )


@register(early_help="Early help")
def early_help(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    rows = EarlyHelpEpisode.objects.filter(person_id__in=person_ids).select_related(
        "advisor", "opened_by"
    )
    for episode in rows:
        url = reverse("casework:early_help", args=[episode.pk])
        lead = str(episode.advisor or episode.lead_organisation or "")
        dated = [
            ("Early help requested", episode.opened_on, "", episode.opened_by, "open"),
            ("Early help assessment started", episode.assessment_started_on, "", None, "as"),
            ("Early help assessment completed", episode.assessment_completed_on, "", None, "ac"),
            ("Early help plan started", episode.plan_started_on, "", None, "plan"),
        ]
        if episode.closed_on:
            reason = episode.get_closure_reason_display()
            dated.append((f"Early help closed: {reason}", episode.closed_on, "", None, "closed"))
        for title, day, detail, by, suffix in dated:
            if _in_window(day, date_from, date_to):
                assert day is not None
                yield ChronologyEvent.on_day(
                    day,
                    person_id=episode.person_id,
                    kind="early_help",
                    title=title + (f" (led by {lead})" if suffix == "open" and lead else ""),
                    detail=detail,
                    recorded_by=user_name(by),
                    url=url,
                    ref=f"casework.earlyhelpepisode:{episode.pk}:{suffix}",
                )


@register(step="Step up or down")
def steps(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    rows = Step.objects.filter(
        date_filter("stepped_on", date_from, date_to), person_id__in=person_ids
    ).select_related("recorded_by")
    for step in rows:
        yield ChronologyEvent.on_day(
            step.stepped_on,
            person_id=step.person_id,
            kind="step",
            title=step.get_direction_display(),
            detail=step.reason,
            recorded_by=user_name(step.recorded_by),
            url=reverse("casework:referral", args=[step.referral_id]),
            ref=f"casework.step:{step.pk}",
        )


@register(oversight="Management oversight")
def oversight(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    rows = Oversight.objects.filter(
        Q(person_id__in=person_ids), datetime_filter("recorded_at", date_from, date_to)
    ).select_related("recorded_by", "direction_for")
    for record in rows:
        direction = ""
        if record.direction:
            direction = (
                f"Direction for {record.direction_for}, due "
                f"{record.direction_due_on:%-d %B %Y}: {record.direction}"
            )
        yield ChronologyEvent(
            person_id=record.person_id,
            occurred_at=record.recorded_at,
            kind="oversight",
            title=record.get_kind_display(),
            detail="\n".join(part for part in (record.discussion, direction) if part),
            recorded_by=user_name(record.recorded_by),
            url=reverse("casework:oversight", args=[record.pk]),
            ref=f"casework.oversight:{record.pk}",
        )
