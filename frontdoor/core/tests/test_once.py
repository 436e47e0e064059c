"""A form that creates a record, sent twice, makes one record (core/once.py)."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import make_user
from frontdoor.contacts.models import Contact
from frontdoor.core.models import SubmittedOnce
from frontdoor.people.models import Person
from frontdoor.people.tests.test_views import NEW_PERSON

pytestmark = pytest.mark.django_db


def token_on(html: str) -> str:
    found = re.search(r'<input type="hidden" name="once" value="([^"]+)">', html)
    assert found, "the form carries no one-time token"
    return found.group(1)


@pytest.fixture
def csw_client(client: Client) -> Client:
    client.force_login(make_user(Role.CSW))
    return client


def test_start_a_contact_pressed_twice_makes_one_draft(csw_client: Client) -> None:
    token = token_on(csw_client.get("/contacts/new/").content.decode())
    first = csw_client.post("/contacts/start/", {"once": token})
    second = csw_client.post("/contacts/start/", {"once": token})
    (draft,) = Contact.objects.all()
    assert first["Location"] == second["Location"] == f"/contacts/{draft.pk}/edit/"
    # A fresh page has a fresh token: a second call is a second contact.
    again = token_on(csw_client.get("/contacts/new/").content.decode())
    assert again != token
    csw_client.post("/contacts/start/", {"once": again})
    assert Contact.objects.count() == 2


def test_add_a_child_sent_twice_makes_one_person(csw_client: Client) -> None:
    token = token_on(csw_client.get("/people/new/").content.decode())
    first = csw_client.post("/people/new/", NEW_PERSON | {"once": token})
    second = csw_client.post("/people/new/", NEW_PERSON | {"once": token})
    (amelia,) = Person.objects.filter(first_name="Amelia")
    assert first["Location"] == second["Location"] == f"/people/{amelia.pk}/"
    assert "This was sent twice" in csw_client.get(second["Location"]).content.decode()


def test_a_form_with_errors_keeps_its_token_unused(csw_client: Client) -> None:
    token = token_on(csw_client.get("/people/new/").content.decode())
    refused = csw_client.post(
        "/people/new/", NEW_PERSON | {"first_name": "", "last_name": "", "once": token}
    )
    assert refused.status_code == 200
    assert token_on(refused.content.decode()) == token
    assert not SubmittedOnce.objects.exists()
    saved = csw_client.post("/people/new/", NEW_PERSON | {"once": token})
    assert saved.status_code == 302
    assert Person.objects.filter(first_name="Amelia").count() == 1


def test_another_users_token_is_not_theirs_to_reuse(csw_client: Client) -> None:
    token = token_on(csw_client.get("/contacts/new/").content.decode())
    csw_client.post("/contacts/start/", {"once": token})
    other = Client()
    other.force_login(make_user(Role.CSW))
    other.post("/contacts/start/", {"once": token})
    # The other user's submission is not shown the first user's draft: it makes its own.
    assert Contact.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent connections: SQLite serialises all writers",
)
def test_two_submissions_at_once_make_one_contact() -> None:
    user = make_user(Role.CSW)
    token = "x" * 32
    start = threading.Barrier(2)
    answers: list[Any] = []

    def submit() -> None:
        client = Client()
        client.force_login(user)
        start.wait()
        answers.append(client.post("/contacts/start/", {"once": token}))
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    (draft,) = Contact.objects.all()
    assert [a["Location"] for a in answers] == [f"/contacts/{draft.pk}/edit/"] * 2


# --- appends on a child's work: a review, a visit, a risk review ------------------------------


@pytest.fixture
def world(monkeypatch: Any) -> Any:
    from .permission_world import build_world

    return build_world(monkeypatch)


def test_a_plan_review_sent_twice_is_recorded_once(world: Any) -> None:
    from frontdoor.casework.models import PlanReview

    client = Client()
    client.force_login(world.users["nr_worker"])
    url = f"/casework/referrals/{world.ids['ben_referral']}/plans/{world.ids['cin_plan']}/review/"
    token = token_on(client.get(url).content.decode())
    review = {"once": token, "reviewed_on_day": "1", "reviewed_on_month": "12",
              "reviewed_on_year": "2026",
              "note": "Plan working; school attendance up."}  # fmt: skip
    first, second = client.post(url, review), client.post(url, review)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert PlanReview.objects.filter(note="Plan working; school attendance up.").count() == 1


def test_a_child_protection_visit_sent_twice_is_recorded_once(world: Any) -> None:
    from frontdoor.safeguarding.models import CpVisit

    client = Client()
    client.force_login(world.users["nr_worker"])
    url = f"/safeguarding/plans/{world.ids['cp_plan']}/"
    before = CpVisit.objects.count()
    token = token_on(client.get(url).content.decode())
    visit = {"once": token, "action": "visit", "visit-child_seen": "yes",
             "visit-seen_alone": "yes", "visit-visited_on_day": "1",
             "visit-visited_on_month": "12", "visit-visited_on_year": "2026"}  # fmt: skip
    first, second = client.post(url, visit), client.post(url, visit)
    assert first.status_code == second.status_code == 302
    assert CpVisit.objects.count() == before + 1
    assert "This was sent twice" in client.get(second["Location"]).content.decode()


def test_a_new_address_sent_twice_is_recorded_once(world: Any) -> None:
    from frontdoor.people.models import Address

    client = Client()
    client.force_login(world.users["nr_worker"])
    url = f"/people/{world.ids['ava']}/move/"
    token = token_on(client.get(url).content.decode())
    move = {"once": token, "address": "4 Elm Row, Norwich", "postcode": "NR2 4AB",
            "moved_in_day": "1", "moved_in_month": "12", "moved_in_year": "2026"}  # fmt: skip
    first, second = client.post(url, move), client.post(url, move)
    assert first.status_code == second.status_code == 302
    assert Address.objects.filter(address="4 Elm Row, Norwich").count() == 1
