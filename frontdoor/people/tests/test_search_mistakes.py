"""Person search forgives mistakes, ranks, and says why: every kind of mistake among a crowd of
people with similar names (search_people.py), the exact NHS number first, age ranges, and a
merged person never found. Expected values are worked out by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import make_user
from frontdoor.core.validators import nhs_number_is_valid
from frontdoor.people.models import Person
from frontdoor.people.selectors import people_matching
from frontdoor.people.services import person_create
from frontdoor.people.tests.search_people import RUBY_NHS, SOPHIE_NHS, TODAY, nhs

# Each row: an id, what is typed, who must be in the top three, and (when worth checking)
# the reason that person is given.
MISTAKES: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "typo",
        {"query": "Jonh Smith 3/4/2016"},
        "john_smith",
        "Same surname, first name has letters swapped, same date of birth",
    ),
    ("typo without date of birth", {"query": "Wiliam Turner"}, "william_turner", ""),
    (
        "transposed surname",
        {"query": "John Smtih 3/4/2016"},
        "john_smith",
        "Surname has letters swapped, same first name, same date of birth",
    ),
    ("transposed, no date of birth", {"query": "Katherine Jnoes"}, "katherine_jones", ""),
    (
        "nickname Bill",
        {"query": "Bill Turner 12/6/2014"},
        "william_turner",
        "Same surname, first name is a short form, same date of birth",
    ),
    ("nickname Kate", {"query": "Kate Jones 27/3/2015"}, "katherine_jones", ""),
    ("nickname Liz", {"query": "Liz Price 5/11/2012"}, "elizabeth_price", ""),
    (
        "sounds alike Smyth",
        {"query": "John Smyth 3/4/2016"},
        "john_smith",
        "Same first name, surname sounds alike, same date of birth",
    ),
    ("spelt alike Thomson", {"query": "Amy Thomson 30/9/2011"}, "amy_thompson", ""),
    ("spelt alike Thomson, no date of birth", {"query": "Amy Thomson"}, "amy_thompson", ""),
    ("sounds alike Steven Clark", {"query": "Steven Clark"}, "stephen_clarke", ""),
    (
        "part of a double-barrelled surname",
        {"query": "Anna Jones 20/1/2017"},
        "anna_smith_jones",
        "Part of the surname matches, same first name, same date of birth",
    ),
    ("double-barrelled without hyphen", {"query": "Smith Jones"}, "anna_smith_jones", ""),
    ("double-barrelled, three words", {"query": "Anna Smith Jones"}, "anna_smith_jones", ""),
    (
        "names swapped",
        {"query": "Hart Amelia 28/3/2015"},
        "amelia_hart",
        "First name and surname swapped, same date of birth",
    ),
    ("surname first with a comma", {"query": "Turner, William"}, "william_turner", ""),
    (
        "day and month swapped",
        {"query": "Olivia Brown 7/11/2014"},
        "olivia_brown",
        "Same name, day and month of birth swapped",
    ),
    (
        "a year out",
        {"query": "Noah Patel 15/9/2017"},
        "noah_patel",
        "Same name, date of birth a year out",
    ),
    (
        "date of birth not recorded",
        {"query": "Leo Walsh 2/2/2018"},
        "leo_walsh",
        "Same name, no date of birth recorded",
    ),
    ("no date of birth typed", {"query": "Noah Patel"}, "noah_patel", "Same name"),
    (
        "alias",
        {"query": "Grace Williams 1/5/2013"},
        "grace_okafor",
        "Same name, also known by this name, same date of birth",
    ),
    (
        "previous name",
        {"query": "Mia Roberts 10/10/2018"},
        "mia_evans",
        "Same name, known by this name before, same date of birth",
    ),
    (
        "NHS number with spaces",
        {"query": f"{SOPHIE_NHS[:3]} {SOPHIE_NHS[3:6]} {SOPHIE_NHS[6:]}"},
        "sophie_reid",
        "NHS number matches",
    ),
    ("NHS number field", {"nhs_number": SOPHIE_NHS}, "sophie_reid", "NHS number matches"),
    (
        "postcode and a misspelt name",
        {"query": "Hary Kahn NR3 4BB"},
        "harry_khan",
        "Surname has letters swapped, first name sounds alike, same postcode",
    ),
    ("postcode only", {"query": "nr3 4bb"}, "harry_khan", "Same postcode"),
    (
        "fields instead of the box",
        {"name": "Katherine Jones", "date_of_birth": date(2015, 3, 27)},
        "katherine_jones",
        "Same name, same date of birth",
    ),
    (
        "address",
        {"name": "J Smith", "address": "12 elm row"},
        "john_smith",
        "Same surname, same first initial, address matches",
    ),
]


@pytest.mark.django_db
class TestEveryMistakeIsForgiven:
    @pytest.mark.parametrize(
        ("search", "wanted", "reason"),
        [pytest.param(search, wanted, reason, id=row) for row, search, wanted, reason in MISTAKES],
    )
    def test_the_right_person_is_in_the_top_three(
        self, crowd: dict[str, Person], search: dict[str, Any], wanted: str, reason: str
    ) -> None:
        matches = people_matching(**search, today=TODAY)
        top = [match.person for match in matches[:3]]
        assert crowd[wanted] in top, [(m.person.full_name, m.score, m.reason) for m in matches]
        if reason:
            assert matches[top.index(crowd[wanted])].reason == reason

    def test_exact_nhs_number_is_first_even_against_the_same_name_and_birthday(
        self, crowd: dict[str, Person]
    ) -> None:
        matches = people_matching(query=f"Ruby Scott 5/5/2015 {RUBY_NHS}", today=TODAY)
        assert [m.person for m in matches[:2]] == [crowd["ruby_scott_nhs"], crowd["ruby_scott"]]
        assert matches[0].reasons == ("NHS number matches", "same name", "same date of birth")
        # Even when the name typed is somebody else's.
        matches = people_matching(query=f"Sophie Reed {SOPHIE_NHS}", today=TODAY)
        assert matches[0].person == crowd["sophie_reid"]

    def test_scores_rank_the_better_match_higher(self, crowd: dict[str, Person]) -> None:
        matches = people_matching(query="Olivia Brown 11/7/2014", today=TODAY)
        assert [(m.person.full_name, m.score) for m in matches[:2]] == [
            ("Olivia Brown", 1.0),  # (0.30 + 0.35 + 0.25) / 0.90
            ("Olivia Brown", 0.7222),  # (0.30 + 0.35 + 0) / 0.90: another Olivia Brown
        ]

    def test_age_range_keeps_only_people_of_that_age(self, crowd: dict[str, Person]) -> None:
        # On 22 November 2026 Olivia Brown born 11 July 2014 is 12; the other one is 14.
        matches = people_matching(name="Olivia Brown", age_from=11, age_to=13, today=TODAY)
        assert [m.person for m in matches if m.person.full_name == "Olivia Brown"] == [
            crowd["olivia_brown"]
        ]

    def test_an_age_range_alone_narrows_a_surname(self, crowd: dict[str, Person]) -> None:
        matches = people_matching(name="Smith", age_from=10, age_to=10, today=TODAY)
        # Aged 10: born 23 November 2015 to 22 November 2016. Not John Smyth (16) nor Anna
        # Smith-Jones (9); Johnny Smithson's surname starts the same.
        assert {m.person.full_name for m in matches} == {
            "John Smith",
            "Jon Smith",
            "Joan Smith",
            "Anna Smith",
            "Johnny Smithson",
        }


@pytest.mark.django_db
def test_a_merged_person_is_never_found() -> None:
    csw = make_user(Role.CSW)
    kept = person_create(
        actor=csw, first_name="Ella", last_name="Fox", date_of_birth=date(2014, 4, 4)
    )
    merged = person_create(
        actor=csw,
        first_name="Ella",
        last_name="Fox",
        date_of_birth=date(2014, 4, 4),
        nhs_number=nhs("401023214"),
    )
    # Marked merged without rebuilding its keys: search must still leave it out.
    Person.objects.filter(pk=merged.pk).update(merged_into=kept)
    for search in (
        {"query": "Ella Fox 4/4/2014"},
        {"nhs_number": merged.nhs_number},
        {"date_of_birth": date(2014, 4, 4)},
        {"query": "Fox"},
    ):
        assert [m.person for m in people_matching(**search)] in ([kept], []), search


def test_valid_nhs_numbers_in_these_tests() -> None:
    assert nhs_number_is_valid(SOPHIE_NHS) and nhs_number_is_valid(RUBY_NHS)
