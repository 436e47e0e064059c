"""people_matching: the name typed ranks the people named so first; the same birthday ranks
first among them; every match says why. The mistakes it forgives are in test_search_mistakes.py."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.tests.factories import make_user
from frontdoor.people.selectors import people_matching
from frontdoor.people.services import person_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    csw = make_user()

    def person(first: str, last: str, born: date | None, **fields):
        return person_create(
            actor=csw, first_name=first, last_name=last, date_of_birth=born, **fields
        )

    return {
        "amelia_hart": person("Amelia", "Hart", date(2015, 3, 27)),
        "amelia_jones": person("Amelia", "Jones", date(2015, 3, 27)),
        "ben_adams": person("Ben", "Adams", date(2012, 1, 5), middle_names="Amel"),
        "cara_hart": person("Cara", "Hart", date(2018, 7, 9)),
        "unborn_hart": person("Baby", "Hart", None, expected_date_of_birth=date(2027, 1, 2)),
    }


def names(matches) -> list[str]:
    return [m.person.full_name for m in matches]


def test_every_word_must_match_some_part_of_the_name(people) -> None:
    matches = people_matching(name="amel HART")
    assert names(matches) == ["Amelia Hart"]
    assert matches[0].reason == "Same surname, first name starts the same"


def test_one_word_finds_first_names_starting_so_and_surnames(people) -> None:
    assert names(people_matching(name="amel")) == ["Amelia Hart", "Amelia Jones"]
    # Equally good matches in surname, then first name order.
    assert names(people_matching(name="hart")) == ["Amelia Hart", "Baby Hart", "Cara Hart"]


def test_same_date_of_birth_ranks_first_and_says_why(people) -> None:
    matches = people_matching(name="hart", date_of_birth=date(2018, 7, 9))
    assert names(matches)[0] == "Cara Hart"
    assert matches[0].reason == "Same surname, same date of birth"
    assert set(names(matches[1:])) == {"Amelia Hart", "Baby Hart"}


def test_date_of_birth_alone_finds_born_and_expected(people) -> None:
    matches = people_matching(date_of_birth=date(2015, 3, 27))
    assert names(matches) == ["Amelia Hart", "Amelia Jones"]
    assert {m.reason for m in matches} == {"Same date of birth"}
    assert names(people_matching(date_of_birth=date(2027, 1, 2))) == ["Baby Hart"]


def test_nothing_typed_finds_nobody(people) -> None:
    assert people_matching() == []
    assert people_matching(name="   ") == []
    assert people_matching(query=" !? ") == []


def test_limit(people) -> None:
    assert names(people_matching(name="hart", date_of_birth=date(2018, 7, 9), limit=1)) == [
        "Cara Hart"
    ]
