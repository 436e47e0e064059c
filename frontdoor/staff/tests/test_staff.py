"""Staff administration that cannot escalate (issue: trust). Expected values by hand."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import (
    TeamFactory,
    audit_since_now,
    error_summary,
    freeze,
    london,
    make_user,
)
from frontdoor.staff import services
from frontdoor.staff.models import AccessFlag, Recertification, RoleChangeRequest

pytestmark = pytest.mark.django_db


def administrator(username: str) -> User:
    return make_user(
        Role.SYSTEM_ADMINISTRATOR,
        username=username,
        team=TeamFactory(name="Systems", kind=Team.Kind.SYSTEMS),
        is_staff=True,
    )


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin() -> User:
    return administrator("admin")


def form_for(client: Client, user: User, **changes: Any) -> dict[str, Any]:
    html = client.get(f"/staff/users/{user.pk}/").content.decode()
    stamp = re.search(r'name="stamp" value="([^"]*)"', html)
    assert stamp
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email or "someone@example.gov.uk",
        "role": user.role,
        "team": user.team_id or "",
        "job_title": user.job_title,
        "agency": user.agency,
        "swe_registration": user.swe_registration,
        "stamp": stamp.group(1),
        "action": "save",
    } | changes


@pytest.mark.parametrize("role", [Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER, Role.CSW])
def test_only_system_administrators_use_staff_administration(role: str) -> None:
    client = signed_in(make_user(role))
    for path in ("/staff/", "/staff/users/new/", "/staff/role-requests/", "/staff/teams/"):
        assert client.get(path).status_code == 403, path


def test_a_new_account_has_no_password_and_gets_a_link_to_set_one(admin: User) -> None:
    client = signed_in(admin)
    events = audit_since_now()
    created = client.post(
        "/staff/users/new/",
        {
            "username": "NEWCSW",
            "first_name": "Ola",
            "last_name": "Reyes",
            "email": "ola.reyes@example.gov.uk",
            "role": Role.CSW,
            "team": "",
            "swe_registration": "sw123456",
            "password": "chosen-by-the-admin",  # not a field: ignored
            "is_superuser": "on",
        },
    )
    assert created.status_code == 302
    user = User.objects.get(username="newcsw")
    assert not user.has_usable_password() and not user.is_superuser and not user.is_staff
    assert (user.role, user.swe_registration, user.is_active) == (Role.CSW, "SW123456", True)
    (sent,) = mail.outbox
    assert sent.to == ["ola.reyes@example.gov.uk"]
    link = re.search(r"https://[^/]+(/accounts/password-reset/[^/]+/[^/]+/)", str(sent.body))
    assert link
    assert Client().get(link.group(1)).status_code == 302  # on to choosing a password
    assert [e.action for e in events.order_by("id")] == [
        "staff.user_create",
        "staff.reset_link_sent",
    ]


def test_an_administrator_cannot_change_their_own_role_or_team(admin: User) -> None:
    client = signed_in(admin)
    events = audit_since_now()
    refused = client.post(
        f"/staff/users/{admin.pk}/", form_for(client, admin, role=Role.HEAD_OF_SERVICE)
    )
    assert refused.status_code == 200
    assert error_summary(refused.content.decode()) == [
        ("#id_role", "You cannot change your own role or team")
    ]
    admin.refresh_from_db()
    assert admin.role == Role.SYSTEM_ADMINISTRATOR
    assert not RoleChangeRequest.objects.exists()
    (refusal,) = events.filter(action="refused")
    assert "cannot change your own role" in refusal.summary
    # Nor deactivate themselves.
    client.post(f"/staff/users/{admin.pk}/", {"action": "deactivate"})
    admin.refresh_from_db()
    assert admin.is_active


def test_superuser_staff_and_permissions_cannot_be_set_through_the_pages(admin: User) -> None:
    worker = make_user(Role.CSW, email="w@example.gov.uk")
    client = signed_in(admin)
    data = form_for(client, worker, is_superuser="on", is_staff="on", user_permissions="1")
    assert client.post(f"/staff/users/{worker.pk}/", data).status_code == 302
    worker.refresh_from_db()
    assert not worker.is_superuser and not worker.is_staff
    assert not worker.user_permissions.exists()


def test_a_head_of_service_role_waits_for_a_second_administrator(admin: User) -> None:
    second = administrator("admin2")
    worker = make_user(Role.TEAM_MANAGER, email="m@example.gov.uk")
    client = signed_in(admin)
    no_reason = client.post(
        f"/staff/users/{worker.pk}/", form_for(client, worker, role=Role.HEAD_OF_SERVICE)
    )
    assert error_summary(no_reason.content.decode()) == [
        ("#id_reason", "Enter why they need this role")
    ]
    asked = client.post(
        f"/staff/users/{worker.pk}/",
        form_for(client, worker, role=Role.HEAD_OF_SERVICE, reason="Acting head of service"),
    )
    assert asked.status_code == 302
    worker.refresh_from_db()
    assert worker.role == Role.TEAM_MANAGER  # not yet
    pending = RoleChangeRequest.objects.get()
    # The administrator who asked cannot approve it.
    client.post("/staff/role-requests/", {"request": pending.pk, "decision": "approve"})
    worker.refresh_from_db()
    assert worker.role == Role.TEAM_MANAGER
    assert RoleChangeRequest.objects.get().decided_at is None
    # Another administrator can.
    events = audit_since_now()
    signed_in(second).post("/staff/role-requests/", {"request": pending.pk, "decision": "approve"})
    worker.refresh_from_db()
    assert worker.role == Role.HEAD_OF_SERVICE
    (approved,) = events.filter(action="staff.role_approved")
    assert approved.actor == second
    assert approved.changes == {"role": [Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE]}


def test_an_account_made_for_a_guarded_role_stays_inactive_until_approved(admin: User) -> None:
    second = administrator("admin2")
    user, pending = services.user_create(
        actor=admin,
        username="newadmin",
        details=services.UserDetails(
            "Sol", "Brennan", "sol@example.gov.uk", Role.SYSTEM_ADMINISTRATOR, None
        ),
        reason="Second administrator for the out-of-hours rota",
    )
    assert pending is not None and not user.is_active and mail.outbox == []
    services.role_request_decide(actor=second, request_id=pending.pk, approve=True)
    user.refresh_from_db()
    assert user.is_active and user.role == Role.SYSTEM_ADMINISTRATOR
    assert [m.to for m in mail.outbox] == [["sol@example.gov.uk"]]


def test_two_administrators_editing_one_account_see_a_conflict(admin: User) -> None:
    worker = make_user(Role.CSW, email="w@example.gov.uk")
    client = signed_in(admin)
    stale = form_for(client, worker, job_title="Senior practitioner")
    signed_in(administrator("admin2")).post(
        f"/staff/users/{worker.pk}/", form_for(client, worker, last_name="Changed")
    )
    refused = client.post(f"/staff/users/{worker.pk}/", stale)
    assert refused.status_code == 409
    assert 'value="Senior practitioner"' in refused.content.decode()  # what they typed, kept
    worker.refresh_from_db()
    assert (worker.last_name, worker.job_title) == ("Changed", "")


def test_bad_input_is_refused_at_the_field(admin: User) -> None:
    client = signed_in(admin)
    response = client.post(
        "/staff/users/new/",
        {"username": "  ", "first_name": " ", "last_name": "x", "email": "nope", "role": "boss"},
    )
    assert response.status_code == 200
    fields = [href for href, _ in error_summary(response.content.decode())]
    assert fields == ["#id_username", "#id_first_name", "#id_email", "#id_role"]
    assert not User.objects.filter(last_name="x").exists()


def test_managers_recertify_their_team_every_90_days(admin: User, monkeypatch: Any) -> None:
    freeze(monkeypatch, london(2026, 12, 7, 10, 0))
    team = TeamFactory(name="Locality: Norwich", kind=Team.Kind.LOCALITY)
    manager = make_user(Role.TEAM_MANAGER, team=team, swe_registration="SW200001")
    stays = make_user(Role.LOCALITY_SOCIAL_WORKER, team=team, last_name="Stays")
    leaves = make_user(Role.LOCALITY_SOCIAL_WORKER, team=team, last_name="Leaves")
    client = signed_in(manager)
    assert "Recertify your team" in client.get("/").content.decode()
    other_team = TeamFactory(name="Locality: Breckland", kind=Team.Kind.LOCALITY)
    assert client.get(f"/staff/recertify/{other_team.pk}/").status_code == 403
    missing_note = client.post(
        f"/staff/recertify/{team.pk}/",
        {f"keep_{manager.pk}": "yes", f"keep_{stays.pk}": "yes", f"keep_{leaves.pk}": "no"},
    )
    assert error_summary(missing_note.content.decode()) == [
        (f"#id_note_{leaves.pk}", "Say what should change")
    ]
    done = client.post(
        f"/staff/recertify/{team.pk}/",
        {
            f"keep_{manager.pk}": "yes",
            f"keep_{stays.pk}": "yes",
            f"keep_{leaves.pk}": "no",
            f"note_{leaves.pk}": "Left the council in November",
        },
    )
    assert done.status_code == 302
    assert "Recertify your team" not in client.get("/").content.decode()
    (flag,) = AccessFlag.objects.all()
    assert (flag.user, flag.note) == (leaves, "Left the council in November")
    assert "Left the council in November" in signed_in(admin).get("/staff/").content.decode()
    assert Recertification.objects.get().flagged == [[leaves.pk, "Left the council in November"]]
    # Due again 90 days later: 7 December 2026 + 90 days = 7 March 2027.
    freeze(monkeypatch, london(2027, 3, 6, 10, 0))
    assert "Recertify your team" not in signed_in(manager).get("/").content.decode()
    freeze(monkeypatch, london(2027, 3, 7, 10, 0))
    assert "due 7 March 2027" in signed_in(manager).get("/").content.decode()


def test_a_lost_phone_is_reset_by_another_administrator(admin: User) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    worker = make_user(Role.CSW)
    TOTPDevice.objects.create(user=worker, name="phone", confirmed=True)
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client = signed_in(admin)
    events = audit_since_now()
    client.post(f"/staff/users/{worker.pk}/", {"action": "reset_two_factor"})
    assert not TOTPDevice.objects.filter(user=worker).exists()
    assert events.filter(action="mfa.reset", object_id=str(worker.pk)).count() == 1
    assert (
        client.post(f"/staff/users/{admin.pk}/", {"action": "reset_two_factor"}).status_code == 403
    )
    assert TOTPDevice.objects.filter(user=admin).exists()
