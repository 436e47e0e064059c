"""A request the database cannot answer gets the "try again" page, with what was sent."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import make_user

pytestmark = pytest.mark.django_db

# A new child as the form sends one (the page's field names; shared with test_logs.py).
NEW_CHILD = {"kind": "child", "first_name": "Zed", "last_name": "Cole", "date_of_birth_day": "1",
             "date_of_birth_month": "3", "date_of_birth_year": "2015", "sex": "M",
             "ethnicity": "NOBT"}  # fmt: skip


@pytest.fixture
def unavailable(monkeypatch: Any) -> None:
    """Adding a person fails as a database call does while PostgreSQL restarts."""

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr("frontdoor.people.services.person_create", refused)


def test_a_post_caught_by_a_restart_keeps_what_was_typed(unavailable: None) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(make_user(Role.CSW))
    page = client.post(
        "/people/new/",
        NEW_CHILD | {"address": "1 Long Lane\nNorwich", "once": "abcdefghijklmnopqrstuvwx"},
    )
    html = page.content.decode()
    assert page.status_code == 503
    assert page["Retry-After"] == "5"
    assert "Nothing you typed has been lost" in html
    assert '<form method="post" action="/people/new/"' in html
    assert '<input type="hidden" name="first_name" value="Zed">' in html
    assert '<input type="hidden" name="once" value="abcdefghijklmnopqrstuvwx">' in html
    assert "1 Long Lane\nNorwich</dd>" in html  # shown as typed, line break and all


def test_any_other_error_is_the_problem_page(monkeypatch: Any) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("a bug")

    monkeypatch.setattr("frontdoor.people.services.person_create", broken)
    client = Client(raise_request_exception=False)
    client.force_login(make_user(Role.CSW))
    page = client.post("/people/new/", NEW_CHILD)
    assert page.status_code == 500
    assert "Sorry, there is a problem with the service" in page.content.decode()


def test_a_bad_request_is_a_govuk_page() -> None:
    client = Client()
    client.force_login(make_user(Role.CSW))
    page = client.get("/", HTTP_HOST="not-a-host-we-serve.example")  # DisallowedHost: a 400
    assert page.status_code == 400
    assert "Sorry, that could not be done" in page.content.decode()
