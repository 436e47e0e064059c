"""Person search for anybody and any input: properties that must hold whatever the names,
dates and NHS numbers, and odd arguments that find nobody rather than fail."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import make_user
from frontdoor.people.query_parsing import parse_query
from frontdoor.people.search_keys import normalise
from frontdoor.people.selectors import people_matching
from frontdoor.people.services import person_create
from frontdoor.people.tests.search_people import TODAY, nhs

WORD = st.text(alphabet="abeiklmnorstu", min_size=2, max_size=8).map(str.capitalize)
SURNAME = st.one_of(WORD, st.builds(lambda a, b: f"{a}-{b}", WORD, WORD))
BORN = st.dates(min_value=date(1990, 1, 1), max_value=date(2026, 1, 1))
PERSON = st.tuples(WORD, SURNAME, BORN)
NHS_STEM = st.integers(min_value=0, max_value=999_999_999).map(lambda n: f"{n:09d}")
PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _check_digit_ok(stem: str) -> bool:
    total = sum(int(d) * w for d, w in zip(stem, range(10, 1, -1), strict=True))
    return (11 - total % 11) % 11 != 10


@pytest.mark.django_db
@PROPERTY
@given(target=PERSON, others=st.lists(PERSON, max_size=4))
def test_anybody_is_in_the_top_three_by_their_exact_name_and_date_of_birth(
    target: tuple[str, str, date], others: list[tuple[str, str, date]]
) -> None:
    with transaction.atomic():
        csw = make_user(Role.CSW)
        first, last, born = target
        person = person_create(actor=csw, first_name=first, last_name=last, date_of_birth=born)
        for other_first, other_last, other_born in others:
            if (normalise(other_first), normalise(other_last), other_born) == (
                normalise(first),
                normalise(last),
                born,
            ):
                continue  # the same person again: nothing can tell them apart
            person_create(
                actor=csw, first_name=other_first, last_name=other_last, date_of_birth=other_born
            )
        matches = people_matching(query=f"{first} {last} {born.day}/{born.month}/{born.year}")
        assert person in [m.person for m in matches[:3]]
        transaction.set_rollback(True)


@pytest.mark.django_db
@PROPERTY
@given(target=PERSON, stem=NHS_STEM.filter(_check_digit_ok), twins=st.integers(0, 3))
def test_anybody_is_first_by_their_exact_nhs_number(
    target: tuple[str, str, date], stem: str, twins: int
) -> None:
    with transaction.atomic():
        csw = make_user(Role.CSW)
        first, last, born = target
        number = nhs(stem)
        # People with the same name and birthday but no NHS number are created first.
        for _ in range(twins):
            person_create(actor=csw, first_name=first, last_name=last, date_of_birth=born)
        person = person_create(
            actor=csw, first_name=first, last_name=last, date_of_birth=born, nhs_number=number
        )
        assert people_matching(nhs_number=number)[0].person == person
        by_box = people_matching(query=f"{first} {last} {number} {born:%d/%m/%Y}")
        assert by_box[0].person == person
        assert by_box[0].reasons[0] == "NHS number matches"
        transaction.set_rollback(True)


@given(born=BORN, stem=NHS_STEM.filter(_check_digit_ok), name=st.tuples(WORD, SURNAME))
@settings(max_examples=50, deadline=None)
def test_the_box_reads_back_any_date_nhs_number_and_name(
    born: date, stem: str, name: tuple[str, str]
) -> None:
    number = nhs(stem)
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    for typed_date in (f"{born.day}/{born.month}/{born.year}", f"{born:%Y-%m-%d}"):
        parts = parse_query(f"{name[0]} {spaced} {name[1]} {typed_date}", today=TODAY)
        assert (parts.name, parts.date_of_birth, parts.nhs_number) == (
            f"{name[0]} {name[1]}",
            born,
            number,
        )


@pytest.mark.django_db
@PROPERTY
@given(typed=st.text(max_size=300), address=st.text(max_size=50))
def test_any_text_at_all_is_searched_without_failing(typed: str, address: str) -> None:
    assert isinstance(people_matching(query=typed, address=address), list)


@pytest.mark.django_db
def test_odd_arguments_find_nobody_rather_than_fail() -> None:
    for search in (
        {"query": "\x00" * 50 + "🙂 ÅSE 9" * 2000},
        {"name": "Ab", "age_from": -5, "age_to": 5000},
        {"name": "Ab", "date_of_birth": date(1, 1, 1)},
        {"name": "Ab", "date_of_birth": date(9999, 12, 31)},
        {"nhs_number": "not a number", "postcode": "!!"},
        {"query": "Ab", "limit": -1},
    ):
        assert people_matching(**search) == [], search
