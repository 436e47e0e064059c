"""The search page: bad input gets a clear message, not an error page; matches are shown with
their reasons and LA child ID; more search options open when one is used."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import error_summary, make_user
from frontdoor.people.services import person_create


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
