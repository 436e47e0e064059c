"""Brothers and sisters at intake: a child added as new is linked to the children already on
the contact that the worker leaves ticked, and a child's recorded brothers and sisters are added
to the contact with one click. JavaScript off, through Django's test client."""

from __future__ import annotations

import pytest

from frontdoor.accounts.tests.factories import PersonFactory, checked_values, error_summary
from frontdoor.contacts import services
from frontdoor.contacts.models import Contact
from frontdoor.contacts.tests.pages import NEW_CHILD, edit_url, screen
from frontdoor.core.errors import DomainError
from frontdoor.core.models import AuditEvent
from frontdoor.people import services as people_services
from frontdoor.people.models import Person, Relationship

pytestmark = pytest.mark.django_db

BEN = NEW_CHILD | {
    "child-first_name": "Ben",
    "child-date_of_birth_day": "4",
    "child-date_of_birth_month": "9",
    "child-date_of_birth_year": "2018",
    "child-sex": "M",
    "child-nhs_number": "",
}


@pytest.fixture
def ruby(draft: Contact) -> Person:
    ruby = PersonFactory(first_name="Ruby", last_name="Hart")
    services.contact_child_add(actor=draft.csw, contact_id=draft.pk, person=ruby)
    return ruby


def siblings_of(person: Person) -> set[str]:
    rows = Relationship.objects.filter(kind=Relationship.Kind.SIBLING)
    return {
        (row.relative if row.person == person else row.person).full_name
        for row in rows
        if person in (row.person, row.relative)
    }


def test_the_children_on_the_contact_are_ticked_as_brothers_and_sisters(
    signed_in, draft, ruby
) -> None:
    body = signed_in.get(edit_url(draft)).content.decode()
    assert "Brother or sister of" in body
    assert checked_values(body, "child-siblings") == [str(ruby.pk)]


def test_a_new_child_left_ticked_is_recorded_as_their_sibling(signed_in, draft, ruby) -> None:
    data = screen(draft, "create_child", **BEN) | {"child-siblings": [str(ruby.pk)]}
    response = signed_in.post(edit_url(draft), data)
    assert error_summary(response.content.decode()) == []
    ben = Person.objects.get(first_name="Ben")
    assert set(draft.children.all()) == {ruby, ben}
    assert siblings_of(ben) == {"Ruby Hart"}
    assert AuditEvent.objects.filter(action="relationship.add").count() == 1


def test_a_new_child_unticked_is_not_linked(signed_in, draft, ruby) -> None:
    signed_in.post(edit_url(draft), screen(draft, "create_child", **BEN))
    ben = Person.objects.get(first_name="Ben")
    assert set(draft.children.all()) == {ruby, ben}
    assert siblings_of(ben) == set()


def test_a_sibling_who_is_not_on_the_contact_is_refused_and_nobody_is_added(draft, ruby) -> None:
    stranger = PersonFactory(first_name="Kai", last_name="Moss")
    with pytest.raises(DomainError, match="from the children on this contact"):
        services.contact_child_create(
            actor=draft.csw,
            contact_id=draft.pk,
            sibling_ids=[stranger.pk],
            first_name="Ben",
            last_name="Hart",
        )
    assert not Person.objects.filter(first_name="Ben").exists()
    assert list(draft.children.all()) == [ruby]


def test_a_recorded_sibling_is_added_with_one_click(signed_in, draft, ruby) -> None:
    lily = PersonFactory(first_name="Lily", last_name="Hart")
    people_services.relationship_add(
        actor=draft.csw, person_id=lily.pk, relative_id=ruby.pk, kind="sibling"
    )
    body = signed_in.get(edit_url(draft)).content.decode()
    assert f'value="add:{lily.pk}"' in body
    assert "Add Lily Hart" in body

    signed_in.post(edit_url(draft), screen(draft, f"add:{lily.pk}"))

    assert set(draft.children.all()) == {ruby, lily}
    body = signed_in.get(edit_url(draft)).content.decode()
    assert "Add Lily Hart" not in body  # on the contact now


def test_a_sibling_recorded_the_other_way_round_is_already_recorded(draft, ruby) -> None:
    lily = PersonFactory(first_name="Lily", last_name="Hart")
    people_services.relationship_add(
        actor=draft.csw, person_id=lily.pk, relative_id=ruby.pk, kind="sibling"
    )
    with pytest.raises(DomainError, match="already recorded"):
        people_services.relationship_add(
            actor=draft.csw, person_id=ruby.pk, relative_id=lily.pk, kind="sibling"
        )


def test_a_child_cannot_be_their_own_sibling(draft, ruby) -> None:
    with pytest.raises(DomainError) as error:
        people_services.relationship_add(
            actor=draft.csw, person_id=ruby.pk, relative_id=ruby.pk, kind="sibling"
        )
    assert (error.value.field, error.value.message) == (
        "relative",
        "A person cannot be related to themselves",
    )
