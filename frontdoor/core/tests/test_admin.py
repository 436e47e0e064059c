"""The Django admin cannot make anybody anything: no users, teams, groups or permissions in it,
and only system administrators get in at all."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdoor.accounts.models import Role, Team
from frontdoor.accounts.tests.factories import TeamFactory, audit_since_now, make_user
from frontdoor.core.models import LocalClosureDay
from frontdoor.demo.users import ensure_demo_users, grant_admin_permissions

pytestmark = pytest.mark.django_db


def administrator(**fields: object) -> Client:
    user = make_user(
        Role.SYSTEM_ADMINISTRATOR,
        team=TeamFactory(name="Systems", kind=Team.Kind.SYSTEMS),
        is_staff=True,
        **fields,
    )
    grant_admin_permissions(user)  # as the demo's administrators have
    client = Client()
    client.force_login(user)
    return client


def test_users_teams_groups_and_permissions_are_not_in_the_admin() -> None:
    client = administrator(is_superuser=True)  # even a superuser flag set in the database
    for path in (
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/accounts/team/",
        "/admin/auth/group/",
        "/admin/auth/permission/",
    ):
        assert client.get(path).status_code == 404, path
    index = client.get("/admin/").content.decode()
    assert "Local closure days" in index and "Audit events" in index
    assert "Users" not in index and "Groups" not in index


@pytest.mark.parametrize("role", [Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER, Role.CSW])
def test_only_a_system_administrator_gets_into_the_admin(role: str) -> None:
    client = Client()
    client.force_login(make_user(role, is_staff=True))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_closure_days_changed_in_the_admin_are_audited() -> None:
    client = administrator()
    events = audit_since_now()
    saved = client.post(
        "/admin/core/localclosureday/add/", {"date": "2026-12-29", "reason": "Council closure"}
    )
    assert saved.status_code == 302
    day = LocalClosureDay.objects.get()
    (added,) = events.filter(action="closure_day.add")
    assert added.summary == "29 December 2026: Council closure"
    assert added.changes["reason"] == [None, "Council closure"]
    client.post(f"/admin/core/localclosureday/{day.pk}/delete/", {"post": "yes"})
    assert not LocalClosureDay.objects.exists()
    assert events.filter(action="closure_day.delete").count() == 1


def test_the_demo_administrators_are_never_superusers_and_hold_only_the_admins_permissions() -> (
    None
):
    users = ensure_demo_users()
    for username in ("admin", "admin2"):
        admin = users[username]
        assert admin.is_staff and not admin.is_superuser
        assert sorted(admin.user_permissions.values_list("codename", flat=True)) == [
            "add_casereviewtheme",
            "add_localclosureday",
            "add_surveyquestion",
            "change_casereviewtheme",
            "change_localclosureday",
            "change_surveyquestion",
            "change_thresholddescriptor",
            "delete_localclosureday",
            "view_auditevent",
            "view_casereviewtheme",
            "view_dbtaskresult",
            "view_localclosureday",
            "view_surveyquestion",
            "view_thresholddescriptor",
        ]


def test_a_threshold_descriptor_changed_in_the_admin_is_audited_and_shown_at_the_decision() -> None:
    from frontdoor.contacts.models import ThresholdDescriptor

    client = administrator()
    events = audit_since_now()
    early_help = ThresholdDescriptor.objects.get(level="early_help")  # seeded by the migration
    saved = client.post(
        f"/admin/contacts/thresholddescriptor/{early_help.pk}/change/",
        {
            "level": "early_help",
            "descriptor": "Needs more than one agency",
            "outcomes": ["early_help"],
        },
    )
    assert saved.status_code == 302
    early_help.refresh_from_db()
    assert (early_help.descriptor, early_help.outcomes) == (
        "Needs more than one agency",
        ["early_help"],
    )
    (changed,) = events.filter(action="threshold_descriptor.change")
    assert changed.changes["outcomes"] == [["advice", "early_help"], ["early_help"]]
