"""Lockout after repeated wrong passwords (django-axes), its page, its audit, and unlocking."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import audit_since_now, make_user

PASSWORD = "correct-horse-battery"


@pytest.fixture
def worker(db):  # type: ignore[no-untyped-def]
    user = make_user(Role.CSW, username="amara")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client: Client, username: str, password: str, address: str = "203.0.113.7"):  # type: ignore[no-untyped-def]
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_the_right_password_signs_in_and_is_audited(client: Client, worker) -> None:  # type: ignore[no-untyped-def]
    events = audit_since_now()
    response = sign_in(client, "amara", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert list(events.values_list("action", flat=True)) == ["signin.succeeded"]


def test_five_wrong_passwords_lock_out_even_the_right_one(client: Client, worker) -> None:  # type: ignore[no-untyped-def]
    events = audit_since_now()
    for _ in range(4):
        response = sign_in(client, "amara", "wrong-password-here")
        assert response.status_code == 200
        assert b"Enter a correct username and password" in response.content
    fifth = sign_in(client, "amara", "wrong-password-here")
    assert fifth.status_code == 429
    assert b"You have been locked out" in fifth.content
    right = sign_in(client, "amara", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    text = right.content.decode()
    until = timezone.localtime(
        AccessAttempt.objects.get(username="amara").attempt_time + timedelta(minutes=15)
    )
    assert f"try again after {until:%H:%M}" in text
    assert "ask your system administrator to unlock your account" in text

    actions = list(events.order_by("id").values_list("action", flat=True))
    assert actions[:4] == ["signin.failed"] * 4
    assert sorted(actions[4:6]) == ["signin.failed", "signin.locked_out"]  # the fifth
    assert actions[6:] == ["signin.refused_locked_out"]
    for event in events:
        assert event.actor is None
        assert event.object_type == "user" and event.object_id == "amara"
        assert event.ip_address == "203.0.113.7"
        assert "wrong-password-here" not in json.dumps(event.changes) + event.summary
        assert PASSWORD not in json.dumps(event.changes) + event.summary


def test_the_lockout_is_for_that_username_from_that_address(client: Client, worker) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        sign_in(client, "amara", "wrong-password-here")
    assert sign_in(Client(), "amara", PASSWORD, address="198.51.100.9").status_code == 302


def test_the_lockout_ends_fifteen_minutes_after_the_last_failure(client: Client, worker) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        sign_in(client, "amara", "wrong-password-here")
    assert sign_in(client, "amara", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert sign_in(client, "amara", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "amara", PASSWORD).status_code == 302


def test_a_system_administrator_sees_lockouts_and_unlocks_one(client: Client, worker) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        sign_in(client, "amara", "wrong-password-here")
    admin = make_user(Role.SYSTEM_ADMINISTRATOR, username="root-admin")
    staff = Client()
    staff.force_login(admin)
    assert b'href="/accounts/locked/"' in staff.get("/").content  # in the menu
    page = staff.get("/accounts/locked/")
    assert page.status_code == 200
    assert b"amara" in page.content and b"203.0.113.7" in page.content

    events = audit_since_now()
    done = staff.post(
        "/accounts/locked/", {"username": "amara", "ip_address": "203.0.113.7"}, follow=True
    )
    assert b"amara can sign in again" in done.content
    assert b"Nobody is locked out" in done.content
    unlocked = events.get(action="signin.unlocked")
    assert unlocked.actor == admin and unlocked.object_id == "amara"
    assert sign_in(client, "amara", PASSWORD).status_code == 302


@pytest.mark.parametrize("role", [Role.CSW, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE])
def test_nobody_else_may_unlock(client: Client, worker, role: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        sign_in(client, "amara", "wrong-password-here")
    other = Client()
    other.force_login(make_user(role))
    assert other.get("/accounts/locked/").status_code == 403
    other.post("/accounts/locked/", {"username": "amara", "ip_address": "203.0.113.7"})
    assert sign_in(client, "amara", PASSWORD).status_code == 429


def test_the_test_clients_login_still_works(client: Client, worker) -> None:  # type: ignore[no-untyped-def]
    assert client.login(username="amara", password=PASSWORD)
    assert client.get("/").status_code == 200
