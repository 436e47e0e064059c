"""The person search box in the header, on every page for those who may find people."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.accounts.models import Agency, Role
from frontdoor.accounts.tests.factories import PersonFactory, make_user

pytestmark = pytest.mark.django_db

BOX = 'id="header-search"'


def test_a_worker_searches_from_the_header_of_any_page(client: Any) -> None:
    PersonFactory(first_name="Darcy", last_name="Nicholls")
    client.force_login(make_user(Role.CSW))
    for page in ("/", "/casework/unallocated/"):
        body = client.get(page).content.decode()
        assert BOX in body
        assert 'action="/people/"' in body and 'name="query"' in body
    results = client.get("/people/", {"query": "Darcy Nicholls"}).content.decode()
    assert "Darcy Nicholls" in results.split('id="main-content"', 1)[1]


def test_no_box_for_those_who_may_not_find_people(client: Any) -> None:
    client.force_login(make_user(Role.MASH_PARTNER, agency=Agency.HEALTH))
    assert BOX not in client.get("/safeguarding/checks/").content.decode()
    client.logout()
    assert BOX not in client.get("/accounts/login/").content.decode()
