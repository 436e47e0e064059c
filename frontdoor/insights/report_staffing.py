"""The recorded calls behind the staffing page: when each started (local time) and how long
it lasted. The maths is in staffing.py."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from frontdoor.contacts.models import Contact

from .staffing import Call, StaffingPlan, plan, weekday_counts


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    first = timezone.make_aware(datetime.combine(start, time.min), tz)
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz)
    return first, after


def recorded_calls(start: date, end: date) -> list[Call]:
    """Every call recorded on a contact (not a draft) that started in the window, in local
    time; its length when its end was recorded after its start."""
    first, after = _bounds(start, end)
    rows = (
        Contact.objects.filter(
            status=Contact.Status.RECORDED,
            call_started_at__gte=first,
            call_started_at__lt=after,
        )
        .values_list("call_started_at", "call_ended_at")
        .order_by()
    )
    calls = []
    for started, ended in rows.iterator(chunk_size=5000):
        if started is None:  # excluded by the filter; says so to the type checker
            continue
        seconds = None
        if ended is not None and ended > started:
            seconds = (ended - started).total_seconds()
        calls.append(Call(timezone.localtime(started).replace(tzinfo=None), seconds))
    return calls


def staffing_plan(
    start: date, end: date, *, wait_seconds: int, target_share: float, close_hour: int
) -> StaffingPlan:
    return plan(
        recorded_calls(start, end),
        weekdays_in_window=weekday_counts(start, end),
        wait_seconds=wait_seconds,
        target_share=target_share,
        close_hour=close_hour,
    )
