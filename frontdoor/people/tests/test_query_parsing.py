"""The pure half of person search, no database: the search box read into parts, a typed name
read every likely way, and a date of birth typed compared with the one recorded."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.people.birth_dates import dates_near, dates_one_digit_out
from frontdoor.people.matching import Likeness, born_likeness
from frontdoor.people.name_guesses import name_guesses
from frontdoor.people.query_parsing import parse_query
from frontdoor.people.tests.search_people import TODAY


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
        (date(2016, 4, 3), None, 0.3, "no date of birth recorded"),
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
    # An initial and a surname are not one surname.
    assert [(g.first, g.last, g.how) for g in name_guesses("D Nicholls")] == [
        ("d", "nicholls", "typed"),
        ("nicholls", "d", "swapped"),
    ]


def test_the_dates_one_digit_out_are_real_and_within_a_century() -> None:
    near = dates_one_digit_out(date(2016, 8, 14))
    # Counted by hand, digit by digit of 20160814: the first two digits of the year only
    # give years a century or more away; the third 2006, 2026 ... 2096 (9); the fourth
    # 2010 ... 2019 (9); the month's first 18, 28 ... (none real); its second January to
    # September but August (8); the day's first 04 and 24 (2); its second 10 ... 19 (9).
    assert len(near) == 9 + 9 + 8 + 2 + 9
    assert {date(2016, 8, 24), date(2016, 9, 14), date(2018, 8, 14), date(2096, 8, 14)} <= set(near)
    assert date(2016, 8, 14) not in near and date(1016, 8, 14) not in near
