"""Person search, the person page and adding a person, through the test client."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    PersonFactory,
    error_summary,
    input_value,
    make_user,
)
from frontdoor.core.models import AuditEvent
from frontdoor.people.models import Person

pytestmark = pytest.mark.django_db

NEW_PERSON = {
    "kind": "child",
    "first_name": "Amelia",
    "last_name": "Hart",
    "date_of_birth_day": "27",
    "date_of_birth_month": "3",
    "date_of_birth_year": "2015",
    "sex": "F",
    "ethnicity": "NOBT",
    "nhs_number": "",
    "address": "1 Elm Row, Norwich",
    "postcode": "NR2 1AA",
}


@pytest.fixture
def csw_client(client):
    client.force_login(make_user(Role.CSW))
    return client


def test_signed_out_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/people/"


def test_search_by_name_lists_matches_with_links(csw_client) -> None:
    amelia = PersonFactory(first_name="Amelia", last_name="Hart")
    PersonFactory(first_name="Cara", last_name="Jones")
    response = csw_client.get("/people/", {"name": "amelia"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="/people/{amelia.pk}/">Amelia Hart</a>' in body
    assert "Cara Jones" not in body
    assert "1 found" in body


def test_empty_search_asks_for_something_to_search_for(csw_client) -> None:
    response = csw_client.get("/people/", {"name": ""})
    body = response.content.decode()
    assert error_summary(body) == [
        ("#id_query", "Enter a name, date of birth, NHS number or postcode to search for")
    ]


def test_person_page_is_shown_and_the_view_audited(csw_client) -> None:
    person = PersonFactory(first_name="Amelia", last_name="Hart", nhs_number="9990000018")
    contact = ContactFactory(child__person=person, concern_summary="Left alone overnight.")
    response = csw_client.get(f"/people/{person.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "999 000 0018" in body
    assert f'href="/contacts/{contact.pk}/"' in body and "Left alone overnight." in body
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id) == (
        "view",
        "people.person",
        str(person.pk),
    )
    assert event.actor == response.wsgi_request.user


def test_mash_partner_cannot_open_a_person_or_search(client) -> None:
    person = PersonFactory()
    client.force_login(make_user(Role.MASH_PARTNER))
    assert client.get(f"/people/{person.pk}/").status_code == 403
    assert client.get("/people/", {"name": "child"}).status_code == 403
    # Neither the search nor the record ran; both refusals are audited, the record's with
    # the person.
    assert list(AuditEvent.objects.order_by("id").values_list("action", "person_id")) == [
        ("refused", person.pk),
        ("refused", None),
    ]


def test_missing_person_is_404(csw_client) -> None:
    assert csw_client.get("/people/999999/").status_code == 404


def test_adding_a_person_redirects_to_their_page(csw_client) -> None:
    response = csw_client.post("/people/new/", NEW_PERSON)
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"
    assert person.date_of_birth == date(2015, 3, 27)
    assert person.la_child_id == f"FD{person.pk:07d}"


def test_invalid_nhs_number_is_shown_at_the_field_and_typed_text_kept(csw_client) -> None:
    response = csw_client.post("/people/new/", NEW_PERSON | {"nhs_number": "999 000 0019"})
    body = response.content.decode()
    assert response.status_code == 200
    message = "Enter a valid NHS number: the last digit does not match the others"
    assert error_summary(body) == [("#id_nhs_number", message)]
    assert 'id="id_nhs_number-error" class="govuk-error-message">' in body
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}</p>' in body
    assert input_value(body, "nhs_number") == "999 000 0019"
    assert input_value(body, "first_name") == "Amelia"
    assert input_value(body, "address") == "1 Elm Row, Norwich"
    assert not Person.objects.exists()


def test_date_of_birth_in_the_future_is_shown_at_the_day_box(csw_client) -> None:
    response = csw_client.post("/people/new/", NEW_PERSON | {"date_of_birth_year": "2099"})
    body = response.content.decode()
    assert error_summary(body) == [("#id_date_of_birth_day", "Date must be today or in the past")]
    assert input_value(body, "date_of_birth_year") == "2099"
    assert input_value(body, "first_name") == "Amelia"
    assert not Person.objects.exists()


def test_duplicate_nhs_number_from_the_service_is_shown_at_the_field(csw_client) -> None:
    PersonFactory(nhs_number="9990000018")
    response = csw_client.post("/people/new/", NEW_PERSON | {"nhs_number": "9990000018"})
    body = response.content.decode()
    assert error_summary(body) == [
        (
            "#id_nhs_number",
            "A person with this NHS number is already recorded: search for them instead",
        )
    ]
    assert Person.objects.count() == 1
