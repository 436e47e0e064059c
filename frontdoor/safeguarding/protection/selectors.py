"""Reads for the child protection plan page."""

from __future__ import annotations

from frontdoor.safeguarding.models import (
    CpPlan,
)


def plan_for_page(*, plan_id: int) -> CpPlan:
    return (
        CpPlan.objects.select_related("person", "referral", "conference__section47", "started_by")
        .prefetch_related("reviews__recorded_by", "visits__recorded_by")
        .get(pk=plan_id)
    )
