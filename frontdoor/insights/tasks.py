"""Background work for insights."""

from __future__ import annotations

from django_tasks import task

from frontdoor.core.tasks import retried

from .rollup_build import refresh


@task()
@retried
def insights_refresh_task(full: bool = False) -> dict[str, object]:
    """Bring the daily rollups up to yesterday (run every few minutes, or nightly at least:
    see the `insights_refresh` command). Today is always read live."""
    return refresh(full=full)
