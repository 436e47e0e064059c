"""What the audit pages read: the month's sample to audit, a user's audits and learning
actions, and the audits waiting for a moderator."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from frontdoor.casework.models import Assessment
from frontdoor.contacts.models import Decision
from frontdoor.people.access import shield_restricted

from .models import Audit, LearningAction

SETTLED = (Decision.Status.FINAL, Decision.Status.AUTHORISED)


def sample_per_worker() -> int:
    return int(getattr(settings, "FRONTDOOR_AUDIT_SAMPLE_PER_WORKER", 2))


@dataclass(frozen=True)
class SampleRow:
    kind: str  # "decision" or "assessment"
    pk: int
    person: Any
    worker: Any
    on: date  # decided, or authorised
    what: str  # the decision's outcome, or the assessment's
    reference: str  # the contact's or the referral's
    audit: Audit | None
    authors: frozenset[int]


def month_start(on: date) -> date:
    return on.replace(day=1)


def previous_month(on: date) -> date:
    first = month_start(on)
    return (
        first.replace(year=first.year - 1, month=12)
        if first.month == 1
        else first.replace(month=first.month - 1)
    )


def _next_month(first: date) -> date:
    return (
        first.replace(year=first.year + 1, month=1)
        if first.month == 12
        else first.replace(month=first.month + 1)
    )


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _candidates(month: date) -> list[SampleRow]:
    start, end = month, _next_month(month)
    decisions = (
        Decision.objects.filter(
            status__in=SETTLED,
            decided_at__gte=_local_midnight(start),
            decided_at__lt=_local_midnight(end),
        )
        .select_related("contact_child__person", "decided_by", "quality_audit")
        .order_by("pk")
    )
    rows = [
        SampleRow(
            "decision",
            d.pk,
            d.contact_child.person,
            d.decided_by,
            timezone.localtime(d.decided_at).date(),
            d.get_outcome_display(),
            f"C{d.contact_child.contact_id:06d}",
            getattr(d, "quality_audit", None),
            frozenset(pk for pk in (d.decided_by_id, d.authorised_by_id) if pk),
        )
        for d in decisions
    ]
    assessments = (
        Assessment.objects.filter(
            status=Assessment.Status.AUTHORISED, authorised_on__gte=start, authorised_on__lt=end
        )
        .select_related("referral__person", "worker", "quality_audit")
        .order_by("pk")
    )
    rows += [
        SampleRow(
            "assessment",
            a.pk,
            a.referral.person,
            a.worker,
            a.authorised_on,  # type: ignore[arg-type]
            a.get_outcome_display() or "Assessment",
            a.referral.reference,
            getattr(a, "quality_audit", None),
            frozenset(pk for pk in (a.worker_id, a.submitted_by_id, a.authorised_by_id) if pk),
        )
        for a in assessments
    ]
    return rows


def audit_sample(*, month: date, user: Any, per_worker: int | None = None) -> list[SampleRow]:
    """The month's sample to audit, drawn like this:

    1. the candidates are every decision settled (made, or authorised where it needed it)
       with its decision time in the calendar month, London time, and every assessment
       authorised on a day of the month;
    2. they are grouped by worker (who made the decision, who wrote the assessment) and put
       in a fixed order (decisions then assessments, oldest record first);
    3. from each worker's group `per_worker` (setting `FRONTDOOR_AUDIT_SAMPLE_PER_WORKER`,
       2 by default) are drawn at random, with a generator seeded by the month and the
       worker (`audit-sample:2026-10:<worker id>`), so everyone sees the same sample all
       month and auditing one does not redraw it; a worker with fewer has them all.

    Work already audited stays in the sample, shown with its audit, so the sample cannot be
    reshaped by what is audited first. The rows come by worker's name, then date; restricted
    records the user is not named on show only that they are there."""
    count = sample_per_worker() if per_worker is None else per_worker
    groups: dict[int, list[SampleRow]] = defaultdict(list)
    for row in _candidates(month):
        groups[row.worker.pk].append(row)
    drawn: list[SampleRow] = []
    for worker_id, rows in groups.items():
        chooser = random.Random(f"audit-sample:{month:%Y-%m}:{worker_id}")
        drawn += chooser.sample(rows, k=min(count, len(rows)))
    drawn.sort(key=lambda r: (str(r.worker), r.on, r.kind, r.pk))
    return shield_restricted(user, drawn)


def audits_by(user: Any) -> QuerySet[Audit]:
    return Audit.objects.filter(auditor=user).select_related("worker", "moderated_by")


def audits_of_work_by(user: Any) -> QuerySet[Audit]:
    return Audit.objects.filter(worker=user).select_related("auditor", "moderated_by")


def audits_to_moderate(user: Any) -> list[Audit]:
    """Audits not yet moderated that `user` may moderate: not their own, nor of their work."""
    waiting = (
        Audit.objects.filter(moderated_at__isnull=True).exclude(auditor=user).exclude(worker=user)
    )
    waiting = waiting.select_related("auditor", "worker", "decision__contact_child", "assessment")
    return [
        audit
        for audit in waiting
        if user.pk
        not in (
            {audit.decision.authorised_by_id}
            if audit.decision
            else {audit.assessment.submitted_by_id, audit.assessment.authorised_by_id}  # type: ignore[union-attr]
        )
    ]


def learning_actions_for(user: Any) -> QuerySet[LearningAction]:
    return LearningAction.objects.filter(worker=user).select_related("audit", "set_by")
