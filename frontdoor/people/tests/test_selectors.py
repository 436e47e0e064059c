"""people_matching: every word typed must match a name; same birthday ranks first."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.tests.factories import PersonFactory
from frontdoor.people.selectors import people_matching

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "amelia_hart": PersonFactory(
            first_name="Amelia", last_name="Hart", date_of_birth=date(2015, 3, 27)
        ),
        "amelia_jones": PersonFactory(
            first_name="Amelia", last_name="Jones", date_of_birth=date(2015, 3, 27)
        ),
        "ben_adams": PersonFactory(
            first_name="Ben", middle_names="Amel", last_name="Adams", date_of_birth=date(2012, 1, 5)
        ),
        "cara_hart": PersonFactory(
            first_name="Cara", last_name="Hart", date_of_birth=date(2018, 7, 9)
        ),
        "unborn_hart": PersonFactory(
            first_name="Baby",
            last_name="Hart",
            date_of_birth=None,
            expected_date_of_birth=date(2027, 1, 2),
        ),
    }


def names(matches) -> list[str]:
    return [m.person.full_name for m in matches]


def test_every_word_must_match_some_part_of_the_name(people) -> None:
    assert names(people_matching(name="amel HART")) == ["Amelia Hart"]


def test_one_word_matches_first_middle_or_last_names_in_surname_order(people) -> None:
    # Adams (middle name Amel), Hart, Jones.
    assert names(people_matching(name="amel")) == ["Ben Amel Adams", "Amelia Hart", "Amelia Jones"]


def test_same_date_of_birth_ranks_first_and_says_why(people) -> None:
    matches = people_matching(name="hart", date_of_birth=date(2018, 7, 9))
    assert names(matches) == ["Cara Hart", "Amelia Hart", "Baby Hart"]
    assert [m.reason for m in matches] == [
        "Name and date of birth match",
        "Name matches",
        "Name matches",
    ]


def test_date_of_birth_alone_finds_born_and_expected(people) -> None:
    matches = people_matching(date_of_birth=date(2015, 3, 27))
    assert names(matches) == ["Amelia Hart", "Amelia Jones"]
    assert {m.reason for m in matches} == {"Same date of birth"}
    assert names(people_matching(date_of_birth=date(2027, 1, 2))) == ["Baby Hart"]


def test_nothing_typed_finds_nobody(people) -> None:
    assert people_matching() == []
    assert people_matching(name="   ") == []


def test_limit(people) -> None:
    assert names(people_matching(name="hart", date_of_birth=date(2018, 7, 9), limit=1)) == [
        "Cara Hart"
    ]
