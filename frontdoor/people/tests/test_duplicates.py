"""Duplicate scoring, the scan, its task and command, and the review queue pages.

Expected weights are worked out by hand from the tables in `people.duplicates`:
first name same 7, nickname 5, sounds alike 4, different -4; surname same 7, sounds alike 4,
different -3.5; date of birth same 11, swapped 6, a year out 5, typing error 5, different -5;
NHS number same 20, different -6; sex same 0.5, different -4.5; address same 9 with postcode
same 7 together 9 + 7/2 = 12.5, both different -2 - 2 = -4. A score is 1 / (1 + 2^-(w - 16)).
"""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import ContactFactory, make_user
from frontdoor.core.models import AuditEvent
from frontdoor.people import duplicates, services
from frontdoor.people.duplicate_scoring import (
    PRIORS,
    PersonRecord,
    best_pair_score,
    pair_score,
    pair_weight,
)
from frontdoor.people.duplicates import (
    MIN_PAIRS_TO_LEARN,
    duplicate_pairs,
    duplicate_pairs_in,
    duplicates_scan,
    person_records,
)
from frontdoor.people.merging import person_merge
from frontdoor.people.models import DuplicateCandidate, Merge, Person, PersonName
from frontdoor.people.tasks import duplicates_scan_task

AMELIA = PersonRecord(
    first_name="Amelia",
    last_name="Hart",
    date_of_birth=date(2015, 3, 27),
    sex="F",
    postcode="NR2 1AA",
    address="1 Elm Row, Norwich",
)
MOVED = {"address": "22 Oak Road, Diss", "postcode": "IP22 4AB"}


def score_at(weight: float) -> float:
    return 1 / (1 + 2 ** -(weight - 16))


def like(record: PersonRecord, **changes: Any) -> PersonRecord:
    return PersonRecord(**{**record.__dict__, **changes})


# --- pair_score: no database -------------------------------------------------------------------


def test_identical_records_are_a_clear_duplicate() -> None:
    score, reasons = pair_score(AMELIA, AMELIA)
    assert pair_weight(AMELIA, AMELIA) == 7 + 7 + 11 + 0.5 + 12.5 == 38
    assert score == pytest.approx(score_at(38))
    assert reasons == ["same first name", "same surname", "same date of birth", "same address"]


def test_records_alike_in_nothing_are_clearly_not_a_duplicate() -> None:
    other = PersonRecord(
        first_name="Oscar",
        last_name="Nowak",
        date_of_birth=date(2011, 9, 2),
        sex="M",
        postcode="IP22 4AB",
        address="22 Oak Road, Diss",
    )
    score, reasons = pair_score(AMELIA, other)
    assert pair_weight(AMELIA, other) == -4 - 3.5 - 5 - 4.5 - 4 == -21
    assert score == pytest.approx(score_at(-21))
    assert reasons == [
        "different first names",
        "different surnames",
        "different dates of birth",
        "different sex recorded",
        "different addresses",
    ]


def test_missing_values_weigh_nothing() -> None:
    a = PersonRecord(first_name="Amelia", last_name="Hart")
    assert pair_weight(a, a) == 14
    assert pair_score(a, a)[0] == pytest.approx(0.2)  # 2^-2 odds: not queued
    assert pair_weight(a, like(a, date_of_birth=date(2015, 3, 27), sex="F")) == 14


def test_the_same_nhs_number_is_near_proof_even_when_the_first_name_differs() -> None:
    a = like(AMELIA, nhs_number="9434765919")
    b = like(AMELIA, first_name="Isla", nhs_number="9434765919")
    score, reasons = pair_score(a, b)
    # One NHS number is one person: surname and address count in full, no family rule.
    assert pair_weight(a, b) == -4 + 7 + 11 + 20 + 0.5 + 12.5 == 47
    assert reasons[0] == "same NHS number"
    assert "could be twins" not in reasons
    assert score > 0.999


def test_different_nhs_numbers_are_strong_evidence_against() -> None:
    a = like(AMELIA, nhs_number="9434765919")
    b = like(AMELIA, nhs_number="9434765870")
    assert pair_weight(a, b) == 38 - 6
    assert "different NHS numbers" in pair_score(a, b)[1]
    # With the name and little else alike, different NHS numbers keep a pair off the queue.
    c = PersonRecord(first_name="Amelia", last_name="Hart", nhs_number="9434765919")
    d = PersonRecord(first_name="Amelia", last_name="Hart", nhs_number="9434765870")
    assert pair_weight(c, d) == 14 - 6
    assert pair_score(c, d)[0] < 0.01


def test_date_of_birth_with_day_and_month_swapped() -> None:
    a = like(AMELIA, date_of_birth=date(2015, 4, 7))
    b = like(AMELIA, date_of_birth=date(2015, 7, 4))
    score, reasons = pair_score(a, b)
    assert pair_weight(a, b) == 38 - 11 + 6
    assert "date of birth with day and month swapped" in reasons


def test_date_of_birth_a_year_out_and_with_a_typing_error() -> None:
    year_out = like(AMELIA, date_of_birth=date(2016, 3, 27))
    assert pair_weight(AMELIA, year_out) == 38 - 11 + 5
    assert "date of birth a year out" in pair_score(AMELIA, year_out)[1]
    typo = like(AMELIA, date_of_birth=date(2015, 3, 28))
    assert pair_weight(AMELIA, typo) == 38 - 11 + 5
    assert "date of birth differs by a typing error" in pair_score(AMELIA, typo)[1]


def test_an_impossible_date_from_outside_data_still_compares_digit_by_digit() -> None:
    a = PersonRecord(first_name="Domenique", last_name="Paterson", date_of_birth="19161017")
    b = PersonRecord(first_name="Domenique", last_name="Paterson", date_of_birth="19160017")
    assert pair_weight(a, b) == 7 + 7 + 5
    assert pair_weight(a, like(b, date_of_birth="not a date")) == 14


def test_a_nickname_counts_almost_as_the_same_first_name() -> None:
    a = like(AMELIA, first_name="Elizabeth")
    b = like(AMELIA, first_name="Beth", **MOVED)
    score, reasons = pair_score(a, b)
    assert pair_weight(a, b) == 5 + 7 + 11 + 0.5 - 4 == 19.5
    assert reasons[0] == "first name is a short form of the other"
    assert score == pytest.approx(score_at(19.5))
    assert score > 0.9
    # Two full names that share a short form are not one name.
    assert "short form" not in " ".join(
        pair_score(like(a, first_name="Samuel"), like(a, first_name="Samantha"))[1]
    )


def test_names_that_sound_alike() -> None:
    a = like(AMELIA, first_name="Jayden", last_name="Smith", sex="M")
    b = like(AMELIA, first_name="Jaiden", last_name="Smyth", sex="M")
    score, reasons = pair_score(a, b)
    assert pair_weight(a, b) == 4 + 4 + 11 + 0.5 + 12.5 == 32
    assert reasons[0] == "names sound alike"


def test_first_and_last_names_typed_the_wrong_way_round() -> None:
    swapped = like(AMELIA, first_name="Hart", last_name="Amelia")
    assert pair_weight(AMELIA, swapped) == 7 + 7 - 1 + 11 + 0.5 + 12.5 == 37
    assert pair_score(AMELIA, swapped)[1][0] == "first and last names swapped"


def test_twins_share_surname_birthday_and_home_but_not_a_first_name() -> None:
    twin = like(AMELIA, first_name="Isla")
    score, reasons = pair_score(AMELIA, twin)
    # The surname and the home say "same family": they count nothing.
    assert pair_weight(AMELIA, twin) == -4 + 0 + 11 + 0.5 + 0 == 7.5
    assert "could be twins" in reasons
    assert score < 0.01


def test_boy_and_girl_twins_with_alike_names_are_not_a_duplicate() -> None:
    alexander = like(AMELIA, first_name="Alexander", sex="M")
    alexandra = like(AMELIA, first_name="Alexandra", sex="F")
    score, reasons = pair_score(alexander, alexandra)
    assert pair_weight(alexander, alexandra) == 4 + 0 + 11 - 4.5 + 0 == 10.5
    assert "could be twins" in reasons
    assert score < 0.5


def test_a_brother_or_sister_is_not_a_duplicate() -> None:
    sister = like(AMELIA, first_name="Isla", date_of_birth=date(2012, 6, 1))
    score, reasons = pair_score(AMELIA, sister)
    assert pair_weight(AMELIA, sister) == -4 - 5 + 0.5 == -8.5
    assert "could be a brother or sister" in reasons


def test_a_parent_with_the_same_name_at_the_same_address_is_not_a_duplicate() -> None:
    mother = like(AMELIA, date_of_birth=date(1985, 6, 1))
    assert pair_weight(AMELIA, mother) == 7 + 0 - 5 + 0.5 + 0 == 2.5
    assert "could be relatives with the same name" in pair_score(AMELIA, mother)[1]


def test_threshold_examples_from_the_comment_in_duplicates() -> None:
    moved = like(AMELIA, **MOVED)
    assert pair_weight(AMELIA, moved) == 21.5
    assert pair_score(AMELIA, moved)[0] > 0.5
    typo_moved = like(AMELIA, first_name="Amelai", **MOVED)
    assert pair_weight(AMELIA, typo_moved) == 4 + 7 + 11 + 0.5 - 4 == 18.5
    assert pair_score(AMELIA, typo_moved)[0] > 0.5
    born_typo_moved = like(AMELIA, date_of_birth=date(2015, 3, 28), **MOVED)
    assert pair_weight(AMELIA, born_typo_moved) == 15.5
    assert pair_score(AMELIA, born_typo_moved)[0] < 0.5


def test_records_of_a_person_include_every_name_and_the_best_pair_counts() -> None:
    person = Person(
        first_name="Amelia",
        last_name="Hart",
        date_of_birth=date(2015, 3, 27),
        sex="F",
        address="1 Elm Row, Norwich",
        postcode="NR2 1AA",
    )
    names = [
        PersonName(kind="current", first_name="Amelia", last_name="Hart"),
        PersonName(kind="previous", first_name="Amelia", last_name="Nowak"),
    ]
    records = person_records(person, names)
    assert [(r.first_name, r.last_name) for r in records] == [
        ("Amelia", "Hart"),
        ("Amelia", "Nowak"),
    ]
    other = [like(AMELIA, last_name="Nowak", **MOVED)]
    score, reasons = best_pair_score(records, other)
    assert score == pair_score(records[1], other[0])[0]
    assert "same surname" in reasons


def test_blocking_in_memory_finds_a_typo_pair_and_skips_the_sibling() -> None:
    records = {
        1: AMELIA,
        2: like(AMELIA, first_name="Amelai"),
        3: like(AMELIA, first_name="Isla", date_of_birth=date(2012, 6, 1)),
        4: PersonRecord(first_name="Oscar", last_name="Nowak", date_of_birth=date(2011, 9, 2)),
    }
    pairs = duplicate_pairs_in(records)
    assert [(p.first_id, p.second_id) for p in pairs] == [(1, 2)]
    assert pairs[0].score == pytest.approx(score_at(4 + 7 + 11 + 0.5 + 12.5))
    assert pairs[0].reasons_text.startswith("First names sound alike; same surname")


def test_blocking_in_memory_takes_every_name_of_a_person() -> None:
    records = {
        "a": [AMELIA, like(AMELIA, last_name="Nowak")],
        "b": [like(AMELIA, last_name="Nowak", address="", postcode="")],
    }
    pairs = duplicate_pairs_in(records)
    assert [(p.first_id, p.second_id) for p in pairs] == [("a", "b")]


# --- the scan, in the database -------------------------------------------------------------


@pytest.fixture
def worker(db: Any) -> Any:
    return make_user(Role.BUSINESS_SUPPORT)


def add_person(actor: Any, first_name: str, last_name: str = "Hart", **fields: Any) -> Person:
    details = {
        "date_of_birth": date(2015, 3, 27),
        "sex": "F",
        "address": "1 Elm Row, Norwich",
        "postcode": "NR2 1AA",
    }
    return services.person_create(
        actor=actor, first_name=first_name, last_name=last_name, **{**details, **fields}
    )


@pytest.fixture
def hart_family(worker: Any) -> dict[str, Person]:
    return {
        "amelia": add_person(worker, "Amelia"),
        "typo": add_person(worker, "Amelai"),
        "sister": add_person(worker, "Isla", date_of_birth=date(2012, 6, 1)),
        "twin": add_person(worker, "Ruby"),
        "stranger": add_person(
            worker, "Oscar", "Nowak", date_of_birth=date(2011, 9, 2), sex="M", **MOVED
        ),
    }


def test_scan_finds_a_typo_duplicate_but_not_a_sister_or_a_twin(worker, hart_family) -> None:
    result = duplicates_scan(actor=worker)
    amelia, typo = hart_family["amelia"], hart_family["typo"]
    assert result.as_dict() == {"found": 1, "added": 1, "updated": 0, "withdrawn": 0}
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.first_id, candidate.second_id) == (amelia.pk, typo.pk)
    assert candidate.status == DuplicateCandidate.Status.OPEN
    assert candidate.score == pytest.approx(score_at(35), abs=1e-4)
    assert candidate.reasons == (
        "First names sound alike; same surname; same date of birth; same address"
    )
    event = AuditEvent.objects.get(action="duplicates.scan")
    assert event.actor == worker
    assert event.changes == {
        "found": 1,
        "added": 1,
        "updated": 0,
        "withdrawn": 0,
        "threshold": 0.5,
    }


def test_the_scan_learns_weights_from_the_index_when_it_has_enough_pairs(
    worker, hart_family, monkeypatch
) -> None:
    priors = duplicate_pairs(threshold=0.0, weights=PRIORS)
    assert len(priors) < MIN_PAIRS_TO_LEARN
    assert duplicate_pairs(threshold=0.0) == priors  # too few pairs to learn from
    monkeypatch.setattr(duplicates, "MIN_PAIRS_TO_LEARN", 2)
    learned = duplicate_pairs(threshold=0.0)
    # The same pairs and the same reasons in words; the scores from the learned weights.
    by_ids = {(p.first_id, p.second_id): p for p in learned}
    assert set(by_ids) == {(p.first_id, p.second_id) for p in priors}
    assert all(by_ids[(p.first_id, p.second_id)].reasons == p.reasons for p in priors)
    assert [p.score for p in learned] != [p.score for p in priors]


def test_scan_finds_a_pair_by_an_alias(worker) -> None:
    amelia = add_person(worker, "Amelia")
    other = add_person(worker, "Amy", "Nowak", address="", postcode="")
    services.person_name_add(
        actor=worker, person_id=other.pk, kind="alias", first_name="Amelia", last_name="Hart"
    )
    pairs = duplicate_pairs()
    assert [(p.first_id, p.second_id) for p in pairs] == [(amelia.pk, other.pk)]
    assert pairs[0].reasons[:3] == ["same first name", "same surname", "same date of birth"]


def test_scan_updates_open_pairs_and_withdraws_those_no_longer_alike(worker, hart_family) -> None:
    duplicates_scan(actor=worker)
    typo = hart_family["typo"]
    services.person_update(actor=worker, person_id=typo.pk, address="3 Elm Row, Norwich")
    result = duplicates_scan(actor=worker)
    assert result.as_dict() == {"found": 1, "added": 0, "updated": 1, "withdrawn": 0}
    assert "same postcode" in DuplicateCandidate.objects.get().reasons
    # A new first name and date of birth: no longer alike; the open pair goes.
    services.person_update(
        actor=worker, person_id=typo.pk, first_name="Zara", date_of_birth=date(2013, 1, 9)
    )
    result = duplicates_scan(actor=worker)
    assert result.as_dict() == {"found": 0, "added": 0, "updated": 0, "withdrawn": 1}
    assert not DuplicateCandidate.objects.exists()


def test_scan_never_reopens_a_pair_reviewed_as_not_the_same_person(worker, hart_family) -> None:
    duplicates_scan(actor=worker)
    DuplicateCandidate.objects.update(status=DuplicateCandidate.Status.NOT_DUPLICATE)
    result = duplicates_scan(actor=worker)
    assert result.as_dict() == {"found": 0, "added": 0, "updated": 0, "withdrawn": 0}
    assert DuplicateCandidate.objects.get().status == DuplicateCandidate.Status.NOT_DUPLICATE


def test_scan_leaves_out_merged_people(worker, hart_family) -> None:
    amelia, typo = hart_family["amelia"], hart_family["typo"]
    add_person(worker, "Amelia", "Hart", address="", postcode="")  # a third record of her
    person_merge(actor=worker, kept_id=amelia.pk, merged_id=typo.pk)
    duplicates_scan(actor=worker)
    pairs = {(c.first_id, c.second_id) for c in DuplicateCandidate.objects.all()}
    assert all(typo.pk not in pair for pair in pairs)
    assert len(pairs) == 1


def test_a_key_shared_by_very_many_records_is_left_out(worker, monkeypatch) -> None:
    for _ in range(3):  # the same name and postcode, no date of birth
        add_person(worker, "Amelia", date_of_birth=None, address="")
    assert len(duplicate_pairs(threshold=0)) == 3
    monkeypatch.setattr("frontdoor.people.duplicates.MAX_BLOCK", 2)
    assert duplicate_pairs(threshold=0) == []


def test_the_threshold_is_a_setting(worker, hart_family, settings) -> None:
    settings.FRONTDOOR_DUPLICATE_THRESHOLD = 0.99999999
    assert duplicates_scan(actor=worker).found == 0
    settings.FRONTDOOR_DUPLICATE_THRESHOLD = 0.000001  # the twin: weight 7.5
    assert duplicates_scan(actor=worker).found == 3  # and each with the twin


def test_the_task_runs_the_scan(worker, hart_family) -> None:
    result = duplicates_scan_task.enqueue()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"found": 1, "added": 1, "updated": 0, "withdrawn": 0}
    assert DuplicateCandidate.objects.count() == 1
    assert AuditEvent.objects.get(action="duplicates.scan").actor is None


def test_the_command_runs_the_scan_and_prints_counts(worker, hart_family) -> None:
    out = StringIO()
    call_command("duplicates_scan", stdout=out)
    assert out.getvalue().startswith("1 likely duplicate pairs: 1 new, 0 rescored, 0 withdrawn")
    assert DuplicateCandidate.objects.count() == 1


# --- the review queue pages ---------------------------------------------------------------


@pytest.fixture
def queued(worker, hart_family) -> DuplicateCandidate:
    ContactFactory(child__person=hart_family["amelia"])
    ContactFactory(child__person=hart_family["amelia"])
    services.person_name_add(
        actor=worker,
        person_id=hart_family["typo"].pk,
        kind="alias",
        first_name="Millie",
        last_name="Hart",
    )
    duplicates_scan(actor=worker)
    return DuplicateCandidate.objects.get()


def login(client: Any, role: str) -> Any:
    user = make_user(role)
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", [Role.BUSINESS_SUPPORT, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE])
def test_business_support_and_managers_see_the_queue(client, queued, role) -> None:
    login(client, role)
    assert client.get("/people/duplicates/").status_code == 200
    assert client.get(f"/people/duplicates/{queued.pk}/").status_code == 200


@pytest.mark.parametrize("role", [Role.CSW, Role.MASH_PARTNER, Role.PATHWAY_ADVISOR])
def test_others_are_refused(client, queued, worker, role) -> None:
    merge = person_merge(actor=worker, kept_id=queued.first_id, merged_id=queued.second_id)
    login(client, role)
    assert client.get("/people/duplicates/").status_code == 403
    assert client.get(f"/people/duplicates/{queued.pk}/").status_code == 403
    assert (
        client.post(f"/people/duplicates/{queued.pk}/", {"decision": "not_same"}).status_code == 403
    )
    assert client.post(f"/people/merges/{merge.pk}/undo/").status_code == 403
    assert client.post("/people/duplicates/scan/").status_code == 403
    assert Merge.objects.get().undone_at is None


def test_the_queue_shows_both_people_side_by_side_with_the_reasons(client, queued) -> None:
    login(client, Role.BUSINESS_SUPPORT)
    body = client.get("/people/duplicates/").content.decode()
    assert "1 pair to review" in body
    assert body.index("Amelia Hart") < body.index("Amelai Hart")
    assert "Millie Hart" in body and "(also known as)" in body  # the alias
    assert body.count("27 March 2015") == 2
    assert ">2</dd>" in body and ">0</dd>" in body  # contacts: 2 and none
    # Best over their names: Millie, the alias, is a short form of Amelia (36 beats 35).
    assert "First name is a short form of the other; same surname; same date of birth" in body
    assert f'href="/people/duplicates/{queued.pk}/"' in body


def test_the_review_page_works_with_post_forms_alone(client, queued) -> None:
    user = login(client, Role.BUSINESS_SUPPORT)
    response = client.get(f"/people/duplicates/{queued.pk}/")
    body = response.content.decode()
    assert '<form method="post"' in body
    for value, label in [
        ("keep_first", "Merge: keep the left record"),
        ("keep_second", "Merge: keep the right record"),
        ("not_same", "Not the same person"),
    ]:
        assert f'name="decision" value="{value}"' in body
        assert label in body
    viewed = AuditEvent.objects.filter(action="view", actor=user)
    assert {e.object_id for e in viewed} == {str(queued.first_id), str(queued.second_id)}


def test_keep_the_right_record_merges_the_left_into_it(client, queued) -> None:
    login(client, Role.BUSINESS_SUPPORT)
    response = client.post(f"/people/duplicates/{queued.pk}/", {"decision": "keep_second"})
    assert response.status_code == 302
    assert response["Location"] == "/people/duplicates/"
    left = Person.objects.get(pk=queued.first_id)
    assert left.merged_into_id == queued.second_id
    queued.refresh_from_db()
    assert queued.status == DuplicateCandidate.Status.MERGED
    body = client.get("/people/duplicates/").content.decode()
    left_ref, right_ref = f"FD{queued.first_id:07d}", f"FD{queued.second_id:07d}"
    assert f"Amelia Hart ({left_ref}) merged into Amelai Hart ({right_ref})" in body
    assert "There are no possible duplicates to review." in body
    assert "Undo merge" in body


def test_not_the_same_person_is_recorded_and_audited(client, queued) -> None:
    user = login(client, Role.TEAM_MANAGER)
    response = client.post(f"/people/duplicates/{queued.pk}/", {"decision": "not_same"})
    assert response.status_code == 302
    queued.refresh_from_db()
    assert queued.status == DuplicateCandidate.Status.NOT_DUPLICATE
    assert queued.reviewed_by == user
    assert queued.reviewed_at is not None
    events = AuditEvent.objects.filter(action="person.not_duplicate")
    assert {e.object_id for e in events} == {str(queued.first_id), str(queued.second_id)}
    # Reviewed: no buttons any more, and a second POST is refused with the reason.
    response = client.post(f"/people/duplicates/{queued.pk}/", {"decision": "keep_first"})
    body = response.content.decode()
    assert "This pair was already reviewed: Not the same person" in body
    assert 'name="decision"' not in body
    assert not Merge.objects.exists()


def test_a_refused_merge_shows_the_reason(client, queued, worker, hart_family) -> None:
    person_merge(actor=worker, kept_id=hart_family["twin"].pk, merged_id=queued.first_id)
    login(client, Role.BUSINESS_SUPPORT)
    response = client.post(f"/people/duplicates/{queued.pk}/", {"decision": "keep_second"})
    assert response.status_code == 200
    assert "Amelia Hart was already merged into Ruby Hart" in response.content.decode()
    assert Merge.objects.count() == 1


def test_an_empty_choice_asks_for_one(client, queued) -> None:
    login(client, Role.BUSINESS_SUPPORT)
    response = client.post(f"/people/duplicates/{queued.pk}/", {})
    assert "Choose whether to merge the records" in response.content.decode()


def test_undo_merge_from_the_queue(client, queued) -> None:
    login(client, Role.BUSINESS_SUPPORT)
    client.post(f"/people/duplicates/{queued.pk}/", {"decision": "keep_first"})
    merge = Merge.objects.get()
    response = client.post(f"/people/merges/{merge.pk}/undo/")
    assert response.status_code == 302
    assert Person.objects.get(pk=queued.second_id).merged_into_id is None
    body = client.get("/people/duplicates/").content.decode()
    assert f"Merge undone: Amelai Hart (FD{queued.second_id:07d}) is a separate" in body
    assert "Undone</strong>" in body
    assert "1 pair to review" in body  # the pair is back for a fresh decision
    response = client.post(f"/people/merges/{merge.pk}/undo/", follow=True)
    assert "This merge was already undone" in response.content.decode()


def test_look_for_duplicates_now_runs_the_task(client, hart_family) -> None:
    user = login(client, Role.BUSINESS_SUPPORT)
    response = client.post("/people/duplicates/scan/", follow=True)
    assert "The search for duplicates has started" in response.content.decode()
    assert DuplicateCandidate.objects.count() == 1
    assert AuditEvent.objects.get(action="duplicates.scan").actor == user


def test_the_queue_is_get_only_and_the_scan_post_only(client, queued) -> None:
    login(client, Role.BUSINESS_SUPPORT)
    assert client.post("/people/duplicates/").status_code == 405
    assert client.get("/people/duplicates/scan/").status_code == 405
    assert client.get("/people/merges/1/undo/").status_code == 405
