"""A background task that fails is queued again after 1, 5 and 30 minutes, then left failed;
each failure is in the task results, which a system administrator reads in the admin, and
/healthz counts them. Run by the real worker (`db_worker`) on the real database queue."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from frontdoor.accounts.models import Role, Team
from frontdoor.accounts.tests.factories import TeamFactory, make_user
from frontdoor.core.tasks import retried
from frontdoor.demo.users import grant_admin_permissions

# The worker closes connections between tasks, as it should: the tests run outside a
# transaction (as the worker does), or it would close the test's own on PostgreSQL.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("database_queue"),
]

FAILURES_TO_COME = {"count": 0}


@task()
@retried
def flaky_task(label: str) -> str:
    if FAILURES_TO_COME["count"] > 0:
        FAILURES_TO_COME["count"] -= 1
        raise RuntimeError("the mail server refused the connection")
    return f"sent {label}"


@pytest.fixture
def database_queue() -> Any:
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield


def run_worker() -> None:
    call_command("db_worker", batch=True, interval=0, verbosity=0, stdout=StringIO())


def bring_forward_the_retry() -> DBTaskResult:
    """The retry that waits, made due now (as if its wait had passed)."""
    waiting = DBTaskResult.objects.get(status="READY")
    DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=timezone.now())
    return waiting


def test_a_failed_task_is_tried_again_a_minute_later_and_succeeds() -> None:
    FAILURES_TO_COME["count"] = 1
    flaky_task.enqueue("the digest")
    before = timezone.now()
    run_worker()

    failed = DBTaskResult.objects.get(status="FAILED")
    assert "the mail server refused the connection" in failed.traceback
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs == {"args": ["the digest"], "kwargs": {"attempt": 2}}
    wait = retry.run_after - before
    assert timedelta(seconds=59) < wait < timedelta(seconds=70)

    run_worker()  # not due yet: still waiting
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    bring_forward_the_retry()
    run_worker()
    done = DBTaskResult.objects.get(status="SUCCESSFUL")
    assert done.return_value == "sent the digest"
    assert DBTaskResult.objects.count() == 2


def test_a_task_that_keeps_failing_is_tried_four_times_then_left_failed() -> None:
    FAILURES_TO_COME["count"] = 10
    flaky_task.enqueue("the digest")
    waits = []
    run_worker()
    for _ in range(3):
        retry = bring_forward_the_retry()
        waits.append(round((retry.run_after - retry.enqueued_at).total_seconds() / 60))
        run_worker()
    assert waits == [1, 5, 30]
    assert DBTaskResult.objects.filter(status="FAILED").count() == 4
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_failures_are_in_the_admin_and_counted_by_healthz() -> None:
    FAILURES_TO_COME["count"] = 1
    flaky_task.enqueue("the digest")
    run_worker()
    administrator = make_user(
        Role.SYSTEM_ADMINISTRATOR,
        team=TeamFactory(name="Systems", kind=Team.Kind.SYSTEMS),
        is_staff=True,
    )
    grant_admin_permissions(administrator)
    client = Client()
    client.force_login(administrator)
    listing = client.get("/admin/django_tasks_database/dbtaskresult/", {"status__exact": "FAILED"})
    assert listing.status_code == 200
    assert "flaky_task" in listing.content.decode()
    failed = DBTaskResult.objects.get(status="FAILED")
    detail = client.get(f"/admin/django_tasks_database/dbtaskresult/{failed.pk}/change/")
    assert "the mail server refused the connection" in detail.content.decode()
    assert Client().get("/healthz").json()["failed_tasks_last_day"] == 1
