"""Background work for casework."""

from __future__ import annotations

from django_tasks import task

from frontdoor.core.tasks import retried

from .digest import overdue_digest


@task()
@retried
def overdue_digest_task() -> dict[str, object]:
    """Note every clock that ran out (run daily: see the `overdue_digest` command)."""
    return overdue_digest().as_dict()
