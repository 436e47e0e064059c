"""What a measure's `Spec` says (which records, on which date, with which dimensions), and the
record shapes that more than one module of specs counts: `engine` holds the front door's
specs, `learning_specs` the quality loop's, and both start here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date as Day
from typing import Any

from django.db.models import Q, QuerySet

from frontdoor.casework.models import Assessment
from frontdoor.contacts.models import Decision

SETTLED = (Decision.Status.FINAL, Decision.Status.AUTHORISED)


@dataclass(frozen=True)
class Spec:
    model: Any
    date: str
    is_datetime: bool = False
    base: Q = field(default_factory=Q)
    num: Q | None = None  # the numerator's rows; None: every row
    den: str = "none"  # "none" | "rows" | "advisors" | "csws" | "workers"
    person: str = ""
    dims: dict[str, str] = field(default_factory=dict)  # dimension -> field path
    locality_by_postcode: bool = False
    point: str = ""  # "open" | "unallocated" | "allocated": counted as at a day
    num_exists: Callable[[], Any] | None = None  # a numerator that needs a subquery
    rollup: bool = True
    num_sum: str = ""  # the numerator adds up this field over its rows (a mean's total)
    # A point-in-time measure's own narrowing and annotations, given the day it is as at.
    point_filter: Callable[[QuerySet[Any], Day], QuerySet[Any]] | None = None


def referral_dims(prefix: str = "") -> dict[str, str]:
    return {
        "source": f"{prefix}source",
        "channel": f"{prefix}origin__contact__channel",
        "team": f"{prefix}team_id",
        "locality": f"{prefix}team__locality",
    }


def child_dims(prefix: str) -> dict[str, str]:
    dims = referral_dims(prefix)
    del dims["channel"]
    return dims


DECISION: dict[str, Any] = {
    "model": Decision,
    "date": "decided_at",
    "is_datetime": True,
    "person": "contact_child__person",
    "dims": {
        "source": "contact_child__contact__referral_source",
        "channel": "contact_child__contact__channel",
        "team": "decided_by__team_id",
    },
    "locality_by_postcode": True,
    "base": Q(status__in=SETTLED),
}
ASSESSMENT_DONE: dict[str, Any] = {
    "model": Assessment,
    "date": "authorised_on",
    "person": "referral__person",
    "dims": child_dims("referral__"),
    "base": Q(status=Assessment.Status.AUTHORISED, authorised_on__isnull=False),
}
