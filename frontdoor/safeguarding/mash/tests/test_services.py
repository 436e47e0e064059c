"""MASH services: the clocks in working hours, the checks, and every refusal leaving nothing saved.

Every expected date and time was counted by hand on a calendar. The working day is 09:00 to
17:00, Monday to Friday; England bank holidays in the period are Fri 25 Dec 2026, Mon 28 Dec
2026 (Boxing Day's substitute, 26 Dec being a Saturday) and Fri 1 Jan 2027. Contacts are
received on Friday 6 November 2026 at 14:00 (see the accounts factories). "Now" is Monday 16
November 2026, 10:00, unless a test says otherwise.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.db import transaction

from frontdoor.accounts.models import Agency, Team, User
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    freeze,
    london,
    only_child,
)
from frontdoor.casework.models import EarlyHelpEpisode
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.tests.factories import (
    child_at,
    last_event,
)
from frontdoor.contacts import services as contact_services
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.safeguarding.mash import services as mash_services
from frontdoor.safeguarding.mash.services import CheckRequest
from frontdoor.safeguarding.models import (
    MashEnquiry,
    RagChange,
)
from frontdoor.safeguarding.tests.factories import (
    checks_to,
    conclude,
    consented,
    db_state,
    enquiry_for,
    partner,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def test_a_mash_enquiry_concluded_with_checks_waiting_says_so(csw: User) -> None:
    enquiry = enquiry_for(csw)
    checks_to(enquiry, csw, "police", "housing")
    enquiry = conclude(enquiry, csw, outcome="early_help")
    event = last_event("mash.conclude")
    assert event.summary.endswith("(2 checks unanswered)")
    # Early help opens an episode on the day, Mon 16 Nov.
    assert EarlyHelpEpisode.objects.get(person=enquiry.person).opened_on == date(2026, 11, 16)


def test_a_mash_enquiry_only_from_a_mash_decision(csw: User) -> None:
    link = only_child(ContactFactory(csw=csw))
    contact_services.decision_make(
        actor=csw,
        contact_child_id=link.pk,
        outcome="early_help",
        need_level="early_help",
        rationale="Additional needs.",
        best_placed="The school.",
    )
    assert not MashEnquiry.objects.exists()


# --- the MASH clocks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rag", "rated_at", "due_at"),
    [
        # Red, 4 working hours: Fri 15-17 (2), Mon 09-11 (4).
        ("red", london(2026, 11, 6, 15, 0), london(2026, 11, 9, 11, 0)),
        # Red late on Friday: Fri 16:30-17 (0.5), Mon 09-12:30 (4).
        ("red", london(2026, 11, 6, 16, 30), london(2026, 11, 9, 12, 30)),
        # Red on Christmas Eve: Thu 24 14-17 (3); 25 Dec, the weekend and Mon 28 (Boxing Day's
        # substitute) skipped; Tue 29 09-10 (4).
        ("red", london(2026, 12, 24, 14, 0), london(2026, 12, 29, 10, 0)),
        # Amber, 24 working hours: Thu 24 Dec 10-17 (7); skip 25-28; Tue 29 (15), Wed 30 (23),
        # Thu 31 Dec 09-10 (24).
        ("amber", london(2026, 12, 24, 10, 0), london(2026, 12, 31, 10, 0)),
        # Rated on a Saturday: the clock starts Mon 9 Nov 09:00; Mon, Tue, Wed are 8 each, so
        # it runs out at the end of Wed 11 Nov, not on Thursday morning.
        ("amber", london(2026, 11, 7, 11, 0), london(2026, 11, 11, 17, 0)),
        # Green, 72 working hours: Fri 6 Nov 15-17 (2), Mon 9 (10), Tue 10 (18), Wed 11 (26),
        # Thu 12 (34), Fri 13 (42), Mon 16 (50), Tue 17 (58), Wed 18 (66), Thu 19 09-15 (72).
        ("green", london(2026, 11, 6, 15, 0), london(2026, 11, 19, 15, 0)),
    ],
)
def test_rag_clocks_count_working_hours(rag: str, rated_at: datetime, due_at: datetime) -> None:
    assert mash_services.rag_due_at(rag, rated_at) == due_at


@pytest.mark.parametrize(
    ("opened_at", "due_at"),
    [
        # Amber from Fri 6 Nov 15:00: Fri 15-17 (2), Mon 9 (10), Tue 10 (18), Wed 11 09-15 (24).
        (london(2026, 11, 6, 15, 0), london(2026, 11, 11, 15, 0)),
        # Amber from Thu 24 Dec 10:00: Thu 10-17 (7); Fri 25 Dec, the weekend and Mon 28
        # skipped; Tue 29 (15), Wed 30 (23), Thu 31 Dec 09-10 (24).
        (london(2026, 12, 24, 10, 0), london(2026, 12, 31, 10, 0)),
    ],
)
def test_an_enquiry_opened_by_a_decision_is_due_in_24_working_hours(
    monkeypatch: Any, csw: User, opened_at: datetime, due_at: datetime
) -> None:
    freeze(monkeypatch, opened_at)
    enquiry = enquiry_for(csw)
    assert (enquiry.rag, enquiry.rated_at, enquiry.due_at) == ("amber", opened_at, due_at)
    (check,) = checks_to(enquiry, csw, "police")
    assert check.due_at == due_at


def test_a_new_rating_restarts_the_clock_and_moves_unanswered_checks(
    monkeypatch: Any, csw: User
) -> None:
    freeze(monkeypatch, london(2026, 11, 6, 14, 30))
    enquiry = enquiry_for(csw)
    police_check, school_check = checks_to(enquiry, csw, "police", "education")
    mash_services.check_answer(
        actor=partner(Agency.EDUCATION),
        check_id=school_check.pk,
        version=None,
        nothing_known=True,
    )
    enquiry.refresh_from_db()

    # Fri 15:00, red: Fri 15-17 (2), Mon 09-11 (4).
    freeze(monkeypatch, london(2026, 11, 6, 15, 0))
    enquiry = mash_services.mash_rate(
        actor=csw,
        enquiry_id=enquiry.pk,
        version=enquiry.version,
        rag="red",
        reason="  The police check shows a recent assault.  ",
    )
    assert (enquiry.rag, enquiry.rated_at) == ("red", london(2026, 11, 6, 15, 0))
    assert enquiry.due_at == london(2026, 11, 9, 11, 0)
    police_check.refresh_from_db()
    school_check.refresh_from_db()
    assert police_check.due_at == london(2026, 11, 9, 11, 0)
    # Answered already: its clock stays as it was (amber from Fri 14:30: Fri 2.5, Mon 8,
    # Tue 8, Wed 09:00-14:30 5.5 = 24).
    assert school_check.due_at == london(2026, 11, 11, 14, 30)
    change = RagChange.objects.latest("id")
    assert (change.from_rag, change.to_rag, change.reason) == (
        "amber",
        "red",
        "The police check shows a recent assault.",
    )
    event = last_event("mash.rate")
    assert event.changes == {
        "due_at": ["2026-11-11T14:30:00+00:00", "2026-11-09T11:00:00+00:00"],
        "rag": ["amber", "red"],
    }
    assert event.summary == "The police check shows a recent assault."


def test_chasing_an_overdue_check(monkeypatch: Any, csw: User) -> None:
    freeze(monkeypatch, london(2026, 11, 6, 15, 0))
    enquiry = enquiry_for(csw)  # due Wed 11 Nov 15:00
    (check,) = checks_to(enquiry, csw, "police")

    freeze(monkeypatch, london(2026, 11, 11, 14, 59))
    before = db_state()
    with pytest.raises(DomainError, match="not overdue yet"):
        mash_services.check_chase(actor=csw, check_id=check.pk)
    assert db_state() == before

    freeze(monkeypatch, london(2026, 11, 11, 15, 0))
    check = mash_services.check_chase(actor=csw, check_id=check.pk)
    freeze(monkeypatch, london(2026, 11, 12, 9, 30))
    check = mash_services.check_chase(actor=csw, check_id=check.pk)
    assert (check.times_chased, check.last_chased_at) == (2, london(2026, 11, 12, 9, 30))
    assert last_event("mash.check_chase").summary == "Chased Police (2)"

    police = partner(Agency.POLICE)
    before = db_state()
    with pytest.raises(PermissionDeniedError):
        mash_services.check_chase(actor=police, check_id=check.pk)
    assert db_state() == before

    mash_services.check_answer(
        actor=police, check_id=check.pk, version=check.version, answer="None"
    )
    before = db_state()
    with pytest.raises(DomainError, match="has been answered"):
        mash_services.check_chase(actor=csw, check_id=check.pk)
    assert db_state() == before


# --- refusals: nothing half-saved --------------------------------------------------------------


def test_checks_are_refused_whole(csw: User) -> None:
    # Opened with no contact behind it, so with no consent decision carried across.
    enquiry = mash_services.mash_enquiry_open(actor=csw, person=child_at())
    before = db_state()
    with pytest.raises(DomainError, match="Record the consent decision") as error:
        checks_to_without_consent(enquiry, csw)
    assert error.value.field == "consent"
    assert db_state() == before

    enquiry = consented(enquiry, csw)
    before = db_state()
    bad = [
        CheckRequest("police", "Known to police?"),
        CheckRequest("housing", "   "),
    ]
    with pytest.raises(DomainError, match="Enter the question") as error:
        mash_services.checks_request(
            actor=csw, enquiry_id=enquiry.pk, version=enquiry.version, requests=bad
        )
    assert error.value.field == "question_housing"
    assert db_state() == before  # not even the police check

    for requests, message in (
        ([], "Select at least one agency"),
        ([CheckRequest("fire_service", "Known?")], "Select agencies from the list"),
        ([CheckRequest("other", "Known?")], "Enter the name of the other agency"),
        (
            [CheckRequest("police", "Known?"), CheckRequest("police", "Again?")],
            "A check to Police is already waiting",
        ),
    ):
        with pytest.raises(DomainError, match=message):
            mash_services.checks_request(
                actor=csw, enquiry_id=enquiry.pk, version=enquiry.version, requests=requests
            )
        assert db_state() == before


def checks_to_without_consent(enquiry: MashEnquiry, actor: User) -> None:
    mash_services.checks_request(
        actor=actor,
        enquiry_id=enquiry.pk,
        version=enquiry.version,
        requests=[CheckRequest("police", "Known?")],
    )


@pytest.mark.parametrize(
    ("agency", "check_agency", "allowed"),
    [
        (Agency.POLICE, "police", True),
        (Agency.HEALTH, "police", False),
        (Agency.EDUCATION, "police", False),
        (Agency.POLICE, "health_gp", False),
        (Agency.HEALTH, "health_gp", True),
        (Agency.HEALTH, "health_midwifery", True),
        (Agency.HEALTH, "education", False),
        (Agency.EDUCATION, "education", True),
        (Agency.HOUSING, "other", False),
    ],
)
def test_a_partner_answers_only_their_own_agencys_checks(
    csw: User, agency: str, check_agency: str, allowed: bool
) -> None:
    enquiry = enquiry_for(csw)
    if check_agency == "other":
        enquiry = consented(enquiry, csw)
        (check,) = mash_services.checks_request(
            actor=csw,
            enquiry_id=enquiry.pk,
            version=enquiry.version,
            requests=[CheckRequest("other", "Known?", other_agency="Refuge")],
        )
    else:
        (check,) = checks_to(enquiry, csw, check_agency)
    before = db_state()
    answer: dict[str, Any] = {
        "actor": partner(agency),
        "check_id": check.pk,
        "version": check.version,
    }
    if allowed:
        mash_services.check_answer(**answer, answer="Known to us.")
        check.refresh_from_db()
        assert check.answer == "Known to us."
    else:
        with pytest.raises(PermissionDeniedError):
            mash_services.check_answer(**answer, answer="Known to us.")
        assert db_state() == before


def test_check_answers_refused_when_empty_both_or_twice(csw: User) -> None:
    enquiry = enquiry_for(csw)
    (check,) = checks_to(enquiry, csw, "police")
    police = partner(Agency.POLICE)
    before = db_state()
    for fields, error_type, message in (
        ({"answer": "  "}, DomainError, "Enter what your agency knows"),
        ({"answer": "Known", "nothing_known": True}, DomainError, "not both"),
        ({"answer": "Known", "version": 7}, ConflictError, "Somebody else changed"),
    ):
        with pytest.raises(error_type, match=message):
            mash_services.check_answer(
                actor=police, check_id=check.pk, **({"version": check.version} | fields)
            )
        assert db_state() == before
    mash_services.check_answer(actor=police, check_id=check.pk, version=None, nothing_known=True)
    before = db_state()
    with pytest.raises(ConflictError, match="already answered"):
        mash_services.check_answer(actor=police, check_id=check.pk, version=None, answer="More")
    assert db_state() == before


def test_mash_refusals(csw: User) -> None:
    enquiry = enquiry_for(csw)
    before = db_state()
    refusals: list[tuple[Any, dict[str, Any], str]] = [
        (mash_services.mash_rate, {"rag": "purple", "reason": "x"}, "Select red, amber or green"),
        (mash_services.mash_rate, {"rag": "amber", "reason": "x"}, "already rated amber"),
        (mash_services.mash_rate, {"rag": "red", "reason": " "}, "Enter why the rating changes"),
        (mash_services.mash_consent_record, {"consent": "maybe"}, "Select whether consent"),
        (
            mash_services.mash_consent_record,
            {"consent": "not_sought", "reason": "  "},
            "Enter why the checks go ahead without consent",
        ),
        (
            mash_services.mash_conclude,
            {"outcome": "mash_enquiry", "rationale": "x"},
            "Select the outcome",
        ),
        (
            mash_services.mash_conclude,
            {"outcome": "strategy_discussion", "rationale": " "},
            "Enter the rationale",
        ),
    ]
    for service, fields, message in refusals:
        with pytest.raises(DomainError, match=message):
            service(actor=csw, enquiry_id=enquiry.pk, version=enquiry.version, **fields)
        assert db_state() == before

    with pytest.raises(ConflictError):
        mash_services.mash_rate(actor=csw, enquiry_id=enquiry.pk, version=99, rag="red", reason="x")
    with pytest.raises(PermissionDeniedError):
        mash_services.mash_rate(
            actor=partner(Agency.POLICE),
            enquiry_id=enquiry.pk,
            version=enquiry.version,
            rag="red",
            reason="Urgent",
        )
    assert db_state() == before

    conclude(enquiry, csw, outcome="advice")
    enquiry.refresh_from_db()
    before = db_state()
    with pytest.raises(DomainError, match="has been concluded"):
        mash_services.mash_rate(
            actor=csw, enquiry_id=enquiry.pk, version=enquiry.version, rag="red", reason="x"
        )
    assert db_state() == before


def test_early_help_from_the_mash_for_a_child_open_to_social_work_joins_their_referral(
    monkeypatch: Any, norwich: Team, csw: User
) -> None:
    child = child_at()
    enquiry = enquiry_for(csw, child)
    with transaction.atomic():
        referral = referral_services.referral_open(
            actor=csw, person=child, referral_date=date(2026, 11, 6), source="2A"
        )
    conclude(enquiry, csw, outcome="early_help")
    assert not EarlyHelpEpisode.objects.exists()
    assert referral.contacts.get().contact_child == enquiry.origin
