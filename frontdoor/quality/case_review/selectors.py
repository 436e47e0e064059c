"""Reads of the case review meeting: a case's history for the agenda, and the themes and
findings of each week's meeting over time."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from frontdoor.people.chronology import ChronologyEvent, chronology_for
from frontdoor.people.involvement import Involvement, open_involvements

from .models import CaseReviewItem, CaseReviewMeeting, CaseReviewTheme
from .sampling import months_before

# What a case's history shows: the front door's contacts and decisions and the referrals and
# closures of the year before (what the intake record may show, not the case narrative).
HISTORY_KINDS = ("contact", "decision", "referral", "closure")
HISTORY_MONTHS = 12
HISTORY_LINES = 10


@dataclass
class History:
    events: list[ChronologyEvent]
    more: int  # events of the year left out of the first HISTORY_LINES
    open_work: list[Involvement]


def case_history(item: CaseReviewItem) -> History:
    decided = timezone.localtime(item.decision.decided_at).date()
    events = chronology_for(
        person=item.person,
        kinds=HISTORY_KINDS,
        date_from=months_before(decided, HISTORY_MONTHS),
    )
    return History(
        events[:HISTORY_LINES],
        max(0, len(events) - HISTORY_LINES),
        open_involvements([item.person_id]).get(item.person_id, []),
    )


def meeting_items(meeting: CaseReviewMeeting) -> QuerySet[CaseReviewItem]:
    return meeting.items.select_related(
        "person", "decision__contact_child__contact", "decision__decided_by", "reviewed_by"
    ).prefetch_related("themes", "actions__owner")


@dataclass
class WeekRow:
    meeting: CaseReviewMeeting
    on_agenda: int
    reviewed: int
    different: int
    by_theme: list[int] = field(default_factory=list)


@dataclass
class OverTime:
    themes: list[CaseReviewTheme]
    weeks: list[WeekRow]


def findings_over_time(*, since: date | None = None) -> OverTime:
    """Per week's meeting, oldest first: the cases on the agenda, those with a finding, those
    found "should have been different", and the cases showing each theme."""
    meetings = CaseReviewMeeting.objects.order_by("week_starting")
    if since is not None:
        meetings = meetings.filter(week_starting__gte=since)
    counted = meetings.annotate(
        on_agenda=Count("items"),
        reviewed=Count("items", filter=~Q(items__finding="")),
        different=Count("items", filter=Q(items__finding=CaseReviewItem.Finding.DIFFERENT)),
    )
    per_theme: Counter[tuple[int, int]] = Counter()
    rows = CaseReviewItem.themes.through.objects.filter(
        casereviewitem__meeting__in=meetings
    ).values_list("casereviewitem__meeting_id", "casereviewtheme_id")
    for meeting_id, theme_id in rows:
        per_theme[meeting_id, theme_id] += 1
    used = {theme_id for _, theme_id in per_theme}
    themes = list(CaseReviewTheme.objects.filter(Q(active=True) | Q(pk__in=used)))
    weeks = [
        WeekRow(
            m,
            m.on_agenda,  # type: ignore[attr-defined]
            m.reviewed,  # type: ignore[attr-defined]
            m.different,  # type: ignore[attr-defined]
            [per_theme[m.pk, t.pk] for t in themes],
        )
        for m in counted
    ]
    return OverTime(themes, weeks)
