"""Who may do what, asked the way views and services ask: user.has_perm."""

from __future__ import annotations

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import ContactFactory, make_user

PERMISSIONS = (
    "contacts.record_contact",
    "contacts.view_contact",
    "contacts.decide_contact",
    "contacts.authorise_decision",
    "people.view_person",
    "people.add_person",
    "accounts.view_audit_log",
)

# role: the permissions (from PERMISSIONS) it has, worked out from the council's role table.
EXPECTED: dict[str, set[str]] = {
    Role.CSW: {
        "contacts.record_contact",
        "contacts.view_contact",
        "contacts.decide_contact",
        "people.view_person",
        "people.add_person",
    },
    Role.CONTACT_CENTRE_OFFICER: {
        "contacts.record_contact",
        "contacts.view_contact",
        "people.view_person",
        "people.add_person",
    },
    Role.TEAM_MANAGER: {
        "contacts.record_contact",
        "contacts.view_contact",
        "contacts.decide_contact",
        "contacts.authorise_decision",
        "people.view_person",
        "people.add_person",
    },
    Role.HEAD_OF_SERVICE: {
        "contacts.record_contact",
        "contacts.view_contact",
        "contacts.decide_contact",
        "contacts.authorise_decision",
        "people.view_person",
        "people.add_person",
        "accounts.view_audit_log",
    },
    Role.MASH_PARTNER: set(),
    Role.SYSTEM_ADMINISTRATOR: {"accounts.view_audit_log"},
    Role.PERFORMANCE_ANALYST: {"people.view_person"},  # to put right what the census finds
    Role.LOCALITY_SOCIAL_WORKER: {
        "contacts.view_contact",
        "people.view_person",
        "people.add_person",
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(EXPECTED), ids=str)
def test_each_role_has_exactly_its_permissions(role: str) -> None:
    user = make_user(role)
    granted = {perm for perm in PERMISSIONS if user.has_perm(perm)}
    assert granted == EXPECTED[role]


@pytest.mark.django_db
def test_contact_centre_officer_cannot_decide() -> None:
    officer = make_user(Role.CONTACT_CENTRE_OFFICER)
    contact = ContactFactory()
    assert not officer.has_perm("contacts.decide_contact", contact)
    assert not officer.has_perm("contacts.authorise_decision")


@pytest.mark.django_db
def test_manager_can_authorise_and_csw_cannot() -> None:
    assert make_user(Role.TEAM_MANAGER).has_perm("contacts.authorise_decision")
    assert not make_user(Role.CSW).has_perm("contacts.authorise_decision")


@pytest.mark.django_db
def test_mash_partner_cannot_see_contacts_or_people() -> None:
    partner = make_user(Role.MASH_PARTNER)
    contact = ContactFactory()
    assert not partner.has_perm("contacts.view_contact")
    assert not partner.has_perm("contacts.view_contact", contact)
    assert not partner.has_perm("people.view_person")


@pytest.mark.django_db
def test_deactivated_csw_loses_every_permission() -> None:
    csw = make_user(Role.CSW, is_active=False)
    assert not any(csw.has_perm(perm) for perm in PERMISSIONS)


@pytest.mark.django_db
def test_a_draft_can_be_changed_by_its_author_and_named_csw_only() -> None:
    officer = make_user(Role.CONTACT_CENTRE_OFFICER)
    csw = make_user(Role.CSW)
    draft = ContactFactory(status="draft", recorded_by=officer, csw=csw, child=None)
    assert officer.has_perm("contacts.change_contact", draft)
    assert csw.has_perm("contacts.change_contact", draft)
    assert not make_user(Role.CONTACT_CENTRE_OFFICER).has_perm("contacts.change_contact", draft)
    assert not make_user(Role.CSW).has_perm("contacts.change_contact", draft)
    assert make_user(Role.TEAM_MANAGER).has_perm("contacts.change_contact", draft)


@pytest.mark.django_db
def test_a_recorded_contact_can_no_longer_be_changed_by_its_author() -> None:
    officer = make_user(Role.CONTACT_CENTRE_OFFICER)
    recorded = ContactFactory(recorded_by=officer, child=None)
    assert not officer.has_perm("contacts.change_contact", recorded)
    assert recorded.csw is not None
    assert not recorded.csw.has_perm("contacts.change_contact", recorded)
