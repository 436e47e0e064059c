"""Child protection plans, immediate protection, and closing a referral with child protection
work in it.

Every expected date and time was counted by hand on a calendar. The working day is 09:00 to
17:00, Monday to Friday; England bank holidays in the period are Fri 25 Dec 2026, Mon 28 Dec
2026 (Boxing Day's substitute, 26 Dec being a Saturday) and Fri 1 Jan 2027. Contacts are
received on Friday 6 November 2026 at 14:00 (see the accounts factories). "Now" is Monday 16
November 2026, 10:00, unless a test says otherwise.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.models import Agency, Team, User
from frontdoor.accounts.tests.factories import (
    PersonFactory,
    freeze,
    london,
)
from frontdoor.casework.models import Referral
from frontdoor.casework.tests.factories import (
    authorised_assessment,
    close_signed_off,
    last_event,
    team_manager,
)
from frontdoor.core.errors import DomainError, PermissionDeniedError
from frontdoor.safeguarding.models import (
    CpPlan,
    Section47,
)
from frontdoor.safeguarding.protection import services as protection_services
from frontdoor.safeguarding.section47 import services as section47_services
from frontdoor.safeguarding.tests.factories import (
    conference_for,
    db_state,
    icpc,
    partner,
    plan_from,
    strategy_about,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


@pytest.fixture
def plan(monkeypatch: Any, started: tuple[Section47, User]) -> tuple[CpPlan, User]:
    """A plan from a conference on Thu 26 Nov 2026, starting that day; "now" is Fri 4 Dec."""
    section47, worker = started
    section47 = icpc(section47, worker, date(2026, 11, 16))
    freeze(monkeypatch, london(2026, 11, 27, 16, 0))
    conference = conference_for(section47, worker, date(2026, 11, 26))
    plan = plan_from(conference, worker, date(2026, 11, 26))
    freeze(monkeypatch, london(2026, 12, 4, 16, 0))
    return plan, worker


def test_review_visit_and_end_refusals(plan: tuple[CpPlan, User], csw: User) -> None:
    cp_plan, worker = plan
    before = db_state()
    refusals: list[tuple[Any, dict[str, Any], str]] = [
        (
            protection_services.cp_review_record,
            {"held_on": date(2026, 11, 28), "category": "NEG"},
            "weekend",
        ),
        (
            protection_services.cp_review_record,
            {"held_on": date(2026, 11, 25), "category": "NEG"},
            "start",
        ),
        (
            protection_services.cp_review_record,
            {"held_on": date(2026, 12, 4), "category": "?"},
            "category",
        ),
        (
            protection_services.cp_visit_record,
            {"visited_on": date(2026, 12, 3), "child_seen": None},
            "Select whether the child was seen",
        ),
        (
            protection_services.cp_visit_record,
            {"visited_on": date(2026, 12, 3), "child_seen": False, "seen_alone": True},
            "cannot have been seen alone",
        ),
        (
            protection_services.cp_visit_record,
            {"visited_on": date(2026, 12, 5), "child_seen": True},
            "today or in the past",
        ),
        (
            protection_services.cp_plan_end,
            {"end_date": date(2026, 11, 26), "reason": "Done"},
            "cannot end on the day it starts",
        ),
        (
            protection_services.cp_plan_end,
            {"end_date": date(2026, 12, 4), "reason": " "},
            "Enter why",
        ),
    ]
    for service, fields, message in refusals:
        with pytest.raises(DomainError, match=message):
            service(actor=worker, plan_id=cp_plan.pk, **fields)
        assert db_state() == before
    with pytest.raises(PermissionDeniedError):
        protection_services.cp_visit_record(
            actor=csw, plan_id=cp_plan.pk, visited_on=date(2026, 12, 3), child_seen=True
        )
    assert db_state() == before

    protection_services.cp_plan_end(
        actor=worker, plan_id=cp_plan.pk, end_date=date(2026, 12, 4), reason="Moved away"
    )
    before = db_state()
    with pytest.raises(DomainError, match="This plan has ended"):
        protection_services.cp_visit_record(
            actor=worker, plan_id=cp_plan.pk, visited_on=date(2026, 12, 4), child_seen=True
        )
    assert db_state() == before


def test_a_visit_where_the_child_was_not_seen_leaves_the_next_visit_due(
    plan: tuple[CpPlan, User],
) -> None:
    cp_plan, worker = plan
    # Started Thu 26 Nov: first visit due 10 working days on, Nov 27 (1), Nov 30-Dec 4 (6),
    # 7-10 (10): Thu 10 Dec.
    assert cp_plan.next_visit_on == date(2026, 12, 10)
    protection_services.cp_visit_record(
        actor=worker, plan_id=cp_plan.pk, visited_on=date(2026, 12, 3), child_seen=False
    )
    cp_plan.refresh_from_db()
    assert (cp_plan.next_visit_on, cp_plan.version) == (date(2026, 12, 10), 1)
    assert last_event("cp_plan.visit").summary == "Child not seen"


def test_one_open_plan_at_a_time_and_previous_plans_counted(
    monkeypatch: Any, plan: tuple[CpPlan, User], csw: User
) -> None:
    first, worker = plan
    protection_services.cp_plan_end(
        actor=worker, plan_id=first.pk, end_date=date(2026, 12, 4), reason="Risk reduced"
    )
    # A new discussion about the same child (their referral still open) a week later.
    freeze(monkeypatch, london(2026, 12, 11, 16, 0))
    strategy_about(csw, first.person, held_at=london(2026, 12, 11, 9, 0))
    section47 = Section47.objects.filter(person=first.person).latest("id")
    section47 = icpc(section47, worker, date(2026, 12, 11))
    conference = conference_for(section47, worker, date(2026, 12, 11))
    second = plan_from(conference, worker, date(2026, 12, 11))
    assert second.previous_plans == 1
    assert CpPlan.objects.filter(person=first.person, end_date__isnull=True).get() == second


# --- immediate protection -----------------------------------------------------------------------


def test_immediate_protection(csw: User) -> None:
    child = PersonFactory()
    before = db_state()
    for fields, message in (
        ({"kind": "arrest"}, "Select police protection or an emergency protection order"),
        ({"started_at": None}, "Enter when the protection started"),
        ({"started_at": london(2026, 11, 16, 11, 0)}, "must have started already"),
        ({"authority": "  "}, "Enter who authorised it"),
    ):
        call: dict[str, Any] = {
            "kind": "police_protection",
            "started_at": london(2026, 11, 15, 22, 0),
            "authority": "Inspector Dale",
        }
        call |= fields
        with pytest.raises(DomainError, match=message):
            protection_services.immediate_protection_record(actor=csw, person=child, **call)
        assert db_state() == before
    with pytest.raises(PermissionDeniedError):
        protection_services.immediate_protection_record(
            actor=partner(Agency.POLICE),
            person=child,
            kind="police_protection",
            started_at=london(2026, 11, 15, 22, 0),
            authority="Inspector Dale",
        )
    assert db_state() == before

    record = protection_services.immediate_protection_record(
        actor=csw,
        person=child,
        kind="epo",
        started_at=london(2026, 11, 15, 22, 0),
        authority="Norwich Family Court",
    )
    assert (record.kind, record.recorded_by) == ("epo", csw)
    assert last_event("protection.record").summary == (
        f"Emergency protection order (Children Act 1989, s44) for {child.full_name}"
    )


def _close(referral: Referral, worker: User, reason: str, closed_on: date) -> None:
    close_signed_off(referral, worker, closed_on=closed_on, reason=reason)


def test_a_referral_does_not_close_while_child_protection_work_is_open(
    monkeypatch: Any, started: tuple[Section47, User]
) -> None:
    section47, worker = started
    referral = section47.referral
    freeze(monkeypatch, london(2026, 11, 20, 10, 0))
    still_open = r"^A section 47 enquiry is still open"
    # No outcome yet, then an initial conference decided but not held.
    for step in (lambda: None, lambda: icpc(section47, worker, date(2026, 11, 16))):
        step()
        before = db_state()
        with pytest.raises(DomainError, match=still_open) as refused:
            _close(referral, worker, "RC7", date(2026, 11, 20))
        assert refused.value.field == "closed_on"
        assert db_state() == before
    section47.refresh_from_db()
    plan = plan_from(
        conference_for(section47, worker, date(2026, 11, 19)), worker, date(2026, 11, 19)
    )
    before = db_state()
    with pytest.raises(DomainError, match=r"^The child is on a child protection plan"):
        _close(referral, worker, "RC7", date(2026, 11, 20))
    assert db_state() == before
    assert CpPlan.objects.get(pk=plan.pk).end_date is None


def test_rc8_and_rc9_are_refused_after_a_section_47_enquiry(
    monkeypatch: Any, started: tuple[Section47, User], norwich: Team
) -> None:
    section47, worker = started
    referral = section47.referral
    freeze(monkeypatch, london(2026, 11, 18, 10, 0))
    section47_services.section47_outcome_record(
        actor=worker, section47_id=section47.pk, version=section47.version,
        outcome="nfa", outcome_on=date(2026, 11, 17),
    )  # fmt: skip
    authorised_assessment(
        referral, worker, team_manager(norwich), started_on=date(2026, 11, 16),
        seen_on=date(2026, 11, 16), authorised_on=date(2026, 11, 18),
    )  # fmt: skip
    referral.refresh_from_db()
    referral.primary_need = "N1"
    referral.save(update_fields=["primary_need"])
    for reason in ("RC8", "RC9"):
        before = db_state()
        with pytest.raises(DomainError, match=r"^RC8 and RC9 .* section 47 enquiry") as refused:
            _close(referral, worker, reason, date(2026, 11, 18))
        assert refused.value.field == "closure_reason"
        assert db_state() == before
    _close(referral, worker, "RC7", date(2026, 11, 18))  # with the enquiry finished, it closes
    referral.refresh_from_db()
    assert (referral.closed_on, referral.closure_reason) == (date(2026, 11, 18), "RC7")
