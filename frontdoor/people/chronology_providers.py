"""The people app's events for the chronology: significant events added by hand, moves of
address, relationships started and ended, and merges of records. Registered by
`PeopleConfig.ready()`; each provider is one query."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from django.db.models import Q
from django.urls import reverse

from .chronology import (
    ChronologyEvent,
    date_filter,
    datetime_filter,
    register,
    user_name,
)
from .models import Address, Merge, Relationship, SignificantEvent


@register(significant_event="Significant event")
def significant_events(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    rows = SignificantEvent.objects.filter(
        date_filter("occurred_on", date_from, date_to), person_id__in=person_ids
    ).select_related("recorded_by")
    for row in rows:
        yield ChronologyEvent.on_day(
            row.occurred_on,
            person_id=row.person_id,
            kind="significant_event",
            title=row.title,
            detail=row.detail,
            source=row.source,
            recorded_by=user_name(row.recorded_by),
            ref=f"people.significantevent:{row.pk}",
        )


@register(address="Change of address")
def address_moves(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    """A move is dated by `moved_in`; an address with no date cannot be placed in time."""
    rows = Address.objects.filter(
        date_filter("moved_in", date_from, date_to), person_id__in=person_ids
    )
    for row in rows:
        assert row.moved_in is not None
        yield ChronologyEvent.on_day(
            row.moved_in,
            person_id=row.person_id,
            kind="address",
            title=f"Moved to {row}".rstrip(", "),
            ref=f"people.address:{row.pk}",
        )


@register(relationship="Relationship")
def relationships(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    """A relationship started or ended, read from either side."""
    ours = Q(person_id__in=person_ids) | Q(relative_id__in=person_ids)
    dated = date_filter("started", date_from, date_to) | date_filter("ended", date_from, date_to)
    rows = Relationship.objects.filter(ours, dated).select_related("person", "relative")
    for row in rows:
        mine = row.person_id in person_ids
        other = row.relative if mine else row.person
        common = {
            "person_id": row.person_id if mine else row.relative_id,
            "kind": "relationship",
            "detail": row.description,
            "url": reverse("people:detail", args=[other.pk]),
        }
        if row.started:
            yield ChronologyEvent.on_day(
                row.started,
                title=f"Relationship started: {row}",
                ref=f"people.relationship:{row.pk}:started",
                **common,
            )
        if row.ended:
            yield ChronologyEvent.on_day(
                row.ended,
                title=f"Relationship ended: {row}",
                ref=f"people.relationship:{row.pk}:ended",
                **common,
            )


@register(merge="Records merged")
def merges(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    """A duplicate record merged into this one (or this one into another), and any undo."""
    rows = Merge.objects.filter(
        Q(kept_id__in=person_ids) | Q(merged_id__in=person_ids)
    ).select_related("kept", "merged", "merged_by", "undone_by")
    if date_from or date_to:
        rows = rows.filter(
            datetime_filter("merged_at", date_from, date_to)
            | (Q(undone_at__isnull=False) & datetime_filter("undone_at", date_from, date_to))
        )
    for row in rows:
        mine = row.kept_id if row.kept_id in person_ids else row.merged_id
        what = f"{row.merged} ({row.merged.la_child_id or row.merged_id}) into {row.kept}"
        url = reverse("people:detail", args=[row.merged_id if mine == row.kept_id else row.kept_id])
        yield ChronologyEvent(
            person_id=mine,
            occurred_at=row.merged_at,
            kind="merge",
            title=f"Record merged: {what}",
            recorded_by=user_name(row.merged_by),
            url=url,
            ref=f"people.merge:{row.pk}",
        )
        if row.undone_at:
            yield ChronologyEvent(
                person_id=mine,
                occurred_at=row.undone_at,
                kind="merge",
                title=f"Merge undone: {what}",
                recorded_by=user_name(row.undone_by),
                url=url,
                ref=f"people.merge:{row.pk}:undone",
            )
