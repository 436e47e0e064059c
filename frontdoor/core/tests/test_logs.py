"""Structured logs: a JSON line for each request, with its id and nothing about anyone; the id
on the response and on the error page; a database error's quoted values left out."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import make_user

from .test_unavailable import NEW_CHILD

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged() -> Iterator[io.StringIO]:
    """What the service writes to standard error, through the settings' own formatter."""
    (console,) = (h for h in logging.getLogger().handlers if h.get_name() == "console")
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(console.formatter)
    root = logging.getLogger()
    root.addHandler(handler)
    yield buffer
    root.removeHandler(handler)


def lines(buffer: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_a_search_is_logged_by_its_route_not_the_name_searched(logged: io.StringIO) -> None:
    worker = make_user(Role.CSW)
    client = Client()
    client.force_login(worker)
    response = client.get("/people/", {"q": "Zebedee Quartermaine"})
    (line,) = [line for line in lines(logged) if line["event"] == "request"]
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["route"] == "people/"
    assert line["view"] == "people:search"
    assert line["method"] == "GET"
    assert line["status"] == 200
    assert line["user"] == worker.pk
    assert line["level"] == "info"
    assert "Zebedee" not in logged.getvalue()
    assert "Quartermaine" not in logged.getvalue()


def test_a_request_id_from_the_proxy_is_kept_and_a_strange_one_replaced() -> None:
    client = Client()
    kept = client.get("/accounts/login/", HTTP_X_REQUEST_ID="lb-7f3a9c21-0001")
    assert kept["X-Request-ID"] == "lb-7f3a9c21-0001"
    replaced = client.get("/accounts/login/", HTTP_X_REQUEST_ID='"><script>')
    assert replaced["X-Request-ID"] != '"><script>'
    assert len(replaced["X-Request-ID"]) == 32


def test_an_error_page_gives_the_reference_its_log_lines_carry(
    logged: io.StringIO, monkeypatch: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError(
            'duplicate key value violates unique constraint "nhs"\n'
            "DETAIL:  Key (nhs_number)=(9434765919) already exists."
        )

    monkeypatch.setattr("frontdoor.people.services.person_create", broken)
    client = Client(raise_request_exception=False)
    client.force_login(make_user(Role.CSW))
    page = client.post("/people/new/", NEW_CHILD)
    reference = page["X-Request-ID"]
    assert page.status_code == 500
    assert f'<code class="app-reference">{reference}</code>' in page.content.decode()
    error, request = (line for line in lines(logged) if line["level"] == "error")
    assert error["request_id"] == request["request_id"] == reference
    assert "ValueError: duplicate key value" in error["exception"]
    assert (request["event"], request["status"]) == ("request", 500)
    assert "9434765919" not in logged.getvalue()
    assert "Zed" not in logged.getvalue()
