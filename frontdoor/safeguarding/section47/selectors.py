"""Reads for the section 47 page."""

from __future__ import annotations

from frontdoor.safeguarding.models import (
    Section47,
)


def section47_for_page(*, section47_id: int) -> Section47:
    return Section47.objects.select_related(
        "person", "referral", "strategy_child__discussion", "outcome_by"
    ).get(pk=section47_id)
