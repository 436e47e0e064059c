"""Merging two records of one person and undoing it: every linked record kept, nothing lost."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.db import models

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    ContactChildFactory,
    ContactFactory,
    DecisionFactory,
    make_user,
    only_child,
)
from frontdoor.contacts.models import ContactChild, Decision
from frontdoor.core.errors import DomainError
from frontdoor.core.models import AuditEvent
from frontdoor.people import services
from frontdoor.people.merging import (
    _person_links,
    merges_recent,
    person_merge,
    person_merge_undo,
)
from frontdoor.people.models import (
    Address,
    DuplicateCandidate,
    Merge,
    Person,
    PersonName,
    PersonSearchKey,
    Relationship,
    SignificantEvent,
)

pytestmark = pytest.mark.django_db

# Tables a merge writes to on purpose: its own row, the audit trail, the rebuilt search keys.
WRITTEN = {Merge, AuditEvent, PersonSearchKey}


def links_to_people() -> dict[tuple[str, Any, str], Any]:
    """Every foreign key value to a person, in every table of every app, by row and field
    (worked out here independently of the merge code)."""
    found: dict[tuple[str, Any, str], Any] = {}
    for model in apps.get_models():
        if model in (Person, PersonSearchKey, Merge):
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.ForeignKey) and f.related_model is Person
        ]
        for field in fields:
            for pk, value in model._base_manager.values_list("pk", field.attname):
                found[(model._meta.label, pk, field.name)] = value
    return found


def table_counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in apps.get_models() if m not in WRITTEN}


def name_kinds() -> dict[int, str]:
    return dict(PersonName.objects.values_list("pk", "kind"))


def search_keys() -> set[tuple[Any, ...]]:
    return set(PersonSearchKey.objects.values_list("person_id", "first_key", "last_key", "born"))


@pytest.fixture
def worker() -> Any:
    return make_user(Role.BUSINESS_SUPPORT)


def add(actor: Any, first_name: str, last_name: str = "Hart", **fields: Any) -> Person:
    details = {"date_of_birth": date(2015, 3, 27), "sex": "F"}
    return services.person_create(
        actor=actor, first_name=first_name, last_name=last_name, **{**details, **fields}
    )


@pytest.fixture
def family(worker: Any) -> dict[str, Any]:
    """Amelia (to keep) and Amelai (to merge), each with a life of records, and their family."""
    kept = add(worker, "Amelia", address="1 Elm Row, Norwich", postcode="NR2 1AA")
    merged = add(worker, "Amelai", address="9 Mill Lane, Diss", postcode="IP22 4AB")
    mother = add(worker, "Sarah", kind="adult", date_of_birth=date(1988, 1, 5))
    sister = add(worker, "Isla", date_of_birth=date(2012, 6, 1))
    r = {}
    services.person_move(
        actor=worker,
        person_id=merged.pk,
        address="1 Elm Row, Norwich",
        postcode="NR2 1AA",
        moved_in=date(2024, 5, 1),
    )
    services.person_name_add(
        actor=worker, person_id=merged.pk, kind="alias", first_name="Millie", last_name="Hart"
    )
    services.person_name_add(
        actor=worker, person_id=merged.pk, kind="previous", first_name="Amelai", last_name="Nowak"
    )
    services.person_name_add(
        actor=worker, person_id=kept.pk, kind="alias", first_name="Mia", last_name="Hart"
    )
    rel = services.relationship_add
    r["mother_of_kept"] = rel(actor=worker, person_id=mother.pk, relative_id=kept.pk, kind="parent")
    # The same relationship again for the other record: it cannot move (unique), so it stays.
    r["mother_of_merged"] = rel(
        actor=worker, person_id=mother.pk, relative_id=merged.pk, kind="parent"
    )
    r["merged_sister_of"] = rel(
        actor=worker, person_id=merged.pk, relative_id=sister.pk, kind="sibling"
    )
    r["sister_household"] = rel(
        actor=worker, person_id=sister.pk, relative_id=merged.pk, kind="household_member"
    )
    # A relationship between the two records: it would link Amelia to herself, so it stays.
    r["between"] = rel(actor=worker, person_id=merged.pk, relative_id=kept.pk, kind="sibling")
    contacts = {
        "kept": ContactFactory(child__person=kept),
        "merged": ContactFactory(child__person=merged),
        "both": ContactFactory(child__person=kept),
    }
    ContactChildFactory(contact=contacts["both"], person=merged)  # stays: unique per contact
    ContactChildFactory(contact=contacts["merged"], person=sister)
    decision = DecisionFactory(contact_child=only_child(contacts["kept"]))
    merged_decision = DecisionFactory(
        contact_child=ContactChild.objects.get(contact=contacts["merged"], person=merged)
    )
    event = services.significant_event_add
    events = [
        event(actor=worker, person_id=kept.pk, occurred_on=date(2024, 1, 2), title="Moved school"),
        event(actor=worker, person_id=merged.pk, occurred_on=date(2023, 3, 4), title="A&E visit"),
        event(actor=worker, person_id=merged.pk, occurred_on=date(2023, 9, 9), title="Excluded"),
    ]
    return {
        "kept": kept,
        "merged": merged,
        "mother": mother,
        "sister": sister,
        "relationships": r,
        "contacts": contacts,
        "decisions": [decision, merged_decision],
        "events": events,
    }


def test_merge_and_unmerge_keep_every_linked_record(worker, family) -> None:
    kept, merged = family["kept"], family["merged"]
    r = family["relationships"]
    both = family["contacts"]["both"]
    stays = {
        ("people.Relationship", r["mother_of_merged"].pk, "relative"),
        ("people.Relationship", r["between"].pk, "person"),
        (
            "contacts.ContactChild",
            ContactChild.objects.get(contact=both, person=merged).pk,
            "person",
        ),
    }
    before_links, before_counts = links_to_people(), table_counts()
    before_kinds, before_keys = name_kinds(), search_keys()
    on_merged = {key for key, value in before_links.items() if value == merged.pk}
    on_merged -= {k for k in on_merged if k[0] == "people.DuplicateCandidate"}
    # What points at the merged record: 2 addresses, 3 names, 4 relationships (2 stay),
    # 2 contacts (1 stays), 2 events.
    assert len(on_merged) == 2 + 3 + 4 + 2 + 2

    merge = person_merge(actor=worker, kept_id=kept.pk, merged_id=merged.pk)

    after_links = links_to_people()
    for key, value in before_links.items():
        if key in on_merged and key not in stays:
            assert after_links[key] == kept.pk, key
        else:
            assert after_links[key] == value, key
    assert {tuple(entry[:3]) for entry in merge.moved} == on_merged - stays
    assert table_counts() == before_counts  # nothing deleted, nothing added
    # The kept record has everything of both.
    assert kept.addresses.count() == 3
    assert set(kept.names.values_list("first_name", "last_name", "kind")) == {
        ("Amelia", "Hart", "current"),
        ("Mia", "Hart", "alias"),
        ("Amelai", "Hart", "alias"),  # was the merged record's current name
        ("Millie", "Hart", "alias"),
        ("Amelai", "Nowak", "previous"),
    }
    assert kept.significant_events.count() == 3
    assert ContactChild.objects.filter(person=kept).count() == 3
    assert Decision.objects.filter(contact_child__person=kept).count() == 2
    assert Relationship.objects.filter(person=kept, relative=family["sister"]).count() == 1
    assert Relationship.objects.filter(person=family["sister"], relative=kept).count() == 1
    # The merged record stays, marked; it drops out of search and the kept one answers to
    # its names.
    merged.refresh_from_db()
    assert merged.merged_into == kept
    assert not PersonSearchKey.objects.filter(person=merged).exists()
    assert PersonSearchKey.objects.filter(person=kept, first_key="amelai").exists()
    # Audited on both, with every row moved and every row that stayed, with why.
    events = AuditEvent.objects.filter(action="person.merge")
    assert {e.object_id for e in events} == {str(kept.pk), str(merged.pk)}
    for event in events:
        assert event.actor == worker
        assert event.changes["moved"] == merge.moved
        assert {tuple(s[:3]) for s in event.changes["stayed"]} == stays
        assert all(s[3] for s in event.changes["stayed"])  # a reason for each
        assert "10 linked records moved, 3 stayed" in event.summary

    person_merge_undo(actor=worker, merge_id=merge.pk)

    assert links_to_people() == before_links  # every row back exactly where it was
    assert name_kinds() == before_kinds
    assert search_keys() == before_keys
    assert table_counts() == before_counts
    merged.refresh_from_db()
    assert merged.merged_into is None
    merge.refresh_from_db()
    assert merge.undone_by == worker and merge.undone_at is not None
    undo_events = AuditEvent.objects.filter(action="person.merge_undo")
    assert {e.object_id for e in undo_events} == {str(kept.pk), str(merged.pk)}
    assert all(e.changes["moved_back"] == merge.moved for e in undo_events)
    assert all(e.changes["left"] == [] for e in undo_events)


def test_links_are_found_in_every_app() -> None:
    links = _person_links()
    labels = {model._meta.label for model in links}
    assert {"contacts.ContactChild", "people.Address", "people.Relationship"} <= labels
    assert {f.name for f in links[Relationship]} == {"person", "relative"}
    assert not labels & {
        "people.Person",
        "people.PersonSearchKey",
        "people.DuplicateCandidate",
        "people.Merge",
    }


def test_merging_marks_the_pair_merged_and_undo_reopens_it(worker, family) -> None:
    kept, merged = family["kept"], family["merged"]
    candidate = DuplicateCandidate.objects.create(
        first=kept, second=merged, score=0.99, reasons="Same surname"
    )
    merge = person_merge(actor=worker, kept_id=merged.pk, merged_id=kept.pk)
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.MERGED
    assert candidate.reviewed_by == worker
    person_merge_undo(actor=worker, merge_id=merge.pk)
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.OPEN
    assert candidate.reviewed_by is None


def test_undo_leaves_a_row_changed_since_the_merge_and_says_so(worker, family) -> None:
    kept, merged, sister = family["kept"], family["merged"], family["sister"]
    merge = person_merge(actor=worker, kept_id=kept.pk, merged_id=merged.pk)
    moved_event = family["events"][1]
    SignificantEvent.objects.filter(pk=moved_event.pk).update(person=sister)  # re-filed since
    person_merge_undo(actor=worker, merge_id=merge.pk)
    assert SignificantEvent.objects.get(pk=moved_event.pk).person == sister
    assert SignificantEvent.objects.get(pk=family["events"][2].pk).person == merged
    event = AuditEvent.objects.filter(action="person.merge_undo").first()
    assert event is not None
    assert event.changes["left"] == [
        ["people.SignificantEvent", moved_event.pk, "person", "changed since the merge"]
    ]


# --- refusals ------------------------------------------------------------------------------


def test_a_record_cannot_be_merged_into_itself(worker, family) -> None:
    with pytest.raises(DomainError, match="^A record cannot be merged into itself$"):
        person_merge(actor=worker, kept_id=family["kept"].pk, merged_id=family["kept"].pk)
    assert not Merge.objects.exists()


def test_records_already_merged_are_refused_with_the_names(worker, family) -> None:
    kept, merged, sister = family["kept"], family["merged"], family["sister"]
    person_merge(actor=worker, kept_id=kept.pk, merged_id=merged.pk)
    message = "^Amelai Hart was already merged into Amelia Hart$"
    with pytest.raises(DomainError, match=message):
        person_merge(actor=worker, kept_id=kept.pk, merged_id=merged.pk)
    with pytest.raises(DomainError, match=message):
        person_merge(actor=worker, kept_id=sister.pk, merged_id=merged.pk)
    with pytest.raises(DomainError, match=message):
        person_merge(actor=worker, kept_id=merged.pk, merged_id=sister.pk)
    assert Merge.objects.count() == 1


def test_merging_back_the_other_way_would_make_a_loop(worker, family) -> None:
    kept, merged = family["kept"], family["merged"]
    person_merge(actor=worker, kept_id=kept.pk, merged_id=merged.pk)
    with pytest.raises(DomainError, match="would make a loop. Undo the earlier merge instead"):
        person_merge(actor=worker, kept_id=merged.pk, merged_id=kept.pk)


def test_a_merge_cannot_be_undone_twice(worker, family) -> None:
    merge = person_merge(actor=worker, kept_id=family["kept"].pk, merged_id=family["merged"].pk)
    person_merge_undo(actor=worker, merge_id=merge.pk)
    with pytest.raises(DomainError, match="^This merge was already undone$"):
        person_merge_undo(actor=worker, merge_id=merge.pk)
    assert AuditEvent.objects.filter(action="person.merge_undo").count() == 2  # one undo


def test_merges_are_undone_latest_first(worker, family) -> None:
    kept, merged, sister = family["kept"], family["merged"], family["sister"]
    first = person_merge(actor=worker, kept_id=kept.pk, merged_id=merged.pk)
    second = person_merge(actor=worker, kept_id=sister.pk, merged_id=kept.pk)
    merged.refresh_from_db()
    assert merged.merged_into == kept  # the chain stays: Amelai into Amelia into Isla
    with pytest.raises(
        DomainError, match="^Undo the later merge first: Amelia Hart into Isla Hart$"
    ):
        person_merge_undo(actor=worker, merge_id=first.pk)
    rows = {row.merge.pk: row for row in merges_recent()}
    assert rows[second.pk].can_undo and not rows[first.pk].can_undo
    assert rows[first.pk].blocked_by == second
    person_merge_undo(actor=worker, merge_id=second.pk)
    person_merge_undo(actor=worker, merge_id=first.pk)
    assert not Person.objects.filter(merged_into__isnull=False).exists()
    assert Address.objects.filter(person=merged).count() == 2
