"""Namesakes, with no date of birth typed, match equally well: the one the service was involved
with most recently (their latest contact, or their latest open work) comes first, and the
results page tells them apart by age, address and open work. The contacts and open work here
come from providers registered by the test, as the contacts and casework apps register theirs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.utils import timezone

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import make_user
from frontdoor.people.chronology import ChronologyEvent, register_provider, unregister_provider
from frontdoor.people.involvement import (
    Involvement,
    register_involvement_provider,
    unregister_involvement_provider,
)
from frontdoor.people.models import Person
from frontdoor.people.selectors import people_matching
from frontdoor.people.services import person_create

pytestmark = pytest.mark.django_db


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@pytest.fixture
def history() -> Iterator[tuple[dict[int, date], dict[int, date]]]:
    """Contacts received ({person id: day}) and open plans ({person id: since})."""
    contacts: dict[int, date] = {}
    plans: dict[int, date] = {}

    def contacts_received(
        person_ids: Sequence[int], date_from: date | None, date_to: date | None
    ) -> Iterator[ChronologyEvent]:
        for pk in person_ids:
            if pk in contacts:
                yield ChronologyEvent(
                    person_id=pk,
                    occurred_at=noon(contacts[pk]),
                    kind="contact",
                    title="Contact received",
                    ref=f"test.contact:{pk}",
                )

    def open_plans(person_ids: list[int]) -> Iterator[Involvement]:
        for pk in person_ids:
            if pk in plans:
                yield Involvement(pk, "Child in need plan", noon(plans[pk]), worker="Sam Patel")

    register_provider(contacts_received, kinds={"contact": "Contact"})
    register_involvement_provider(open_plans)
    yield contacts, plans
    unregister_provider(contacts_received)
    unregister_involvement_provider(open_plans)


@pytest.fixture
def namesakes(history: tuple[dict[int, date], dict[int, date]]) -> dict[str, Person]:
    csw = make_user(Role.CSW)

    def add(last: str, born: date, postcode: str, address: str) -> Person:
        return person_create(
            actor=csw,
            first_name="Sam",
            last_name=last,
            date_of_birth=born,
            postcode=postcode,
            address=address,
        )

    people = {
        "contacted_in_june": add("Okoro", date(2012, 1, 10), "NR1 1AB", "1 Mill Lane, Norwich"),
        "never_involved": add("Okoro", date(2015, 6, 1), "NR2 2CD", "2 Oak Road, Norwich"),
        "open_plan": add("Okoro", date(2019, 9, 9), "NR3 3EF", "3 Ash Close, Norwich"),
        "contacted_yesterday": add("Okoru", date(2014, 4, 4), "NR4 4GH", "4 Elm Way, Norwich"),
    }
    contacts, plans = history
    contacts[people["contacted_in_june"].pk] = date(2026, 6, 1)
    contacts[people["open_plan"].pk] = date(2026, 2, 1)  # her plan since October is later
    plans[people["open_plan"].pk] = date(2026, 10, 1)
    contacts[people["contacted_yesterday"].pk] = date(2026, 11, 21)
    return people


def test_namesakes_the_most_recently_involved_first(namesakes: dict[str, Person]) -> None:
    matches = people_matching(name="Sam Okoro", today=date(2026, 11, 22))
    assert [(m.person, m.score) for m in matches] == [
        (namesakes["open_plan"], 1.0),  # open since 1 October 2026
        (namesakes["contacted_in_june"], 1.0),  # a contact on 1 June 2026
        (namesakes["never_involved"], 1.0),
        # Involved yesterday, but the surname is spelt differently: a weaker match stays below.
        (namesakes["contacted_yesterday"], 0.9192),  # sounds alike: (0.30 + 0.35 x 0.85) / 0.65
    ]


def test_the_results_page_tells_namesakes_apart(
    client: Any, namesakes: dict[str, Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    localdate = timezone.localdate
    monkeypatch.setattr(
        timezone, "localdate", lambda *args: date(2026, 11, 22) if not args else localdate(*args)
    )
    client.force_login(make_user(Role.CSW))
    body = client.get("/people/", {"query": "Sam Okoro"}).content.decode()
    rows = body[body.index('id="search-results"') :]
    # In order, each with age, address and open work.
    expected = [
        "9 September 2019 (age 7)",
        "3 Ash Close, Norwich NR3 3EF",
        "Child in need plan, Sam Patel",
        "Last involved 1 October 2026",
        "10 January 2012 (age 14)",
        "1 Mill Lane, Norwich NR1 1AB",
        "Nothing open",
        "Last involved 1 June 2026",
        "1 June 2015 (age 11)",
        "2 Oak Road, Norwich NR2 2CD",
        "Nothing open",
    ]
    position = 0
    for text in expected:  # each found after the one before
        position = rows.index(text, position)
