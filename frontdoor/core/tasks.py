"""Background tasks that try again: a task that fails is queued again after 1, then 5, then
30 minutes, and then left failed. Every try's failure, traceback and all, stays among the
task results, which a system administrator reads in the admin (Tasks: filter by status);
`/healthz` counts the failures of the last day for monitoring.

Use under django-tasks' own decorator; the wrapped function must be safe to run twice:

    @task()
    @retried
    def overdue_digest_task() -> dict: ...
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

import structlog
from django.utils import timezone
from django.utils.module_loading import import_string

log = structlog.get_logger("frontdoor.tasks")

RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))

Result = TypeVar("Result")


def retried(function: Callable[..., Result]) -> Callable[..., Result]:
    @functools.wraps(function)
    def run(*args: Any, attempt: int = 1, **kwargs: Any) -> Result:
        try:
            return function(*args, **kwargs)
        except Exception:
            this_task = import_string(f"{function.__module__}.{function.__qualname__}")
            if attempt > len(RETRY_AFTER) or not this_task.get_backend().supports_defer:
                log.error("task failed for the last time", task=this_task.name, attempt=attempt)
                raise
            wait = RETRY_AFTER[attempt - 1]
            this_task.using(run_after=timezone.now() + wait).enqueue(
                *args, attempt=attempt + 1, **kwargs
            )
            log.warning(
                "task failed, queued again",
                task=this_task.name,
                attempt=attempt,
                retry_in_seconds=int(wait.total_seconds()),
            )
            raise

    return run
