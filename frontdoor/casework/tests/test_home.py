"""The home page for roles without a work tray of their own: a partner agency goes straight
to the checks asked of it; a system administrator and a performance analyst see the pages
their role opens."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.accounts.models import Agency, Role
from frontdoor.accounts.tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_partner_agency_starts_at_its_checks(client: Any) -> None:
    client.force_login(make_user(Role.MASH_PARTNER, agency=Agency.POLICE))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/safeguarding/checks/"
    assert "Police" in client.get(response["Location"]).content.decode()


def test_an_administrator_is_shown_their_pages_not_an_empty_tray(client: Any) -> None:
    client.force_login(make_user(Role.SYSTEM_ADMINISTRATOR))
    body = client.get("/").content.decode()
    assert "no work tray" not in body
    pages = body.split('id="your-pages"', 1)[1].split("</ul>", 1)[0]
    assert '<a class="govuk-link" href="/staff/">Staff</a>' in pages
    assert ">Work tray<" not in pages


def test_an_analyst_who_reads_casework_but_holds_none_is_shown_their_pages(client: Any) -> None:
    client.force_login(make_user(Role.PERFORMANCE_ANALYST))
    body = client.get("/").content.decode()
    assert "My casework" not in body
    pages = body.split('id="your-pages"', 1)[1].split("</ul>", 1)[0]
    assert '<a class="govuk-link" href="/insights/">Dashboard</a>' in pages
    assert '<a class="govuk-link" href="/returns/">Statutory returns</a>' in pages
