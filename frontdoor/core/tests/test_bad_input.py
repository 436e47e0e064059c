"""The inputs a probe answered with HTTP 500, each now a clear refusal: a form error at the
field, or a 404 for an id that is not one. Numbers and dates are parsed in core/parsing.py."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from frontdoor.core.parsing import make_date, parse_id, parse_ids
from frontdoor.people.models import Person

from .permission_world import World, build_world

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.fixture
def world(monkeypatch: Any) -> World:
    return build_world(monkeypatch)


def as_(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_ids_are_ascii_digits_of_a_sane_length() -> None:
    assert [parse_id(v) for v in ("12", " 7 ", "²", "٣", "-1", "1e3", "", None, HUGE)] == [
        12, 7, None, None, None, None, None, None, None,
    ]  # fmt: skip
    assert parse_ids(["3", "x", "3", "²", "4"]) == [3, 4]


def test_dates_are_real_dates_of_ascii_digits() -> None:
    assert make_date("2015", "3", "27") == date(2015, 3, 27)
    impossible = [("2015", "2", "30"), ("2015", "3", HUGE), ("2015", "²", "1"), ("20155", "1", "1")]
    assert [make_date(*parts) for parts in impossible] == [None] * 4


def test_a_huge_day_in_a_date_is_a_field_error(world: World) -> None:
    page = as_(world, "analyst").get(
        "/returns/", {"as_at_day": HUGE, "as_at_month": "1", "as_at_year": "2027"}
    )
    assert page.status_code == 200
    assert "must be a real date" in page.content.decode()
    created = as_(world, "csw").post(
        "/people/new/",
        {"kind": "child", "first_name": "Zed", "last_name": "Cole", "date_of_birth_day": HUGE,
         "date_of_birth_month": "3", "date_of_birth_year": "2015", "sex": "M", "ethnicity": "NOBT"},
    )  # fmt: skip
    assert created.status_code == 200
    assert "Date of birth must be a real date" in created.content.decode()
    assert not Person.objects.filter(first_name="Zed").exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_change_date_at_the_ends_of_the_calendar_is_a_field_error(world: World, day: str) -> None:
    page = as_(world, "hos").get("/insights/review/", {"change_date": day})
    assert page.status_code == 200
    assert "must be between 1 January 1900 and 31 December 2100" in page.content.decode()


def test_superscript_and_other_scripts_digits_are_not_ids(world: World) -> None:
    ids = world.ids
    csw, advisor = as_(world, "csw"), as_(world, "advisor")
    for value in ("²", "٣", HUGE):
        chase = csw.post(
            f"/safeguarding/mash/{ids['enquiry']}/", {"action": "chase", "check": value}
        )
        assert chase.status_code == 404
        assert (
            advisor.post("/casework/early-help/", {"action": "take", "episode": value}).status_code
            == 404
        )
        assert csw.get("/safeguarding/strategy/new/", {"enquiry": value}).status_code == 404
        edit = csw.post(f"/contacts/{ids['contact']}/edit/", {"action": f"add:{value}"})
        assert edit.status_code in (200, 302)  # not an add: the page as it was


def test_an_nhs_number_of_superscript_digits_is_a_field_error(world: World) -> None:
    created = as_(world, "csw").post(
        "/people/new/",
        {"kind": "child", "first_name": "Zed", "last_name": "Cole", "date_of_birth_day": "1",
         "date_of_birth_month": "3", "date_of_birth_year": "2015", "sex": "M", "ethnicity": "NOBT",
         "nhs_number": "²" * 10},
    )  # fmt: skip
    assert created.status_code == 200
    assert "NHS number must be 10 digits" in created.content.decode()


# --- found by the fuzz (test_fuzz.py) ----------------------------------------------------------


def test_a_record_id_too_long_for_the_database_is_no_page(world: World) -> None:
    # SQLite's integers stop at 19 digits: a 20-digit id in a URL overflowed (a 500)
    assert as_(world, "csw").get(f"/contacts/{HUGE}/").status_code == 404
    assert as_(world, "nr_manager").get(f"/casework/referrals/{HUGE}/allocate/").status_code == 404


def test_a_nul_character_is_dropped_and_the_rest_kept(world: World) -> None:
    # PostgreSQL cannot store a NUL: a search or a form holding one was a 500 there
    assert as_(world, "admin").get("/staff/", {"q": "cs\x00w"}).status_code == 200
    created = as_(world, "csw").post(
        "/people/new/",
        {"kind": "child", "first_name": "Ze\x00d", "last_name": "Cole\x00",
         "date_of_birth_day": "1", "date_of_birth_month": "3", "date_of_birth_year": "2015",
         "sex": "M", "ethnicity": "NOBT"},
    )  # fmt: skip
    assert created.status_code == 302
    assert Person.objects.filter(first_name="Zed", last_name="Cole").count() == 1


def test_a_username_longer_than_any_is_a_wrong_sign_in() -> None:
    # Django checks the length only in the browser; django-axes' record could not hold it
    page = Client().post("/accounts/login/", {"username": "A" * 10_001, "password": "x"})
    assert page.status_code == 200
    assert "Enter a correct username and password" in page.content.decode()
