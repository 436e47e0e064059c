"""The daily digest: note once every clock that has run out, so misses are kept and counted
even after the work is done (the tray shows what is overdue now; this is the record of it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from frontdoor.core.audit import audit_write

from .clocks import today
from .models import OverdueItem
from .trays import all_due_items


@dataclass(frozen=True)
class DigestResult:
    on: date
    overdue: int  # every item overdue on the day
    newly_overdue: int  # those not noted by an earlier digest

    def as_dict(self) -> dict[str, object]:
        return {"on": self.on.isoformat(), "overdue": self.overdue, "new": self.newly_overdue}


@transaction.atomic
def overdue_digest(*, on: date | None = None) -> DigestResult:
    """Record each item whose clock ran out before `on` (default today), once per due date."""
    on = on or today()
    overdue = [item for item in all_due_items(on) if item.due_on < on]
    noted = set(
        OverdueItem.objects.filter(ref__in=[item.ref for item in overdue]).values_list(
            "ref", "due_on"
        )
    )
    new = [
        OverdueItem(
            ref=item.ref,
            kind=item.kind,
            label=f"{item.kind_label}: {item.title}"[:300],
            person=item.person,
            due_on=item.due_on,
            responsible=item.worker,
            team=item.team,
            noticed_on=on,
        )
        for item in overdue
        if (item.ref, item.due_on) not in noted
    ]
    OverdueItem.objects.bulk_create(new, ignore_conflicts=True)
    result = DigestResult(on=on, overdue=len(overdue), newly_overdue=len(new))
    if new:
        audit_write(
            actor=None,
            action="casework.overdue_digest",
            obj=new[0],
            summary=f"{_items(len(new))} became overdue by {on:%-d %B %Y}",
            changes=result.as_dict(),
        )
    return result


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"
