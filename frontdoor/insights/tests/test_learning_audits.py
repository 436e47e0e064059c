"""The learning measures of audits and monitored calls, each on a small set built by hand here;
the expected figures are worked out in the comments, never by the code under test.

THE WINDOW is the two weeks Monday 2 to Sunday 15 November 2026. Teams: "CADS" (workers
Cara and Cole) and "CADS East" (worker Eve); Ada audits, Maya manages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    DecisionFactory,
    TeamFactory,
    london,
    make_user,
    only_child,
)
from frontdoor.casework.models import Assessment
from frontdoor.casework.tests.factories import make_referral, team_manager
from frontdoor.contacts.models import Decision
from frontdoor.insights import selectors
from frontdoor.insights.selectors import Filters
from frontdoor.quality.audits.models import Audit
from frontdoor.quality.calls.models import MonitoredCall

pytestmark = pytest.mark.django_db

START, END = date(2026, 11, 2), date(2026, 11, 15)


ALL = Filters()


def counts(key: str, filters: Filters = ALL) -> tuple[int, int | None, float | None]:
    v = selectors.measure_value(key, START, END, filters)
    return v.numerator, v.denominator, v.value


@pytest.fixture
def people() -> dict[str, Any]:
    cads, east = TeamFactory(name="CADS"), TeamFactory(name="CADS East", kind=Team.Kind.CADS)
    return {
        "cads": cads,
        "east": east,
        "cara": make_user(Role.CSW, team=cads, first_name="Cara"),
        "cole": make_user(Role.CSW, team=cads, first_name="Cole"),
        "eve": make_user(Role.CSW, team=east, first_name="Eve"),
        "ada": make_user(Role.CSW, team=cads, first_name="Ada"),
        "maya": team_manager(cads, first_name="Maya"),
    }


def decision(worker: User, at: datetime, status: str = Decision.Status.FINAL) -> Decision:
    contact = ContactFactory(csw=worker, received_at=at)
    return DecisionFactory(contact_child=only_child(contact), status=status, decided_at=at)


def audit(
    auditor: User,
    at: datetime,
    grade: str,
    *,
    work: Decision | None = None,
    worker: User | None = None,
    moderated_to: str = "",
) -> Audit:
    """An audit of `work` (a new decision by `worker` if none), moderated if `moderated_to`."""
    work = work or decision(worker or auditor, at)
    return Audit.objects.create(
        decision=work,
        person=work.contact_child.person,
        worker=work.decided_by,
        auditor=auditor,
        audited_at=at,
        overall_grade=grade,
        moderated_by=auditor if moderated_to else None,
        moderated_at=at if moderated_to else None,
        moderated_grade=moderated_to,
    )


# --- decisions and assessments audited -------------------------------------------------------


def test_share_of_settled_decisions_audited(people: dict[str, Any]) -> None:
    cara, eve, ada = people["cara"], people["eve"], people["ada"]
    d1 = decision(cara, london(2026, 11, 2, 10))
    decision(cara, london(2026, 11, 5, 15))
    decision(eve, london(2026, 11, 9, 9), status=Decision.Status.AUTHORISED)
    decision(eve, london(2026, 11, 15, 23, 30))
    decision(cara, london(2026, 11, 10, 11), status=Decision.Status.AWAITING_AUTHORISATION)
    before = decision(cara, london(2026, 11, 1, 23, 59))  # the day before the window
    audit(ada, london(2026, 11, 16, 9), "good", work=d1)  # audited after the window: counts
    audit(ada, london(2026, 11, 3, 9), "good", work=before)
    # Settled in the window: d1, d2 (Cara), d3 authorised, d4 (Eve) = 4; the one awaiting
    # authorisation is not settled, the 1 November one is outside. Audited: d1. 1 / 4 = 25%.
    assert counts("decisions_audited_share") == (1, 4, 25.0)
    # CADS (the decision maker's team): d1, d2, 1 audited = 50%; CADS East: d3, d4, none.
    assert counts("decisions_audited_share", Filters(team=str(people["cads"].pk))) == (1, 2, 50.0)
    assert counts("decisions_audited_share", Filters(team=str(people["east"].pk))) == (0, 2, 0.0)


def _assessment(worker: User, manager: User, status: str, authorised_on: date | None) -> Any:
    referral = make_referral(referral_date=date(2026, 9, 1), actor=worker)
    return Assessment.objects.create(
        referral=referral,
        status=status,
        started_on=date(2026, 9, 2),
        due_on=date(2026, 11, 3),
        worker=worker,
        authorised_by=manager if authorised_on else None,
        authorised_on=authorised_on,
    )


def test_share_of_authorised_assessments_audited(people: dict[str, Any]) -> None:
    cara, maya, ada = people["cara"], people["maya"], people["ada"]
    authorised = Assessment.Status.AUTHORISED
    a1 = _assessment(cara, maya, authorised, date(2026, 11, 2))
    _assessment(cara, maya, authorised, date(2026, 11, 10))
    _assessment(cara, maya, authorised, date(2026, 11, 15))
    _assessment(cara, maya, Assessment.Status.SUBMITTED, None)  # not authorised: not counted
    late = _assessment(cara, maya, authorised, date(2026, 11, 16))  # after the window
    for work in (a1, late):
        Audit.objects.create(
            assessment=work,
            person=work.referral.person,
            worker=cara,
            auditor=ada,
            audited_at=london(2026, 11, 16, 12),
            overall_grade="good",
        )
    # Authorised 2, 10 and 15 November = 3; a1 audited: 1 / 3 = 33.3%.
    num, den, value = counts("assessments_audited_share")
    assert (num, den) == (1, 3) and value == pytest.approx(33.333, abs=0.001)


# --- grades and moderation -------------------------------------------------------------------


def test_audits_good_by_the_grade_that_stands_and_the_share_moderated(
    people: dict[str, Any],
) -> None:
    ada, cara, eve = people["ada"], people["cara"], people["eve"]
    audit(ada, london(2026, 11, 2, 9), "requires_improvement", worker=cara)  # A1
    audit(ada, london(2026, 11, 4, 9), "requires_improvement", worker=cara, moderated_to="good")
    audit(ada, london(2026, 11, 6, 9), "outstanding", worker=eve, moderated_to="inadequate")
    audit(ada, london(2026, 11, 9, 9), "inadequate", worker=eve)  # A4
    audit(ada, london(2026, 11, 13, 9), "outstanding", worker=eve, moderated_to="outstanding")
    audit(ada, london(2026, 11, 16, 9), "good", worker=eve)  # after the window
    # Standing grades: A1 requires improvement, A2 good (moderated up), A3 inadequate (moderated
    # down from outstanding), A4 inadequate, A5 outstanding. Good or better: A2, A5 = 2 / 5.
    assert counts("audits_good_share") == (2, 5, 40.0)
    # Moderated: A2, A3, A5 = 3 / 5 = 60%.
    assert counts("audits_moderated_share") == (3, 5, 60.0)
    # CADS (the audited worker's team): Cara's A1, A2; A2 good = 50%, A2 moderated = 50%.
    cads = Filters(team=str(people["cads"].pk))
    assert counts("audits_good_share", cads) == (1, 2, 50.0)
    assert counts("audits_moderated_share", cads) == (1, 2, 50.0)
    # Filters the audits cannot be narrowed by are ignored, not applied as nothing.
    assert counts("audits_good_share", Filters(source="6")) == (2, 5, 40.0)


# --- monitored calls ------------------------------------------------------------------------


def call(worker: User, manager: User, at: datetime, *, acknowledged: bool = False) -> None:
    MonitoredCall.objects.create(
        contact=ContactFactory(csw=worker, received_at=at),
        worker=worker,
        listened_at=at,
        mode=MonitoredCall.Mode.LIVE,
        feedback="Clear advice; check consent earlier.",
        recorded_by=manager,
        recorded_at=at,
        acknowledged_at=at if acknowledged else None,
    )


def test_calls_monitored_per_worker_and_feedback_acknowledged(people: dict[str, Any]) -> None:
    cara, eve, maya = people["cara"], people["eve"], people["maya"]
    make_user(Role.CSW, team=people["cads"], is_active=False)  # not counted among the CSWs
    call(cara, maya, london(2026, 11, 2, 10), acknowledged=True)
    call(cara, maya, london(2026, 11, 3, 10), acknowledged=True)
    call(cara, maya, london(2026, 11, 12, 10))
    call(eve, maya, london(2026, 11, 10, 16))
    call(eve, maya, london(2026, 11, 16, 10), acknowledged=True)  # after the window
    # In the window: Cara 3, Eve 1 = 4.
    assert counts("calls_monitored") == (4, None, 4.0)
    # Active CSWs: Cara, Cole, Ada (CADS) and Eve (CADS East) = 4: 4 calls / 4 = 1.0 each;
    # CADS: Cara's 3 calls / its 3 active CSWs = 1.0; CADS East: 1 / 1 = 1.0.
    assert counts("calls_monitored_per_csw") == (4, 4, 1.0)
    assert counts("calls_monitored_per_csw", Filters(team=str(people["cads"].pk))) == (3, 3, 1.0)
    make_user(Role.CSW, team=people["east"])  # a second CSW in CADS East: 1 / 2 = 0.5
    assert counts("calls_monitored_per_csw", Filters(team=str(people["east"].pk))) == (1, 2, 0.5)
    # Acknowledged: Cara's first two = 2 / 4 = 50%; CADS East: 0 / 1.
    assert counts("call_feedback_acknowledged_share") == (2, 4, 50.0)
    east = Filters(team=str(people["east"].pk))
    assert counts("call_feedback_acknowledged_share", east) == (0, 1, 0.0)
    # Each worker's calls monitored.
    by_worker = selectors.breakdown("calls_monitored", "worker", START, END)
    assert [(w, v.numerator) for w, v in by_worker] == [(str(cara.pk), 3), (str(eve.pk), 1)]


def test_calls_per_worker_week_by_week_divides_each_week_by_the_workers(
    people: dict[str, Any],
) -> None:
    cara, maya = people["cara"], people["maya"]
    call(cara, maya, london(2026, 11, 2, 10))
    call(cara, maya, london(2026, 11, 3, 10))
    call(cara, maya, london(2026, 11, 4, 10))
    call(cara, maya, london(2026, 11, 12, 10))
    # 4 active CSWs (Cara, Cole, Eve, Ada). Week of 2 November: 3 calls / 4 = 0.75; week of
    # 9 November: 1 / 4 = 0.25. Not the workers added up day by day (which would be 12 and 4).
    weeks = selectors.weekly_series("calls_monitored_per_csw", START, END)
    assert [(m, v.numerator, v.denominator, v.value) for m, v in weeks] == [
        (date(2026, 11, 2), 3, 4, 0.75),
        (date(2026, 11, 9), 1, 4, 0.25),
    ]
    # Against the previous two weeks (none): this period 4 / 4 = 1.0, the previous 0 / 4.
    c = selectors.compare("calls_monitored_per_csw", START, END)
    assert (c.current.value, c.previous.numerator, c.previous.denominator) == (1.0, 0, 4)
