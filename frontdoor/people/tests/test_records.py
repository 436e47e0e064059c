"""Keeping a person's record: details, other names, moves, relationships, household."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    PersonFactory,
    audit_since_now,
    error_summary,
    give_case_access,
    input_value,
    london,
    make_user,
)
from frontdoor.core.errors import DomainError
from frontdoor.core.models import AuditEvent
from frontdoor.people import services
from frontdoor.people.family import (
    household_of,
    households_of_each,
    relatives_of,
    siblings_of_each,
)
from frontdoor.people.involvement import (
    Involvement,
    open_involvements,
    register_involvement_provider,
    unregister_involvement_provider,
)
from frontdoor.people.models import Address, PersonName, PersonSearchKey, Relationship

pytestmark = pytest.mark.django_db


@pytest.fixture
def csw():  # type: ignore[no-untyped-def]
    return make_user(Role.CSW)


def make(csw, first: str, last: str, **fields):  # type: ignore[no-untyped-def]
    return services.person_create(actor=csw, first_name=first, last_name=last, **fields)


def test_a_new_person_has_a_current_name_an_address_and_search_keys(csw) -> None:
    person = make(csw, "Mia", "Smith-Jones", address="4 Mill Lane, Norwich", postcode="nr2 1aa")
    assert list(person.names.values_list("kind", "first_name", "last_name")) == [
        ("current", "Mia", "Smith-Jones")
    ]
    assert list(person.addresses.values_list("address", "postcode", "moved_out")) == [
        ("4 Mill Lane, Norwich", "NR2 1AA", None)
    ]
    # one key for the whole surname and one for each part
    assert sorted(
        PersonSearchKey.objects.filter(person=person).values_list("last_key", flat=True)
    ) == [
        "jones",
        "smith",
        "smithjones",
    ]


def test_a_change_of_name_keeps_the_old_name_as_previous_and_reindexes(csw) -> None:
    person = make(csw, "Mia", "Smith")
    services.person_update(actor=csw, person_id=person.pk, last_name="Jones")
    names = set(person.names.values_list("kind", "last_name"))
    assert names == {("current", "Jones"), ("previous", "Smith")}
    assert set(
        PersonSearchKey.objects.filter(person=person).values_list("last_key", flat=True)
    ) == {
        "jones",
        "smith",
    }
    event = AuditEvent.objects.filter(action="person.update").get()
    assert event.changes == {"last_name": ["Smith", "Jones"]}


def test_an_invalid_upn_is_refused_at_its_field(csw) -> None:
    person = make(csw, "Mia", "Smith")
    with pytest.raises(DomainError) as error:
        services.person_update(actor=csw, person_id=person.pk, upn="B123456789012")
    assert error.value.field == "upn"
    assert "valid unique pupil number" in error.value.message
    person.refresh_from_db()
    assert person.upn == ""


def test_a_valid_upn_is_kept(csw) -> None:
    person = make(csw, "Mia", "Smith")
    # check letter worked out by hand: weights 2..13 on 123456789012 sum to 368 = 16 x 23
    services.person_update(actor=csw, person_id=person.pk, upn="a123456789012")
    person.refresh_from_db()
    assert person.upn == "A123456789012"


def test_a_move_keeps_the_old_address_in_the_history(csw) -> None:
    person = make(csw, "Mia", "Smith", address="1 Old Road, Norwich", postcode="NR1 1AA")
    services.person_move(
        actor=csw,
        person_id=person.pk,
        address="9 New Street, Cromer",
        postcode="nr27 9ab",
        moved_in=date(2026, 5, 1),
    )
    person.refresh_from_db()
    assert (person.address, person.postcode) == ("9 New Street, Cromer", "NR27 9AB")
    history = list(
        Address.objects.filter(person=person)
        .order_by("id")
        .values_list("address", "moved_in", "moved_out")
    )
    assert history == [
        ("1 Old Road, Norwich", None, date(2026, 5, 1)),
        ("9 New Street, Cromer", date(2026, 5, 1), None),
    ]


def test_an_alias_is_searchable_and_a_second_current_name_is_refused(csw) -> None:
    person = make(csw, "Mia", "Smith")
    services.person_name_add(
        actor=csw, person_id=person.pk, kind="alias", first_name="Mimi", last_name="Brown"
    )
    assert PersonSearchKey.objects.filter(person=person, last_key="brown").exists()
    with pytest.raises(DomainError):
        services.person_name_add(
            actor=csw, person_id=person.pk, kind="current", first_name="A", last_name="B"
        )
    assert person.names.filter(kind=PersonName.Kind.CURRENT).count() == 1


def test_relationships_read_both_ways(csw) -> None:
    mother = make(csw, "Sylvia", "Short", kind="adult")
    child = make(csw, "Abigail", "Short")
    brother = make(csw, "Ben", "Short")
    services.relationship_add(
        actor=csw,
        person_id=mother.pk,
        relative_id=child.pk,
        kind="parent",
        parental_responsibility=True,
    )
    services.relationship_add(actor=csw, person_id=brother.pk, relative_id=child.pk, kind="sibling")

    from_child = {(r.person.first_name, r.label) for r in relatives_of(child)}
    assert from_child == {("Sylvia", "Parent with parental responsibility"), ("Ben", "Sibling")}
    from_mother = {(r.person.first_name, r.label) for r in relatives_of(mother)}
    assert from_mother == {("Abigail", "Child")}
    assert {p.first_name for p in siblings_of_each([child.pk])[child.pk]} == {"Ben"}
    assert {p.first_name for p in siblings_of_each([brother.pk])[brother.pk]} == {"Abigail"}


def test_relationship_refusals(csw) -> None:
    child = make(csw, "Abigail", "Short")
    sister = make(csw, "Ava", "Short")
    with pytest.raises(DomainError, match="cannot be related to themselves"):
        services.relationship_add(
            actor=csw, person_id=child.pk, relative_id=child.pk, kind="sibling"
        )
    with pytest.raises(DomainError, match="Only a parent"):
        services.relationship_add(
            actor=csw,
            person_id=sister.pk,
            relative_id=child.pk,
            kind="sibling",
            parental_responsibility=True,
        )
    services.relationship_add(actor=csw, person_id=sister.pk, relative_id=child.pk, kind="sibling")
    with pytest.raises(DomainError, match="already recorded"):
        services.relationship_add(
            actor=csw, person_id=sister.pk, relative_id=child.pk, kind="sibling"
        )
    assert Relationship.objects.count() == 1


def test_household_is_everyone_at_the_same_address(csw) -> None:
    child = make(csw, "Abigail", "Short", address="4 Mill Lane, Norwich", postcode="NR2 1AA")
    lodger = make(
        csw, "Dan", "Reed", kind="adult", address="4, Mill Lane Norwich", postcode="nr21aa"
    )
    make(csw, "Next", "Door", address="6 Mill Lane, Norwich", postcode="NR2 1AA")
    assert household_of(child) == [lodger]
    assert households_of_each([child, lodger]) == {child.pk: [lodger], lodger.pk: [child]}


def test_a_contact_awaiting_decision_is_open_involvement() -> None:
    contact = ContactFactory()
    child = contact.contact_children.get().person
    found = open_involvements([child.pk])[child.pk]  # contacts registers itself at start-up
    assert [item.label for item in found] == [f"Contact {contact.reference} awaiting decision"]
    assert found[0].worker == str(contact.csw)


def test_an_app_plugs_in_its_own_involvement() -> None:
    child = PersonFactory()

    def plans(person_ids: list[int]) -> list[Involvement]:
        return [
            Involvement(pk, "Child in need plan", london(2026, 1, 5), "Ben Oduya")
            for pk in person_ids
        ]

    register_involvement_provider(plans)
    try:
        found = open_involvements([child.pk])[child.pk]
    finally:
        unregister_involvement_provider(plans)
    assert [(i.label, i.worker) for i in found] == [("Child in need plan", "Ben Oduya")]
    assert open_involvements([child.pk]) == {}


def test_the_record_page_shows_family_and_is_audited(client, csw) -> None:
    mother = make(csw, "Sylvia", "Short", kind="adult")
    child = make(csw, "Abigail", "Short")
    services.relationship_add(actor=csw, person_id=mother.pk, relative_id=child.pk, kind="parent")
    client.force_login(csw)
    body = client.get(f"/people/{child.pk}/").content.decode()
    relatives = body[
        body.index('id="relatives"') : body.index("</table>", body.index('id="relatives"'))
    ]
    assert f'href="/people/{mother.pk}/">Sylvia Short</a>' in relatives
    assert '<td class="govuk-table__cell">Parent</td>' in relatives
    assert AuditEvent.objects.filter(action="view", object_id=str(child.pk), actor=csw).exists()


def test_adding_a_relationship_without_javascript(client, csw) -> None:
    child = make(csw, "Abigail", "Short")
    aunt = make(csw, "Rosa", "Whitlock", kind="adult")
    client.force_login(csw)
    page = client.get(f"/people/{child.pk}/relationships/add/", {"q": "Rosa Whitlock"})
    assert "Rosa Whitlock, date of birth not known" in page.content.decode()
    response = client.post(
        f"/people/{child.pk}/relationships/add/",
        {
            "q": "Rosa Whitlock",
            "other": aunt.pk,
            "kind": "extended_family",
            "parental_responsibility": "no",
            "description": "Aunt",
        },
    )
    assert response.status_code == 302
    row = Relationship.objects.get()
    assert (row.person, row.relative, row.kind, row.description) == (
        aunt,
        child,
        "extended_family",
        "Aunt",
    )


def test_adding_a_relationship_without_choosing_shows_errors(client, csw) -> None:
    child = make(csw, "Abigail", "Short")
    make(csw, "Rosa", "Whitlock", kind="adult")
    client.force_login(csw)
    response = client.post(
        f"/people/{child.pk}/relationships/add/",
        {"q": "Rosa Whitlock", "parental_responsibility": "no", "description": "Aunt"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select the person" in body and "Select the relationship" in body
    assert 'value="Aunt"' in body
    assert not Relationship.objects.exists()


def test_a_mash_partner_cannot_open_or_change_a_record(client, csw) -> None:
    child = make(csw, "Abigail", "Short")
    client.force_login(make_user(Role.MASH_PARTNER))
    for url in ("", "edit/", "names/add/", "move/", "relationships/add/"):
        assert client.get(f"/people/{child.pk}/{url}").status_code == 403


# --- two workers changing one person's details -----------------------------------------------


def details_form(client, child) -> dict:  # type: ignore[no-untyped-def]
    """What the change-details page posts when nothing is changed: every box as it shows."""
    html = client.get(f"/people/{child.pk}/edit/").content.decode()
    data = {}
    for name in ("first_name", "last_name", "address", "postcode", "version", "nhs_number"):
        data[name] = input_value(html, name) or ""
    for part in ("day", "month", "year"):
        data[f"date_of_birth_{part}"] = input_value(html, f"date_of_birth_{part}") or ""
    data |= {"kind": "child", "sex": "F", "ethnicity": "NOBT", "interpreter_needed": "no"}
    return data


def test_two_workers_changing_one_person_see_a_conflict_not_an_overwrite(client, csw) -> None:
    child = make(
        csw, "Abigail", "Short", sex="F", ethnicity="NOBT", date_of_birth=date(2015, 3, 27)
    )
    other = make_user(Role.CSW)
    give_case_access(other, child)
    client.force_login(csw)
    mine = details_form(client, child)
    assert mine["version"] == "1"
    # Another worker saves first: the last name becomes Shaw (version 2).
    client.force_login(other)
    theirs = details_form(client, child) | {"last_name": "Shaw"}
    assert client.post(f"/people/{child.pk}/edit/", theirs).status_code == 302
    # The first worker saves what they typed over version 1: refused, shown both, kept.
    client.force_login(csw)
    events = audit_since_now()
    refused = client.post(f"/people/{child.pk}/edit/", mine | {"last_name": "Shortt"})
    assert refused.status_code == 409
    body = refused.content.decode()
    assert error_summary(body) == [
        (
            "",
            "Somebody else changed this record while you were working on it. "
            "Your changes have not been saved: check the latest version below.",
        )
    ]
    assert input_value(body, "last_name") == "Shortt"  # what they typed, kept
    assert input_value(body, "version") == "2"  # saving again is over the latest
    conflict = body[body.index('id="conflict"') :]
    assert (
        '<td class="govuk-table__cell">Shaw</td><td class="govuk-table__cell">Shortt</td>'
        in conflict
    )
    child.refresh_from_db()
    assert (child.last_name, child.version) == ("Shaw", 2)
    assert not events.filter(action="person.update").exists()
    # Having seen the other change, they save theirs.
    again = client.post(f"/people/{child.pk}/edit/", mine | {"last_name": "Shortt", "version": "2"})
    assert again.status_code == 302
    child.refresh_from_db()
    assert (child.last_name, child.version) == ("Shortt", 3)


def test_a_move_recorded_meanwhile_is_a_conflict_for_the_details_form(client, csw) -> None:
    child = make(
        csw, "Abigail", "Short", sex="F", ethnicity="NOBT", date_of_birth=date(2015, 3, 27)
    )
    client.force_login(csw)
    stale = details_form(client, child)
    services.person_move(
        actor=csw,
        person_id=child.pk,
        address="9 New Road, Norwich",
        postcode="NR3 1AA",
        moved_in=None,
    )
    refused = client.post(f"/people/{child.pk}/edit/", stale)
    assert refused.status_code == 409
    child.refresh_from_db()
    assert child.address == "9 New Road, Norwich"  # the old address did not come back
