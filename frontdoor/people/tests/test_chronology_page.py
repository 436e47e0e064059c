"""The chronology page, its CSV and adding a significant event by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    PersonFactory,
    checked_values,
    error_summary,
    input_value,
    london,
    make_user,
    textarea_text,
)
from frontdoor.core.errors import DomainError
from frontdoor.core.models import AuditEvent
from frontdoor.people.chronology import chronology_for, event_kinds
from frontdoor.people.models import SignificantEvent
from frontdoor.people.services import significant_event_add
from frontdoor.people.tests.chronology_events import contacts_events, people_events

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_chronology_and_is_audited(signed_in, child, worker) -> None:
    people_events(child, worker)
    contacts_events(child, worker)

    response = signed_in.get(f"/people/{child.pk}/chronology/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "12 events, newest first" in body
    assert body.index("Decision: Social work assessment") < body.index("Grandmother died")
    assert "Sam Patel (source: Mother)" in body
    assert "From merged record" not in body
    assert f'href="/people/{child.pk}/chronology/add/"' in body
    assert f'href="/people/{child.pk}/chronology/?print=1"' in body
    assert f'href="/people/{child.pk}/chronology.csv"' in body
    event = AuditEvent.objects.get(action="view")
    assert (event.actor, event.action, event.object_type, event.object_id, event.summary) == (
        worker,
        "view",
        "people.person",
        str(child.pk),
        "Chronology",
    )


def test_the_person_page_links_to_the_chronology(signed_in, child) -> None:
    body = signed_in.get(f"/people/{child.pk}/").content.decode()
    assert f'href="/people/{child.pk}/chronology/">Chronology</a>' in body


def test_people_without_access_are_refused(client, child) -> None:
    client.force_login(make_user(Role.MASH_PARTNER))
    for url in ("chronology/", "chronology.csv", "chronology/add/"):
        assert client.get(f"/people/{child.pk}/{url}").status_code == 403
    assert client.post(f"/people/{child.pk}/chronology/add/", {"title": "x"}).status_code == 403
    assert not AuditEvent.objects.exclude(action="refused").exists()
    assert AuditEvent.objects.filter(action="refused").count() == 4
    assert not SignificantEvent.objects.exists()


def test_an_analyst_reads_only_what_the_returns_need_not_the_chronology(client, child) -> None:
    client.force_login(make_user(Role.PERFORMANCE_ANALYST))
    response = client.get(f"/people/{child.pk}/chronology/")
    assert response.status_code == 403
    assert "You need a reason to open this record" in response.content.decode()
    assert not AuditEvent.objects.filter(action="view").exists()
    assert client.get(f"/people/{child.pk}/chronology/add/").status_code == 403
    assert client.post(f"/people/{child.pk}/chronology/add/", {"title": "x"}).status_code == 403
    assert not SignificantEvent.objects.exists()


def test_filters_in_the_url_are_applied_kept_and_carried_to_the_csv(
    signed_in, child, worker
) -> None:
    people_events(child, worker)
    contacts_events(child, worker)
    query = {
        "type": ["contact", "referral"],
        "date_from_day": "3",
        "date_from_month": "11",
        "date_from_year": "2026",
        "date_to_day": "",
        "date_to_month": "",
        "date_to_year": "",
    }

    response = signed_in.get(f"/people/{child.pk}/chronology/", query)

    body = response.content.decode()
    assert "2 events, newest first" in body
    assert "Referral R" in body and "Grandmother died" not in body
    assert checked_values(body, "type") == ["contact", "referral"]
    assert body.count('name="type" type="checkbox"') == len(event_kinds())
    assert input_value(body, "date_from_day") == "3"
    csv_link = (
        f'href="/people/{child.pk}/chronology.csv?type=contact&amp;type=referral&amp;'
        "date_from_day=3&amp;date_from_month=11&amp;date_from_year=2026&amp;date_to_day=&amp;"
        'date_to_month=&amp;date_to_year="'
    )
    assert csv_link in body
    csv = signed_in.get(f"/people/{child.pk}/chronology.csv", query).content.decode()
    assert [line.split(",")[1] for line in csv.splitlines()[1:]] == ["Contact", "Referral"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {"date_from_day": "31", "date_from_month": "2", "date_from_year": "2026"},
            [("#id_date_from_day", "From must be a real date")],
        ),
        (
            {"date_to_day": "1", "date_to_month": "", "date_to_year": "26"},
            [("#id_date_to_day", "To must include a month")],
        ),
        (
            {
                **{"date_from_day": "2", "date_from_month": "3", "date_from_year": "2026"},
                **{"date_to_day": "1", "date_to_month": "3", "date_to_year": "2026"},
            },
            [("#id_date_to_day", "The ‘to’ date must be the same as or after the ‘from’ date")],
        ),
        ({"type": "nonsense"}, [("#id_type_0", "Select types of event from the list")]),
    ],
)
def test_bad_filters_get_messages_not_errors(signed_in, child, worker, query, expected) -> None:
    contacts_events(child, worker)

    response = signed_in.get(f"/people/{child.pk}/chronology/", query)

    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == expected
    assert "<title>Error: " in body
    assert "Correct the filters to see the chronology." in body
    assert 'id="chronology"' not in body and 'id="csv-link"' not in body
    csv = signed_in.get(f"/people/{child.pk}/chronology.csv", query)
    assert csv.status_code == 302
    assert csv["Location"].startswith(f"/people/{child.pk}/chronology/?")


def test_the_printable_version_leaves_out_the_filters(signed_in, child, worker) -> None:
    contacts_events(child, worker)

    body = signed_in.get(
        f"/people/{child.pk}/chronology/", {"type": "referral", "print": "1"}
    ).content.decode()

    assert 'id="chronology-filters"' not in body
    assert "Referral; " not in body and ">Referral</dd>" in body
    assert "by Sam Patel" in body
    assert "1 event, newest first" in body
    assert AuditEvent.objects.get(action="view").summary == "Chronology (printed)"


def test_a_merged_records_events_say_where_they_came_from(signed_in, child, worker) -> None:
    merged = PersonFactory(first_name="Amelie", last_name="Hart", merged_into=child)
    SignificantEvent.objects.create(
        person=merged,
        occurred_on=date(2026, 5, 1),
        title="On the merged record",
        recorded_by=worker,
    )
    body = signed_in.get(f"/people/{child.pk}/chronology/").content.decode()
    assert "From merged record: Amelie Hart" in body
    body = signed_in.get(f"/people/{merged.pk}/chronology/").content.decode()
    assert f'href="/people/{child.pk}/chronology/">another record' in body


# --- the CSV --------------------------------------------------------------------------------


def test_the_csv_is_exact_guarded_and_audited(signed_in, child, worker) -> None:
    SignificantEvent.objects.create(
        person=child,
        occurred_on=date(2026, 10, 1),
        title='=HYPERLINK("http://example.test")',
        detail="-2+3",
        source="@school",
        recorded_by=worker,
    )
    contact = ContactFactory(
        child__person=child,
        csw=worker,
        received_at=london(2026, 11, 6, 14, 0),
        concern_summary='Bruises, "explained" twice.\nSeen by nurse.',
    )

    response = signed_in.get(f"/people/{child.pk}/chronology.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="chronology-{child.la_child_id or child.pk}-{today}.csv"'
    )
    assert response.content.decode() == (
        "date,type,title,detail,recorded by,link\r\n"
        f"2026-11-06 14:00,Contact,Contact {contact.reference} received from Northshire Primary "
        'School,"Bruises, ""explained"" twice.\nSeen by nurse.",'
        '"Sam Patel (source: Dana Whitfield, Northshire Primary School)",'
        f"http://testserver/contacts/{contact.pk}/\r\n"
        '2026-10-01,Significant event,"\'=HYPERLINK(""http://example.test"")",\'-2+3,'
        "Sam Patel (source: @school),\r\n"
    )
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.object_id, event.summary) == (
        worker,
        "view",
        str(child.pk),
        "Chronology CSV",
    )


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(signed_in, child, worker, start) -> None:
    SignificantEvent.objects.create(
        person=child, occurred_on=date(2026, 10, 1), title=f"{start}1+1", recorded_by=worker
    )
    rows = signed_in.get(f"/people/{child.pk}/chronology.csv").content.decode().splitlines()
    assert rows[1].split(",")[2] == f"'{start}1+1"


# --- adding a significant event ----------------------------------------------------------


def test_adding_a_significant_event(signed_in, child, worker) -> None:
    assert signed_in.get(f"/people/{child.pk}/chronology/add/").status_code == 200
    response = signed_in.post(
        f"/people/{child.pk}/chronology/add/",
        {
            "occurred_on_day": "1",
            "occurred_on_month": "10",
            "occurred_on_year": "2026",
            "title": " Moved school ",
            "detail": "To Northshire High.",
            "source": "Mother",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/people/{child.pk}/chronology/"
    event = SignificantEvent.objects.get()
    assert (event.person, event.occurred_on, event.title, event.detail, event.source) == (
        child,
        date(2026, 10, 1),
        "Moved school",
        "To Northshire High.",
        "Mother",
    )
    assert event.recorded_by == worker
    audit = AuditEvent.objects.get()
    assert (audit.actor, audit.action, audit.object_type, audit.object_id) == (
        worker,
        "significant_event.add",
        "people.significantevent",
        str(event.pk),
    )
    page = signed_in.get(response["Location"]).content.decode()
    assert "Significant event added: Moved school" in page and "To Northshire High." in page


def test_bad_input_gets_messages_at_the_fields_and_keeps_what_was_typed(signed_in, child) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = signed_in.post(
        f"/people/{child.pk}/chronology/add/",
        {
            "occurred_on_day": str(tomorrow.day),
            "occurred_on_month": str(tomorrow.month),
            "occurred_on_year": str(tomorrow.year),
            "title": "",
            "detail": "Long note that must not be lost.",
            "source": "Health visitor",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [
        ("#id_occurred_on_day", "Date of the event must be today or in the past"),
        ("#id_title", "Enter what happened"),
    ]
    assert 'id="id_title-error" class="govuk-error-message"' in body
    assert input_value(body, "occurred_on_day") == str(tomorrow.day)
    assert input_value(body, "occurred_on_year") == str(tomorrow.year)
    assert textarea_text(body, "detail") == "Long note that must not be lost."
    assert input_value(body, "source") == "Health visitor"
    assert not SignificantEvent.objects.exists() and not AuditEvent.objects.exists()

    long_title = "x" * 201
    body = signed_in.post(
        f"/people/{child.pk}/chronology/add/",
        {
            "occurred_on_day": "1",
            "occurred_on_month": "",
            "occurred_on_year": "",
            "title": long_title,
        },
    ).content.decode()
    assert error_summary(body) == [
        ("#id_occurred_on_day", "Date of the event must include a month and year"),
        ("#id_title", "What happened must be 200 characters or fewer"),
    ]
    assert input_value(body, "title") == long_title


def test_the_service_checks_its_input_and_audits(child, worker) -> None:
    with pytest.raises(DomainError) as error:
        significant_event_add(
            actor=worker,
            person_id=child.pk,
            occurred_on=timezone.localdate() + timedelta(days=1),
            title="Future",
        )
    assert error.value.field == "occurred_on"
    with pytest.raises(DomainError) as error:
        significant_event_add(
            actor=worker, person_id=child.pk, occurred_on=date(2026, 1, 1), title="   "
        )
    assert (error.value.field, error.value.message) == ("title", "Enter what happened")
    merged = PersonFactory(merged_into=child)
    with pytest.raises(DomainError, match="merged"):
        significant_event_add(
            actor=worker, person_id=merged.pk, occurred_on=date(2026, 1, 1), title="Late"
        )
    assert not SignificantEvent.objects.exists() and not AuditEvent.objects.exists()

    event = significant_event_add(
        actor=worker, person_id=child.pk, occurred_on=date(2026, 1, 1), title=" Court order "
    )
    audit = AuditEvent.objects.get()
    assert audit.summary == "Significant event for Amelia Hart: Court order"
    assert audit.changes == {
        "person_id": [None, child.pk],
        "occurred_on": [None, "2026-01-01"],
        "title": [None, "Court order"],
    }
    assert [e.title for e in chronology_for(person=child)] == [event.title]
