"""The chronology: the registry of providers and the events each app gives."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frontdoor.accounts.tests.factories import (
    ContactChildFactory,
    ContactFactory,
    DecisionFactory,
    PersonFactory,
    give_case_access,
    london,
    only_child,
)
from frontdoor.contacts.models import Decision
from frontdoor.people import chronology
from frontdoor.people.chronology import ChronologyEvent, chronology_for, event_kinds
from frontdoor.people.models import Person, SignificantEvent
from frontdoor.people.tests.chronology_events import (
    EVENTS_BY_APP,
    contacts_events,
    people_events,
    titles,
)

pytestmark = pytest.mark.django_db


def test_chronology_includes_events_from_every_app_that_has_them(child, worker) -> None:
    apps_with_events = {
        apps.get_containing_app_config(provider.module).label  # type: ignore[union-attr]
        for provider in chronology.registered_providers()
    }
    assert {"people", "contacts"} <= apps_with_events
    missing = apps_with_events - set(EVENTS_BY_APP)
    assert not missing, f"Add to EVENTS_BY_APP how to record events of: {sorted(missing)}"
    for record in EVENTS_BY_APP.values():
        record(child, worker)

    events = chronology_for(person=child)

    assert {event.kind for event in events} == {kind for kind, _ in event_kinds()}
    assert {"contact", "decision", "referral", "assessment", "significant_event", "address"} <= {
        event.kind for event in events
    }


def test_events_are_newest_first_and_described(child, worker) -> None:
    people_events(child, worker)
    contacts_events(child, worker)

    events = chronology_for(person=child)

    duplicate = Person.objects.get(first_name="Amelie")
    references = [f"C{link.contact_id:06d}" for link in child.contact_links.order_by("id")]
    referral = child.referrals.get()
    assert titles(events) == [
        ("decision", f"Decision: Social work assessment, on contact {references[1]}"),
        ("contact", f"Contact {references[1]} received from Northshire Primary School"),
        # On the day, no time. Referred while in early help, the child steps up from it.
        ("step", "Step up to social work"),
        ("referral", f"Referral {referral.reference} opened"),
        ("early_help", "Early help closed: Stepped up to children's social care"),
        ("decision", f"Decision: Early help, on contact {references[0]}"),
        ("contact", f"Contact {references[0]} received from Northshire Primary School"),
        ("early_help", "Early help requested"),
        ("significant_event", "Grandmother died"),
        ("address", "Moved to 4 Oak Lane, Norwich, NR3 2BB"),
        ("relationship", "Relationship started: Jo Hart is parent of Amelia Hart"),
        ("merge", f"Record merged: Amelie Hart ({duplicate.pk}) into Amelia Hart"),
    ]
    assert events[-1].url == f"/people/{duplicate.pk}/"
    contact = events[1]
    assert contact.kind_label == "Contact"
    assert contact.occurred_at == london(2026, 11, 6, 14, 0) and not contact.all_day
    assert contact.detail == "Bruises on the child's arm, explained differently twice."
    assert contact.by_line == "Sam Patel (source: Dana Whitfield, Northshire Primary School)"
    assert contact.url == f"/contacts/{child.contact_links.order_by('id')[1].contact_id}/"
    significant = events[8]
    assert (significant.occurred_on, significant.all_day) == (date(2026, 10, 1), True)
    assert significant.by_line == "Sam Patel (source: Mother)"
    assert significant.detail == "Amelia was close to her."


def test_a_decision_awaiting_authorisation_is_not_yet_a_referral(child, worker) -> None:
    contact = ContactFactory(child__person=child, csw=worker)
    DecisionFactory(
        contact_child=only_child(contact),
        outcome="strategy_discussion",
        status=Decision.Status.AWAITING_AUTHORISATION,
    )
    ContactFactory(child__person=child, status="draft", received_at=london(2026, 11, 9, 9))

    events = chronology_for(person=child)

    assert titles(events) == [
        (
            "decision",
            f"Decision: Strategy discussion (awaiting authorisation), on contact "
            f"{contact.reference}",
        ),
        ("contact", f"Contact {contact.reference} received from Northshire Primary School"),
    ]


def test_filters_by_type(child, worker) -> None:
    people_events(child, worker)
    contacts_events(child, worker)

    events = chronology_for(person=child, kinds=["referral", "significant_event"])

    assert [event.kind for event in events] == ["referral", "significant_event"]


def test_filters_by_local_days_inclusive(child, worker) -> None:
    # 00:30 on 1 July in London (BST) is 23:30 on 30 June in UTC.
    ContactFactory(child__person=child, received_at=london(2026, 7, 1, 0, 30))
    SignificantEvent.objects.create(
        person=child, occurred_on=date(2026, 7, 3), title="Started school", recorded_by=worker
    )

    def kinds(date_from: date | None, date_to: date | None) -> list[str]:
        return [e.kind for e in chronology_for(person=child, date_from=date_from, date_to=date_to)]

    assert kinds(date(2026, 7, 1), None) == ["significant_event", "contact"]
    assert kinds(None, date(2026, 6, 30)) == []
    assert kinds(date(2026, 7, 1), date(2026, 7, 1)) == ["contact"]
    assert kinds(date(2026, 7, 3), date(2026, 7, 3)) == ["significant_event"]
    assert kinds(date(2026, 7, 2), date(2026, 7, 2)) == []


def test_events_of_records_merged_into_the_person_are_included(child, worker) -> None:
    merged = PersonFactory(first_name="Amelie", last_name="Hart", merged_into=child)
    merged_earlier = PersonFactory(first_name="Emily", last_name="Hart", merged_into=merged)
    elsewhere = PersonFactory(first_name="Other", last_name="Child")
    SignificantEvent.objects.create(
        person=merged,
        occurred_on=date(2026, 5, 1),
        title="On the merged record",
        recorded_by=worker,
    )
    SignificantEvent.objects.create(
        person=merged_earlier,
        occurred_on=date(2026, 4, 1),
        title="Merged earlier",
        recorded_by=worker,
    )
    SignificantEvent.objects.create(
        person=elsewhere, occurred_on=date(2026, 4, 1), title="Not this child", recorded_by=worker
    )
    # One contact about the child and the (then separate) duplicate is one line.
    contact = ContactFactory(child__person=child, received_at=london(2026, 6, 1, 9, 0))
    ContactChildFactory(contact=contact, person=merged)

    events = chronology_for(person=child)

    assert [(e.person_id, e.title) for e in events] == [
        (child.pk, f"Contact {contact.reference} received from Northshire Primary School"),
        (merged.pk, "On the merged record"),
        (merged_earlier.pk, "Merged earlier"),
    ]
    assert [e.title for e in chronology_for(person=elsewhere)] == ["Not this child"]


def test_each_provider_reads_in_a_fixed_number_of_queries(child, worker) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            chronology_for(person=child)
        return len(captured)

    people_events(child, worker)
    contacts_events(child, worker)
    few = queries()
    for _ in range(3):
        contacts_events(child, worker)
        SignificantEvent.objects.create(
            person=child, occurred_on=date(2026, 1, 1), title="More", recorded_by=worker
        )
        ContactChildFactory(person=PersonFactory(merged_into=child))
    many = queries()
    # Every provider one query, and one per level of the merge chain (here one, and the
    # query that finds no more), however many events there are.
    assert many == few
    assert few == len(chronology.registered_providers()) + 2


# --- the registry ---------------------------------------------------------------------------


def missing_episodes(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    """Stands in for a provider another app (missing children, say) registers from its own code."""
    for person_id in person_ids:
        yield ChronologyEvent(
            person_id=person_id,
            occurred_at=london(2026, 11, 10, 11, 0),
            kind="missing_episode",
            title="Missing from home",
            recorded_by="Police, health and CADS",
        )


@contextmanager
def registered(provider: Any, **kinds: str) -> Iterator[None]:
    chronology.register_provider(provider, kinds=kinds)
    try:
        yield
    finally:
        chronology.unregister_provider(provider)


def test_a_provider_registered_by_another_app_plugs_in(child, worker, client) -> None:
    contacts_events(child, worker)
    assert "missing_episode" not in dict(event_kinds())

    with registered(missing_episodes, missing_episode="Missing episode"):
        events = chronology_for(person=child)
        assert titles(events)[0] == ("missing_episode", "Missing from home")
        assert events[0].kind_label == "Missing episode"
        only = chronology_for(person=child, kinds=["missing_episode"])
        assert titles(only) == [("missing_episode", "Missing from home")]
        assert not chronology_for(
            person=child, date_to=date(2026, 11, 9), kinds=["missing_episode"]
        )
        give_case_access(worker, child)
        client.force_login(worker)
        page = client.get(f"/people/{child.pk}/chronology/").content.decode()
        assert 'value="missing_episode"' in page and "Missing from home" in page

    assert "missing_episode" not in dict(event_kinds())
    assert "missing_episode" not in {e.kind for e in chronology_for(person=child)}


def test_the_registry_refuses_muddles(child) -> None:
    with pytest.raises(ValueError, match="must name the kinds"):
        chronology.register_provider(missing_episodes, kinds={})
    with pytest.raises(ValueError, match="already labelled"):
        chronology.register_provider(missing_episodes, kinds={"contact": "Phone call"})
    assert missing_episodes not in [p.fetch for p in chronology.registered_providers()]
    with (
        registered(missing_episodes, assessment="Assessment"),
        pytest.raises(ValueError, match="undeclared kind 'missing_episode'"),
    ):
        chronology_for(person=child)
    with pytest.raises(TypeError, match="aware datetime"):
        naive = date(2026, 1, 1)
        ChronologyEvent(person_id=1, occurred_at=naive, kind="contact", title="x")  # type: ignore[arg-type]
