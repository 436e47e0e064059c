"""Contact services: starting, updating and recording a contact, its children, and the feedback
to the referrer. Each one transaction, each audited, each refusing bad input whole.

Dates are real 2026 dates; every expected due time was counted on a calendar by hand."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    PersonFactory,
    freeze,
    london,
    make_user,
    only_child,
)
from frontdoor.contacts import services
from frontdoor.contacts.models import Contact, ContactChild
from frontdoor.contacts.tests.helpers import actions, draft
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# --- contact_start ---------------------------------------------------------------------------


def test_start_takes_the_time_now_and_sets_the_clock(monkeypatch) -> None:
    now = freeze(monkeypatch, london(2026, 11, 6, 14, 0))  # a Friday
    csw = make_user(Role.CSW)
    contact = services.contact_start(actor=csw, channel="professional_line")
    contact.refresh_from_db()
    assert contact.status == Contact.Status.DRAFT
    assert contact.received_at == now == contact.call_started_at
    assert contact.decision_due_at == london(2026, 11, 9, 14, 0)  # the Monday
    assert (contact.csw, contact.recorded_by, contact.version) == (csw, csw, 1)
    event = AuditEvent.objects.get(object_type__startswith="contacts.")
    assert (event.actor, event.action, event.object_id) == (csw, "contact.start", str(contact.pk))


def test_start_by_a_contact_centre_officer_names_no_csw() -> None:
    contact = services.contact_start(actor=make_user(Role.CONTACT_CENTRE_OFFICER))
    assert contact.csw is None


def test_mash_partner_cannot_start_a_contact() -> None:
    with pytest.raises(PermissionDeniedError):
        services.contact_start(actor=make_user(Role.MASH_PARTNER))
    assert not Contact.objects.exists()
    assert not AuditEvent.objects.exists()


# --- contact_update --------------------------------------------------------------------------


def test_update_saves_bumps_the_version_and_audits_what_changed() -> None:
    contact = draft()
    updated = services.contact_update(
        actor=contact.csw,
        contact_id=contact.pk,
        version=1,
        referrer_name="Dana Whitfield-Jones",
        referrer_phone="01603 000000",
    )
    contact.refresh_from_db()
    assert updated.version == contact.version == 2
    assert contact.referrer_name == "Dana Whitfield-Jones"
    event = AuditEvent.objects.get(object_type__startswith="contacts.")
    assert (event.actor, event.action) == (contact.csw, "contact.update")
    assert event.changes == {
        "referrer_name": ["Dana Whitfield", "Dana Whitfield-Jones"],
        "referrer_phone": ["", "01603 000000"],
    }


def test_update_recounts_the_due_time_over_christmas() -> None:
    contact = draft()
    services.contact_update(
        actor=contact.csw, contact_id=contact.pk, version=1, received_at=london(2026, 12, 24, 11)
    )
    contact.refresh_from_db()
    # Fri 25 Christmas, weekend, Mon 28 substitute Boxing Day: Tuesday 29 December.
    assert contact.decision_due_at == london(2026, 12, 29, 11, 0)
    assert AuditEvent.objects.get(object_type__startswith="contacts.").changes == {
        "received_at": ["2026-11-06T14:00:00+00:00", "2026-12-24T11:00:00+00:00"]
    }


def test_update_with_nothing_changed_keeps_the_version_and_writes_no_audit() -> None:
    contact = draft()
    services.contact_update(
        actor=contact.csw, contact_id=contact.pk, version=1, referrer_name="Dana Whitfield"
    )
    contact.refresh_from_db()
    assert contact.version == 1
    assert not AuditEvent.objects.exists()


def test_update_on_a_stale_version_is_a_conflict_and_saves_nothing() -> None:
    contact = draft()
    services.contact_update(
        actor=contact.csw, contact_id=contact.pk, version=1, referrer_role="DSL"
    )
    with pytest.raises(ConflictError) as error:
        services.contact_update(
            actor=contact.csw, contact_id=contact.pk, version=1, referrer_name="Someone else"
        )
    assert error.value.message.startswith("Somebody else changed this record")
    contact.refresh_from_db()
    assert (contact.version, contact.referrer_name) == (2, "Dana Whitfield")
    assert actions() == ["contact.update"]


def test_update_by_another_officer_is_refused() -> None:
    contact = draft()
    with pytest.raises(PermissionDeniedError):
        services.contact_update(
            actor=make_user(Role.CONTACT_CENTRE_OFFICER),
            contact_id=contact.pk,
            version=1,
            referrer_name="X",
        )
    contact.refresh_from_db()
    assert contact.referrer_name == "Dana Whitfield"


def test_update_refuses_fields_that_are_not_contact_details() -> None:
    contact = draft()
    with pytest.raises(ValueError, match="status"):
        services.contact_update(actor=contact.csw, contact_id=contact.pk, version=1, status="x")
    contact.refresh_from_db()
    assert contact.status == Contact.Status.DRAFT


def test_update_and_its_audit_row_commit_together(monkeypatch) -> None:
    contact = draft()

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "audit_write", broken)
    with pytest.raises(RuntimeError):
        services.contact_update(
            actor=contact.csw, contact_id=contact.pk, version=1, referrer_name="Changed"
        )
    contact.refresh_from_db()
    assert (contact.referrer_name, contact.version) == ("Dana Whitfield", 1)


# --- children --------------------------------------------------------------------------------


def test_adding_a_child_twice_links_once_and_audits_once() -> None:
    contact = draft(child=None)
    child = PersonFactory(first_name="Amelia", last_name="Hart")
    services.contact_child_add(actor=contact.csw, contact_id=contact.pk, person=child)
    services.contact_child_add(actor=contact.csw, contact_id=contact.pk, person=child)
    assert list(contact.children.all()) == [child]
    event = AuditEvent.objects.get(object_type__startswith="contacts.")
    assert (event.action, event.changes) == ("contact.child_add", {"children": [None, child.pk]})
    assert event.summary == "Added Amelia Hart"


def test_an_adult_cannot_be_added_as_a_child() -> None:
    contact = draft(child=None)
    adult = PersonFactory(kind="adult", first_name="Jo", last_name="Hart", date_of_birth=None)
    with pytest.raises(DomainError) as error:
        services.contact_child_add(actor=contact.csw, contact_id=contact.pk, person=adult)
    assert (error.value.field, error.value.message) == (
        "children",
        "Jo Hart is recorded as an adult",
    )
    assert not ContactChild.objects.exists()


def test_removing_a_child() -> None:
    contact = draft()
    person = only_child(contact).person
    services.contact_child_remove(actor=contact.csw, contact_id=contact.pk, person_id=person.pk)
    assert not contact.contact_children.exists()
    assert AuditEvent.objects.get(object_type__startswith="contacts.").changes == {
        "children": [person.pk, None]
    }


# --- contact_record --------------------------------------------------------------------------


def test_record_a_whole_contact(monkeypatch) -> None:
    now = freeze(monkeypatch, london(2026, 11, 6, 14, 25))
    contact = draft()
    services.contact_record(actor=contact.csw, contact_id=contact.pk, version=1)
    contact.refresh_from_db()
    assert contact.status == Contact.Status.RECORDED
    assert contact.call_ended_at == now
    assert contact.version == 2
    event = AuditEvent.objects.get(object_type__startswith="contacts.")
    assert (event.actor, event.action) == (contact.csw, "contact.record")
    assert event.changes == {"status": ["draft", "recorded"]}


def assert_not_recorded(contact: Contact) -> None:
    contact.refresh_from_db()
    assert (contact.status, contact.version, contact.call_ended_at) == ("draft", 1, None)
    assert not AuditEvent.objects.filter(action="contact.record").exists()


def test_record_with_no_child_is_refused() -> None:
    contact = draft(child=None)
    with pytest.raises(DomainError) as error:
        services.contact_record(actor=contact.csw, contact_id=contact.pk, version=1)
    assert error.value.field == "children"
    assert error.value.message == "Add at least one child this contact is about"
    assert_not_recorded(contact)


def test_record_with_consent_not_sought_needs_a_reason() -> None:
    contact = draft(consent="not_sought", consent_reason="")
    with pytest.raises(DomainError) as error:
        services.contact_record(actor=contact.csw, contact_id=contact.pk, version=1)
    assert (error.value.field, error.value.message) == (
        "consent_reason",
        "Enter why consent was not sought",
    )
    assert_not_recorded(contact)


def test_record_with_consent_refused_needs_a_reason() -> None:
    contact = draft(consent="refused")
    with pytest.raises(DomainError, match="Enter why consent was refused and what was decided"):
        services.contact_record(actor=contact.csw, contact_id=contact.pk, version=1)
    assert_not_recorded(contact)


def test_problems_lists_every_missing_thing_in_the_users_words(monkeypatch) -> None:
    freeze(monkeypatch, london(2026, 11, 6, 14, 30))
    contact = draft(
        child=None,
        channel="",
        referrer_name="",
        referral_source="",
        concern_summary="",
        immediacy="",
        consent="",
        csw=None,
        recorded_by=make_user(Role.CONTACT_CENTRE_OFFICER),
        received_at=london(2026, 11, 6, 15, 0),
        call_started_at=london(2026, 11, 6, 14, 10),
        call_ended_at=london(2026, 11, 6, 14, 0),
    )
    assert services.contact_problems(contact) == {
        "children": "Add at least one child this contact is about",
        "channel": "Select how the contact came in",
        "referrer_name": "Enter the referrer's name",
        "referral_source": "Select the referral source",
        "concern_summary": "Enter a summary of the concern",
        "immediacy": "Select how urgent this is",
        "consent": "Select whether consent was obtained",
        "csw": "Select the named consultant social worker",
        "call_ended_at": "Call end must be after the call started",
        "received_at": "Date and time received must be in the past",
    }


def test_record_on_a_stale_version_is_a_conflict() -> None:
    contact = draft()
    with pytest.raises(ConflictError):
        services.contact_record(actor=contact.csw, contact_id=contact.pk, version=0)
    assert_not_recorded(contact)


# --- contact_feedback_sent -------------------------------------------------------------------


def test_feedback_sent_is_recorded(monkeypatch) -> None:
    freeze(monkeypatch, london(2026, 11, 10, 9, 0))
    contact = ContactFactory()
    services.contact_feedback_sent(
        actor=contact.csw, contact_id=contact.pk, sent_at=london(2026, 11, 9, 16, 0)
    )
    contact.refresh_from_db()
    assert contact.feedback_sent_at == london(2026, 11, 9, 16, 0)
    event = AuditEvent.objects.get(object_type__startswith="contacts.")
    assert (event.action, event.changes) == (
        "contact.feedback_sent",
        {"feedback_sent_at": [None, "2026-11-09T16:00:00+00:00"]},
    )


def test_feedback_sent_in_the_future_is_refused(monkeypatch) -> None:
    freeze(monkeypatch, london(2026, 11, 10, 9, 0))
    contact = ContactFactory()
    with pytest.raises(DomainError) as error:
        services.contact_feedback_sent(
            actor=contact.csw, contact_id=contact.pk, sent_at=london(2026, 11, 10, 9, 1)
        )
    assert (error.value.field, error.value.message) == (
        "sent_at",
        "Date feedback was sent must be in the past",
    )
    contact.refresh_from_db()
    assert contact.feedback_sent_at is None


def test_a_contact_centre_officer_cannot_record_feedback() -> None:
    contact = ContactFactory()
    with pytest.raises(PermissionDeniedError):
        services.contact_feedback_sent(
            actor=make_user(Role.CONTACT_CENTRE_OFFICER),
            contact_id=contact.pk,
            sent_at=london(2026, 11, 9, 16, 0),
        )
