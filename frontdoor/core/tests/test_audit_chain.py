"""The audit log's hash chain: each row points at the one before, a changed, deleted or
inserted row breaks it, and `frontdoor audit verify` says where. Runs on both databases."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import PersonFactory, freeze, london, make_user
from frontdoor.core.audit import GENESIS, audit_write, row_hash, verify_chain
from frontdoor.core.models import AuditEvent


def _behind_the_applications_back(sql: str, params: list[Any]) -> None:
    """Run SQL with the append-only triggers out of the way, as somebody with the database's
    owner password could (inside the test's transaction, so they come back after)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser's way round every trigger, for this transaction only.
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER core_auditevent_no_update")
            cursor.execute("DROP TRIGGER core_auditevent_no_delete")
        cursor.execute(sql, params)


def _three_rows() -> list[AuditEvent]:
    person = PersonFactory()
    return [
        audit_write(actor=None, action=f"step{n}", obj=person, summary=f"row {n}") for n in range(3)
    ]


def _run(*args: str) -> tuple[int, str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("audit", *args, stdout=out, stderr=err)
    except SystemExit as stop:
        return int(stop.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_each_row_points_at_the_one_before_it() -> None:
    before = AuditEvent.objects.order_by("-id").first()
    first, second, third = _three_rows()
    assert first.prev_hash == (before.row_hash if before else GENESIS)
    assert second.prev_hash == first.row_hash
    assert third.prev_hash == second.row_hash
    assert len({first.row_hash, second.row_hash, third.row_hash}) == 3


@pytest.mark.django_db
def test_the_hash_is_keyed_so_it_cannot_be_recomputed_without_the_key() -> None:
    content = {"action": "view", "summary": "x"}
    assert row_hash(GENESIS, content, key="one") != row_hash(GENESIS, content, key="two")
    assert row_hash(GENESIS, content, key="one") == row_hash(GENESIS, content, key="one")


@pytest.mark.django_db
def test_verify_passes_on_an_untouched_log() -> None:
    _three_rows()
    report = verify_chain()
    assert report.ok
    assert report.rows == AuditEvent.objects.count()
    code, out, _ = _run("verify")
    assert code == 0
    assert f"The audit chain holds: {report.rows} rows" in out


@pytest.mark.django_db
def test_a_row_changed_behind_the_applications_back_fails_verify_at_that_row() -> None:
    first, second, third = _three_rows()
    _behind_the_applications_back(
        "UPDATE core_auditevent SET summary = %s WHERE id = %s", ["nothing happened", second.pk]
    )
    report = verify_chain()
    assert (report.ok, report.broken_at) == (False, second.pk)
    assert report.problem == "its content is not what was written"
    code, _, err = _run("verify")
    assert code == 1
    assert f"The audit chain is broken at row {second.pk}" in err


@pytest.mark.django_db
def test_a_row_deleted_behind_the_applications_back_fails_verify_at_the_next_row() -> None:
    first, second, third = _three_rows()
    _behind_the_applications_back("DELETE FROM core_auditevent WHERE id = %s", [second.pk])
    report = verify_chain()
    assert report.broken_at == third.pk
    assert "does not follow the row before it" in report.problem


@pytest.mark.django_db
def test_a_rewritten_row_with_a_hash_made_without_the_key_fails_verify() -> None:
    first, second, third = _three_rows()
    forged = row_hash(first.row_hash, {"action": "forged"}, key="a guess at the key")
    _behind_the_applications_back(
        "UPDATE core_auditevent SET action = %s, row_hash = %s WHERE id = %s",
        ["forged", forged, second.pk],
    )
    assert verify_chain().broken_at == second.pk


@pytest.mark.django_db
def test_both_databases_refuse_a_delete_that_bypasses_the_model() -> None:
    event = audit_write(actor=None, action="view", obj=PersonFactory())
    with pytest.raises(DatabaseError, match="the audit log is append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_a_row_written_while_serving_a_request_says_where_it_came_from(client) -> None:
    hos = make_user(Role.HEAD_OF_SERVICE)
    person = PersonFactory()
    client.force_login(hos)
    response = client.get(f"/people/{person.pk}/", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="view", person_id=person.pk).latest("id")
    assert event.ip_address == "10.1.2.3"
    assert event.path == f"/people/{person.pk}/"
    assert event.request_id == response["X-Request-ID"]
    assert len(event.session) == 16
    assert event.session != client.session.session_key[:16]


@pytest.mark.django_db
def test_export_writes_one_json_object_a_row_since_the_day(tmp_path, monkeypatch) -> None:
    person = PersonFactory()
    freeze(monkeypatch, london(2026, 11, 30, 23, 59))
    audit_write(actor=None, action="old", obj=person)
    freeze(monkeypatch, london(2026, 12, 1, 0, 0))
    new = audit_write(actor=None, action="new", obj=person, changes={"a": [1, 2]})
    target = tmp_path / "audit.jsonl"
    code, _, err = _run("export", "--since", "2026-12-01", "-o", str(target))
    assert code == 0
    assert "Exported 1 audit rows since 1 December 2026." in err
    (line,) = target.read_text().splitlines()
    row = json.loads(line)
    assert row["id"] == new.pk
    assert row["action"] == "new"
    assert row["changes"] == {"a": [1, 2]}
    assert row["person"] == person.pk
    assert row["at"] == "2026-12-01T00:00:00+00:00"
    assert (row["prev_hash"], row["row_hash"]) == (new.prev_hash, new.row_hash)


@pytest.mark.django_db
def test_export_refuses_a_day_that_is_not_a_date() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is not a date like 2026-12-01"):
        call_command("audit", "export", "--since", "1 December")
