"""The installed `frontdoor` command runs the production settings: they refuse to start
without their secrets, and Django's deployment checks find nothing to warn about."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

FRONTDOOR = shutil.which("frontdoor", path=str(Path(sys.executable).parent)) or "frontdoor"
PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-for-the-deploy-check-0123456789",
    "FRONTDOOR_AUDIT_KEY": "a-production-audit-key",
    "ALLOWED_HOSTS": "frontdoor.example.gov.uk",
    "DATABASE_URL": "postgres://frontdoor@db.example.gov.uk:5432/frontdoor",
}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    # Not the test run's own settings, nor the browser tests' async allowance (conftest.py).
    ignored = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(
        [FRONTDOOR, *args], env=clean | env, capture_output=True, text=True, check=False
    )


def test_the_command_is_production_by_default_and_names_what_is_missing() -> None:
    result = run({k: v for k, v in PRODUCTION.items() if k != "FRONTDOOR_AUDIT_KEY"}, "check")
    assert result.returncode == 1
    assert "Set FRONTDOOR_AUDIT_KEY in the environment" in result.stderr


def test_the_deployment_checks_are_clean() -> None:
    result = run(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_an_old_secret_key_is_kept_as_a_fallback_while_it_is_rotated() -> None:
    old = "the-previous-long-random-production-secret-key-retired-today-9876543210"
    shown = "from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)"
    result = run(PRODUCTION | {"DJANGO_SECRET_KEY_FALLBACKS": old}, "shell", "-c", shown)
    assert result.stdout.strip().splitlines()[-1] == f"['{old}']", result.stderr
    checked = run(
        PRODUCTION | {"DJANGO_SECRET_KEY_FALLBACKS": old},
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert checked.returncode == 0, checked.stderr


@pytest.mark.django_db
def test_healthz_answers_for_the_database_and_the_task_queue(client: Any, monkeypatch: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    from frontdoor.accounts.tests.factories import freeze, london

    freeze(monkeypatch, london(2026, 12, 7, 10, 0))
    assert client.get("/healthz").json() == {
        "status": "ok",
        "database": "ok",
        "tasks": "ok",
        "oldest_queued_seconds": 0,
        "failed_tasks_last_day": 0,
    }
    queued = DBTaskResult.objects.create(
        status="READY",
        task_path="frontdoor.people.tasks.duplicates_scan",
        args_kwargs={"args": [], "kwargs": {}},
        queue_name="default",
        backend_name="default",
    )
    # Queued at 09:40 and still waiting at 10:00 (enqueued_at is set on create: set it after).
    DBTaskResult.objects.filter(pk=queued.pk).update(enqueued_at=london(2026, 12, 7, 9, 40))
    stale = client.get("/healthz")
    assert stale.status_code == 503
    assert stale.json()["tasks"] == "stale"
    assert stale.json()["oldest_queued_seconds"] == 20 * 60
