"""Backup and restore round trips through the real commands, on whichever database the suite
runs on: rows back as they were, the audit chain whole, a restore over records refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import make_user
from frontdoor.core.backup import backup, row_counts
from frontdoor.people import services as people

MANAGE = str(Path(__file__).resolve().parents[3] / "manage.py")


def frontdoor(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="config.settings.test")
    return subprocess.run(
        [sys.executable, MANAGE, *args], env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database of the suite's kind, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    db = connection.settings_dict
    server = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    name = f"frontdoor_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_fresh_database(tmp_path: Path, empty_database: str) -> None:
    worker = make_user(Role.CSW)
    for first in ("Ava", "Ben", "Cleo"):
        people.person_create(actor=worker, first_name=first, last_name="Green", kind="child")
    path = tmp_path / "council.backup"
    manifest = backup(path)
    assert manifest["counts"] == row_counts()
    assert manifest["counts"]["people_person"] == 3
    assert manifest["counts"]["core_auditevent"] == 3  # one person.create each
    assert json.loads(Path(f"{path}.json").read_text()) == manifest

    restored = frontdoor(empty_database, "restore", str(path))
    assert restored.returncode == 0, restored.stderr
    assert "audit chain holds" in restored.stdout
    verified = frontdoor(empty_database, "audit", "verify")
    assert verified.returncode == 0
    assert f"Head: {manifest['audit_head']}" in verified.stdout

    # Again over the restored records: refused without --replace, nothing changed.
    again = frontdoor(empty_database, "restore", str(path))
    assert again.returncode == 1
    assert "already holds Frontdoor's records" in again.stderr
    assert frontdoor(empty_database, "restore", str(path), "--replace").returncode == 0


def test_a_damaged_backup_is_a_clear_error(tmp_path: Path, empty_database: str) -> None:
    path = tmp_path / "damaged.backup"
    path.write_bytes(b"not a backup at all" * 100)
    Path(f"{path}.json").write_text(json.dumps({"vendor": connection.vendor, "counts": {}}))
    result = frontdoor(empty_database, "restore", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "failed" in result.stderr or "not a readable" in result.stderr
    missing = frontdoor(empty_database, "restore", str(tmp_path / "nothing.backup"))
    assert (missing.returncode, "No such backup" in missing.stderr) == (1, True)
