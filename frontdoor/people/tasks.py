"""Background work for the person index."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task

from frontdoor.core.tasks import retried

from .duplicates import duplicates_scan


@task()
@retried
def duplicates_scan_task(actor_id: int | None = None) -> dict[str, int]:
    """Score the index for likely duplicates and bring the review queue up to date."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return duplicates_scan(actor=actor).as_dict()
