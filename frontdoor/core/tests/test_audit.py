"""The audit log: what it records, that nobody can change it, and who can search it."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, IntegrityError, ProgrammingError, connection, transaction

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    PersonFactory,
    freeze,
    london,
    make_user,
)
from frontdoor.core.audit import audit_view, audit_write, changes_between, snapshot
from frontdoor.core.models import AppendOnlyError, AuditEvent
from frontdoor.core.selectors import audit_events

# --- what a row holds ----------------------------------------------------------------------


@pytest.mark.django_db
def test_audit_write_records_actor_time_action_object_and_changes(monkeypatch) -> None:
    moment = freeze(monkeypatch, london(2026, 11, 6, 14, 5))
    csw = make_user(Role.CSW, username="sam")
    person = PersonFactory()
    event = audit_write(
        actor=csw,
        action="person.update",
        obj=person,
        changes={"last_name": ["Smith", "Smyth"]},
        summary="Corrected the surname",
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == csw
    assert stored.at == moment
    assert stored.action == "person.update"
    assert stored.object_type == "people.person"
    assert stored.object_id == str(person.pk)
    assert stored.changes == {"last_name": ["Smith", "Smyth"]}
    assert stored.summary == "Corrected the surname"


@pytest.mark.django_db
def test_audit_view_is_a_view_event_and_anonymous_actor_is_stored_as_nobody() -> None:
    contact = ContactFactory()
    event = audit_view(actor=AnonymousUser(), obj=contact)
    assert (event.action, event.actor, event.object_type) == ("view", None, "contacts.contact")
    assert event.changes == {}


@pytest.mark.django_db
def test_long_summaries_are_cut_to_300_characters() -> None:
    event = audit_write(actor=None, action="x", obj=PersonFactory(), summary="a" * 301)
    assert event.summary == "a" * 300


@pytest.mark.django_db
def test_snapshot_turns_related_records_and_dates_into_plain_values() -> None:
    contact = ContactFactory(received_at=london(2026, 11, 6, 14, 0))
    assert contact.csw is not None
    values = snapshot(contact, ["csw", "received_at", "referrer_name", "concern_categories"])
    assert values == {
        "csw": contact.csw.pk,
        "received_at": "2026-11-06T14:00:00+00:00",
        "referrer_name": "Dana Whitfield",
        "concern_categories": [],
    }


def test_changes_between_lists_only_what_differs() -> None:
    before = {"a": 1, "b": "x", "c": None}
    after = {"a": 1, "b": "y", "d": 4}
    assert changes_between(before, after) == {"b": ["x", "y"], "d": [None, 4]}


# --- append-only ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_an_existing_event_again_is_refused() -> None:
    event = audit_write(actor=None, action="view", obj=PersonFactory())
    event.action = "nothing.to.see"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "view"


@pytest.mark.django_db
def test_deleting_an_event_through_the_model_is_refused() -> None:
    event = audit_write(actor=None, action="view", obj=PersonFactory())
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# SQLite's RAISE(ABORT) is a constraint failure (IntegrityError); PostgreSQL's RAISE EXCEPTION
# is SQLSTATE P0001 (raise_exception), which psycopg classes as a ProgrammingError. Both are
# DatabaseErrors.
TRIGGER_ERROR = {"sqlite": IntegrityError, "postgresql": ProgrammingError}


@pytest.mark.django_db
def test_the_database_refuses_an_update_that_bypasses_the_model() -> None:
    event = audit_write(actor=None, action="view", obj=PersonFactory())
    with pytest.raises(DatabaseError) as error, transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    assert type(error.value) is TRIGGER_ERROR[connection.vendor]
    assert "the audit log is append-only" in str(error.value)
    assert AuditEvent.objects.get(pk=event.pk).action == "view"


# --- searching -----------------------------------------------------------------------------


@pytest.fixture
def three_events(monkeypatch):
    sam = make_user(Role.CSW, username="sam")
    kim = make_user(Role.CSW, username="kim")
    person = PersonFactory()
    contact = ContactFactory()
    freeze(monkeypatch, london(2026, 11, 5, 23, 59))
    first = audit_write(actor=sam, action="contact.record", obj=contact)
    freeze(monkeypatch, london(2026, 11, 6, 0, 0))
    second = audit_view(actor=kim, obj=person)
    freeze(monkeypatch, london(2026, 11, 6, 16, 0))
    third = audit_write(actor=sam, action="contact.update", obj=contact)
    return first, second, third


@pytest.mark.django_db
def test_audit_events_filters(three_events) -> None:
    first, second, third = three_events
    assert list(audit_events()) == [third, second, first]
    assert list(audit_events(actor="SAM")) == [third, first]
    assert list(audit_events(action="contact")) == [third, first]
    assert list(audit_events(action="view")) == [second]
    assert list(audit_events(object_type="people.person")) == [second]
    assert list(audit_events(object_id=str(first.object_id), object_type="contacts.contact")) == [
        third,
        first,
    ]
    assert list(audit_events(date_from=date(2026, 11, 6))) == [third, second]
    assert list(audit_events(date_to=date(2026, 11, 5))) == [first]


@pytest.mark.django_db
def test_audit_log_page_is_forbidden_to_a_csw(client) -> None:
    client.force_login(make_user(Role.CSW))
    assert client.get("/audit/").status_code == 403


@pytest.mark.django_db
def test_system_administrator_filters_the_audit_log_by_action(client, three_events) -> None:
    client.force_login(make_user(Role.SYSTEM_ADMINISTRATOR))
    response = client.get("/audit/", {"action": "contact."})
    assert response.status_code == 200
    assert [e.pk for e in response.context["page"]] == [three_events[2].pk, three_events[0].pk]
    body = response.content.decode()
    assert "2 events, newest first" in body
    assert "contact.update" in body and "contact.record" in body
    assert ">view<" not in body


@pytest.mark.django_db
def test_audit_log_page_shows_a_bad_date_at_its_field(client) -> None:
    client.force_login(make_user(Role.HEAD_OF_SERVICE))
    response = client.get(
        "/audit/", {"date_from_day": "31", "date_from_month": "2", "date_from_year": "2026"}
    )
    assert response.status_code == 200
    assert '<a href="#id_date_from_day">From must be a real date</a>' in response.content.decode()
