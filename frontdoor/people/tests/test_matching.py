"""Person search forgives mistakes, ranks, and says why: every kind of mistake among a crowd of
people with similar names, properties that must hold for anybody, the search box parser, bad
input on the search page, and rebuilding the index. Expected values are worked out by hand."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import PersonFactory, error_summary, make_user
from frontdoor.core.validators import nhs_number_is_valid
from frontdoor.people.matching import (
    Likeness,
    born_likeness,
    dates_near,
    name_guesses,
    normalise,
    parse_query,
)
from frontdoor.people.models import Person, PersonName, PersonSearchKey
from frontdoor.people.selectors import people_matching
from frontdoor.people.services import person_create, person_name_add, person_update

TODAY = date(2026, 11, 22)


def nhs(stem: str) -> str:
    """A valid NHS number from nine digits (the modulus 11 check digit added)."""
    total = sum(int(digit) * weight for digit, weight in zip(stem, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    assert check != 10, f"{stem} has no valid check digit"
    return f"{stem}{check}"


SOPHIE_NHS = nhs("943476591")
RUBY_NHS = nhs("401023213")


def _crowd(actor: Any) -> dict[str, Person]:
    """Forty-odd people: the ones searched for first, then people with names like theirs."""

    def add(first: str, last: str, born: date | None, **fields: Any) -> Person:
        return person_create(
            actor=actor, first_name=first, last_name=last, date_of_birth=born, **fields
        )

    people = {
        "william_turner": add("William", "Turner", date(2014, 6, 12)),
        "katherine_jones": add("Katherine", "Jones", date(2015, 3, 27)),
        "elizabeth_price": add("Elizabeth", "Price", date(2012, 11, 5)),
        "john_smith": add(
            "John",
            "Smith",
            date(2016, 4, 3),
            postcode="NR2 1AA",
            address="12 Elm Row, Norwich",
        ),
        "amy_thompson": add("Amy", "Thompson", date(2011, 9, 30)),
        "stephen_clarke": add("Stephen", "Clarke", date(2013, 7, 14)),
        "anna_smith_jones": add("Anna", "Smith-Jones", date(2017, 1, 20)),
        "amelia_hart": add("Amelia", "Hart", date(2015, 3, 28)),
        "olivia_brown": add("Olivia", "Brown", date(2014, 7, 11)),
        "noah_patel": add("Noah", "Patel", date(2016, 9, 15)),
        "leo_walsh": add("Leo", "Walsh", None),
        "grace_okafor": add("Grace", "Okafor", date(2013, 5, 1)),
        "mia_evans": add("Mia", "Roberts", date(2018, 10, 10)),
        "harry_khan": add("Harry", "Khan", date(2012, 2, 14), postcode="NR3 4BB"),
        "sophie_reid": add("Sophie", "Reid", date(2019, 12, 1), nhs_number=SOPHIE_NHS),
        "ruby_scott_nhs": add("Ruby", "Scott", date(2015, 5, 5), nhs_number=RUBY_NHS),
        "ruby_scott": add("Ruby", "Scott", date(2015, 5, 5)),
    }
    person_name_add(
        actor=actor,
        person_id=people["grace_okafor"].pk,
        kind=PersonName.Kind.ALIAS,
        first_name="Grace",
        last_name="Williams",
    )
    # Mia Roberts is now Mia Evans: Roberts becomes a previous name.
    people["mia_evans"] = person_update(
        actor=actor, person_id=people["mia_evans"].pk, last_name="Evans"
    )
    for first, last, born in [
        ("Will", "Turner", date(2013, 2, 1)),
        ("William", "Tanner", date(2014, 6, 12)),
        ("Kate", "Jones", date(2016, 8, 1)),
        ("Kathryn", "Johns", date(2015, 3, 27)),
        ("Eliza", "Pryce", date(2013, 1, 1)),
        ("Elizabeth", "Rice", date(2012, 11, 5)),
        ("Jon", "Smith", date(2016, 5, 3)),
        ("Joan", "Smith", date(2016, 4, 3)),
        ("John", "Smyth", date(2010, 1, 1)),
        ("Johnny", "Smithson", date(2016, 4, 3)),
        ("Amy", "Thomas", date(2011, 9, 30)),
        ("Amos", "Thompson", date(2011, 9, 3)),
        ("Steve", "Clark", date(2009, 7, 14)),
        ("Stephanie", "Clarke", date(2013, 7, 14)),
        ("Anna", "Jones", date(2017, 2, 20)),
        ("Anna", "Smith", date(2016, 1, 20)),
        ("Amelia", "Harte", date(2016, 3, 27)),
        ("Emily", "Hart", date(2015, 3, 28)),
        ("Olivia", "Brown", date(2012, 2, 2)),
        ("Olive", "Brown", date(2014, 11, 8)),
        ("Noah", "Patel", date(2019, 1, 1)),
        ("Noel", "Patel", date(2016, 9, 15)),
        ("Leo", "Welsh", date(2018, 2, 2)),
        ("Grace", "Williamson", date(2013, 5, 1)),
        ("Mia", "Roberts", date(2011, 3, 3)),
        ("Sophie", "Reed", date(2019, 12, 1)),
        ("Oscar", "Lee", date(2014, 1, 1)),
        ("Isla", "Wood", date(2015, 2, 2)),
        ("Jack", "Taylor", date(2012, 3, 3)),
        ("Freya", "Hall", date(2017, 4, 4)),
        ("George", "Green", date(2013, 6, 6)),
    ]:
        add(first, last, born)
    add("Harry", "Khan", date(2012, 2, 14), postcode="NR1 1AA")
    add("Harriet", "Khan", date(2010, 5, 5), postcode="NR3 4BB")
    return people


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


@pytest.fixture(scope="class")
def crowd(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The crowd, made once for the class and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _crowd(make_user(Role.CSW))
        transaction.set_rollback(True)


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


# --- properties: for anybody --------------------------------------------------------------

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


# --- the search box parser ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "name", "born", "nhs_number", "postcode", "problem"),
    [
        ("Amelia Hart", "Amelia Hart", None, "", "", ""),
        ("3/4/2016 Amelia", "Amelia", date(2016, 4, 3), "", "", ""),
        ("03-04-2016", "", date(2016, 4, 3), "", "", ""),
        ("2016-04-03", "", date(2016, 4, 3), "", "", ""),
        ("27 3 2015 Hart", "Hart", date(2015, 3, 27), "", "", ""),
        ("3 April 2016", "", date(2016, 4, 3), "", "", ""),
        ("3/4/16", "", date(2016, 4, 3), "", "", ""),
        ("3/4/98", "", date(1998, 4, 3), "", "", ""),
        ("999 000 0018", "", None, "9990000018", "", ""),
        ("9990000018 Hart", "Hart", None, "9990000018", "", ""),
        ("Hart nr21aa", "Hart", None, "", "NR2 1AA", ""),
        ("O'Neil-Smith, Amy SW1A 1AA", "O'Neil-Smith, Amy", None, "", "SW1A 1AA", ""),
        ("31/2/2016 Bob", "Bob", None, "", "", "Date of birth must be a real date, like 27/3/2015"),
        ("2/20/2014 Poppy", "Poppy", date(2014, 2, 20), "", "", ""),  # only real month first
        ("2/31/2014", "", None, "", "", "Date of birth must be a real date, like 27/3/2015"),
        ("12345678901", "", None, "", "", "NHS number must be 10 digits, like 999 000 0018"),
        ("?!*", "", None, "", "", ""),
    ],
)
def test_the_search_box_is_read_into_parts(
    typed: str, name: str, born: date | None, nhs_number: str, postcode: str, problem: str
) -> None:
    parts = parse_query(typed, today=TODAY)
    assert (parts.name, parts.date_of_birth, parts.nhs_number, parts.postcode, parts.problem) == (
        name,
        born,
        nhs_number,
        postcode,
        problem,
    )


@pytest.mark.parametrize(
    ("typed", "recorded", "score", "reason"),
    [
        (date(2016, 4, 3), date(2016, 4, 3), 1.0, "same date of birth"),
        (date(2016, 4, 3), date(2016, 3, 4), 0.8, "day and month of birth swapped"),
        (date(2016, 4, 3), date(2015, 4, 3), 0.75, "date of birth a year out"),
        (date(2016, 4, 3), date(2016, 4, 8), 0.6, "date of birth one digit different"),
        (date(2016, 4, 3), None, 0.5, "no date of birth recorded"),
        (date(2016, 4, 3), date(2012, 9, 30), 0.0, ""),
        (date(2016, 2, 29), date(2016, 2, 29), 1.0, "same date of birth"),
        (date(2016, 2, 29), date(2015, 2, 28), 0.0, ""),
        (date(2016, 12, 30), date(2016, 12, 30), 1.0, "same date of birth"),
    ],
)
def test_dates_of_birth_are_compared_forgiving_the_usual_mistakes(
    typed: date, recorded: date | None, score: float, reason: str
) -> None:
    assert born_likeness(typed, recorded) == Likeness(score, reason)
    assert dates_near(typed)[0] == typed


def test_the_name_is_read_every_likely_way() -> None:
    assert [(g.first, g.last, g.how) for g in name_guesses("John Smith")] == [
        ("john", "smith", "typed"),
        ("smith", "john", "swapped"),
        ("", "johnsmith", "surname"),
    ]
    assert [(g.first, g.last, g.how) for g in name_guesses("Smith, John")][0] == (
        "john",
        "smith",
        "typed",
    )
    assert [(g.first, g.last, g.how) for g in name_guesses("Anna Smith-Jones")] == [
        ("anna", "smithjones", "typed"),
        ("smithjones", "anna", "swapped"),
        ("", "annasmithjones", "surname"),
        ("anna", "smith", "part"),
        ("anna", "jones", "part"),
    ]
    assert [(g.first, g.last, g.how) for g in name_guesses("Hart")] == [
        ("", "hart", "last"),
        ("hart", "", "first"),
    ]


# --- bad input on the search page ---------------------------------------------------------


@pytest.fixture
def csw_client(client: Any) -> Any:
    client.force_login(make_user(Role.CSW))
    return client


NOTHING = "Enter a name, date of birth, NHS number or postcode to search for"
BAD_NHS = "Enter a valid NHS number: the last digit does not match the others"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("search", "problems"),
    [
        ({"query": ""}, [("#id_query", NOTHING)]),
        ({"query": "   "}, [("#id_query", NOTHING)]),
        ({"query": "?!.,-'"}, [("#id_query", "Enter letters or numbers to search for")]),
        ({"query": "a" * 300}, [("#id_query", "Name must be 100 characters or fewer")]),
        ({"query": "Amelia " * 40}, [("#id_query", "Name must be 100 characters or fewer")]),
        ({"name": "b" * 300}, [("#id_name", "Name must be 100 characters or fewer")]),
        ({"query": "999 000 0019"}, [("#id_query", BAD_NHS)]),
        ({"nhs_number": "999 000 0019"}, [("#id_nhs_number", BAD_NHS)]),
        (
            {"nhs_number": "12345"},
            [("#id_nhs_number", "NHS number must be 10 digits, like 999 000 0018")],
        ),
        (
            {"query": "Hart 31/2/2016"},
            [("#id_query", "Date of birth must be a real date, like 27/3/2015")],
        ),
        ({"postcode": "NR2"}, [("#id_postcode", "Enter a full postcode, like NR2 1AA")]),
        (
            {"query": "Hart", "age_from": "9", "age_to": "5"},
            [("#id_age_to", "Age to must be the same as or more than age from")],
        ),
        (
            {"query": "Hart", "age_from": "old"},
            [("#id_age_from", "Age from must be a whole number, like 7")],
        ),
        ({"query": "Hart", "age_to": "200"}, [("#id_age_to", "Age to must be 120 or less")]),
        ({"address": "1 Elm Row"}, [("#id_query", NOTHING)]),
        (
            {"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "2016"},
            [("#id_date_of_birth_day", "Date of birth must be a real date")],
        ),
    ],
)
def test_bad_input_gets_a_clear_message_not_an_error_page(
    csw_client: Any, search: dict[str, str], problems: list[tuple[str, str]]
) -> None:
    response = csw_client.get("/people/", search)
    assert response.status_code == 200
    body = response.content.decode()
    assert error_summary(body) == problems
    assert 'id="search-results"' not in body


@pytest.mark.django_db
def test_the_search_page_shows_matches_with_reasons_and_la_id(csw_client: Any) -> None:
    csw = make_user(Role.CSW)
    amelia = person_create(
        actor=csw, first_name="Amelia", last_name="Hart", date_of_birth=date(2015, 3, 27)
    )
    response = csw_client.get("/people/", {"query": "Amelia Hartt 27/3/2015"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="/people/{amelia.pk}/">Amelia Hart</a>' in body
    assert amelia.la_child_id in body
    assert "Same first name, surname sounds alike, same date of birth" in body
    assert '<details class="govuk-details">' in body  # more options closed


@pytest.mark.django_db
def test_more_search_options_open_when_one_is_used(csw_client: Any) -> None:
    body = csw_client.get("/people/", {"query": "", "postcode": "NR2 1AA"}).content.decode()
    assert '<details class="govuk-details" open>' in body


# --- the index ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_reindex_rebuilds_every_key_from_names_and_skips_merged_people() -> None:
    csw = make_user(Role.CSW)
    indexed = person_create(
        actor=csw, first_name="Anna", last_name="Smith-Jones", date_of_birth=date(2017, 1, 20)
    )
    person_name_add(
        actor=csw, person_id=indexed.pk, kind="alias", first_name="Anna", last_name="Lee"
    )
    # Loaded in bulk: no names recorded, no keys.
    loaded = Person.objects.create(
        first_name="Zara", last_name="Quinn", date_of_birth=date(2016, 6, 6)
    )
    merged = PersonFactory(first_name="Old", last_name="Record", merged_into=loaded)
    assert people_matching(date_of_birth=date(2016, 6, 6)) == []  # not in the index yet
    PersonSearchKey.objects.filter(person=indexed).update(born=None)  # stale
    out = StringIO()
    call_command("people_reindex", "--batch", "1", stdout=out)
    # Anna: Smith-Jones, Smith, Jones and Lee; Zara: Quinn (from the person record itself).
    assert out.getvalue().strip() == "Indexed 2 people: 5 search keys"
    assert sorted(
        PersonSearchKey.objects.filter(person=indexed).values_list("last_key", "born")
    ) == [
        ("jones", date(2017, 1, 20)),
        ("lee", date(2017, 1, 20)),
        ("smith", date(2017, 1, 20)),
        ("smithjones", date(2017, 1, 20)),
    ]
    assert not PersonSearchKey.objects.filter(person=merged).exists()
    # Now found by date of birth alone, which only the index serves.
    assert [m.person for m in people_matching(date_of_birth=date(2016, 6, 6))] == [loaded]


@pytest.mark.django_db
def test_surnames_have_a_trigram_index_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm is for PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'key_last_key_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin (last_key gin_trgm_ops)" in definition


def test_valid_nhs_numbers_in_these_tests() -> None:
    assert nhs_number_is_valid(SOPHIE_NHS) and nhs_number_is_valid(RUBY_NHS)
