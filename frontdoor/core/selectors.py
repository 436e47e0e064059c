from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEvent


def audit_events(
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor")
    filters: dict[str, Any] = {}
    if actor:
        filters["actor__username__iexact"] = actor
    if action:
        filters["action__istartswith"] = action
    if object_type:
        filters["object_type"] = object_type
    if object_id:
        filters["object_id"] = object_id
    if date_from:
        filters["at__gte"] = timezone.make_aware(datetime.combine(date_from, time.min))
    if date_to:
        filters["at__lt"] = timezone.make_aware(datetime.combine(date_to, time.max))
    return events.filter(**filters)
