"""Safeguarding services: the path from a contact to a child protection plan, the MASH clocks,
and every refusal, each leaving nothing saved.

Every expected date and time was counted by hand on a calendar. The working day is 09:00 to
17:00, Monday to Friday; England bank holidays in the period are Fri 25 Dec 2026, Mon 28 Dec
2026 (Boxing Day's substitute, 26 Dec being a Saturday) and Fri 1 Jan 2027. Contacts are
received on Friday 6 November 2026 at 14:00 (see the accounts factories).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.db import transaction

from frontdoor.accounts.models import Agency, Role, Team, User
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    PersonFactory,
    freeze,
    london,
    make_user,
    only_child,
)
from frontdoor.casework.models import EarlyHelpEpisode, Referral
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.tests.factories import (
    authorised_assessment,
    child_at,
    locality_team,
    social_worker,
    team_manager,
)
from frontdoor.casework.transitions import services as transition_services
from frontdoor.contacts import services as contact_services
from frontdoor.contacts.models import Decision
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.models import AuditEvent
from frontdoor.safeguarding.mash import services as mash_services
from frontdoor.safeguarding.mash.services import CheckRequest
from frontdoor.safeguarding.models import (
    AgencyCheck,
    CpPlan,
    MashEnquiry,
    RagChange,
    Section47,
    StrategyAction,
    StrategyAttendance,
    StrategyChild,
)
from frontdoor.safeguarding.protection import services as protection_services
from frontdoor.safeguarding.section47 import services as section47_services
from frontdoor.safeguarding.strategy import services as strategy_services
from frontdoor.safeguarding.strategy.services import Action, Attendance, ChildDecision

from .factories import (
    FULL_ATTENDANCE,
    RATIONALE,
    cads_csw,
    checks_to,
    conclude,
    conference_for,
    consented,
    db_state,
    decide_mash,
    enquiry_for,
    icpc,
    partner,
    plan_from,
    section47_of,
    strategy_about,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def now(monkeypatch: Any) -> datetime:
    return freeze(monkeypatch, london(2026, 11, 16, 10, 0))  # Monday 16 November 2026


@pytest.fixture
def norwich() -> Team:
    return locality_team()  # covers NR1 NR2 NR3; factory children live at NR2 4AB


@pytest.fixture
def csw() -> User:
    return cads_csw()


def actions(prefix: str = "") -> list[tuple[str, Any]]:
    """(action, actor) of each audit event, oldest first, leaving out page views."""
    rows = AuditEvent.objects.exclude(action="view").filter(action__startswith=prefix)
    return [(e.action, e.actor) for e in rows.order_by("id")]


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


# --- the whole path ----------------------------------------------------------------------------


def test_from_contact_to_the_end_of_a_child_protection_plan(
    monkeypatch: Any, norwich: Team, csw: User
) -> None:
    manager, worker = team_manager(norwich), social_worker(norwich)
    cads_manager = make_user(Role.TEAM_MANAGER, team=csw.team)
    police, health, school = (
        partner(Agency.POLICE),
        partner(Agency.HEALTH),
        partner(Agency.EDUCATION),
    )
    child = child_at("NR2 4AB")

    # Fri 6 Nov 15:00: the CSW decides the contact (received 14:00) as a MASH enquiry. Rated
    # amber, 24 working hours: Fri 15-17 (2), Mon 9 (10), Tue 10 (18), Wed 11 09-15 (24).
    freeze(monkeypatch, london(2026, 11, 6, 15, 0))
    decision = decide_mash(csw, child)
    assert decision.status == Decision.Status.FINAL
    enquiry = MashEnquiry.objects.get()
    assert (enquiry.person, enquiry.origin, enquiry.opened_by) == (
        child,
        decision.contact_child,
        csw,
    )
    assert (enquiry.rag, enquiry.rated_at) == ("amber", london(2026, 11, 6, 15, 0))
    assert enquiry.due_at == london(2026, 11, 11, 15, 0)
    assert enquiry.is_open and enquiry.reference == f"M{enquiry.pk:06d}"
    assert [(c.from_rag, c.to_rag, c.changed_by) for c in RagChange.objects.all()] == [
        ("", "amber", csw)
    ]
    assert not Referral.objects.exists()  # a MASH enquiry is not yet a referral

    # Fri 15:30: consent; 15:45: checks to police, the GP and the school, due with the enquiry.
    freeze(monkeypatch, london(2026, 11, 6, 15, 30))
    enquiry = consented(enquiry, csw)
    assert (enquiry.consent, enquiry.version) == ("obtained", 2)
    freeze(monkeypatch, london(2026, 11, 6, 15, 45))
    police_check, gp_check, school_check = checks_to(
        enquiry, csw, "police", "health_gp", "education"
    )
    assert [(c.agency, c.due_at, c.requested_by) for c in AgencyCheck.objects.all()] == [
        ("police", london(2026, 11, 11, 15, 0), csw),
        ("health_gp", london(2026, 11, 11, 15, 0), csw),
        ("education", london(2026, 11, 11, 15, 0), csw),
    ]
    assert [c.partner_agency for c in (police_check, gp_check, school_check)] == [
        "police",
        "health",
        "education",
    ]

    # Mon 9 Nov: each agency answers its own check.
    freeze(monkeypatch, london(2026, 11, 9, 10, 0))
    mash_services.check_answer(
        actor=police,
        check_id=police_check.pk,
        version=police_check.version,
        answer="Two call-outs for domestic abuse this year.",
    )
    freeze(monkeypatch, london(2026, 11, 9, 11, 0))
    mash_services.check_answer(
        actor=health, check_id=gp_check.pk, version=gp_check.version, nothing_known=True
    )
    freeze(monkeypatch, london(2026, 11, 9, 14, 0))
    mash_services.check_answer(
        actor=school,
        check_id=school_check.pk,
        version=school_check.version,
        answer="  Attendance 78%; came in with a bruised cheek in October.  ",
    )
    assert [
        (c.agency, c.answered_by, c.answered_at, c.nothing_known, c.answer, c.version)
        for c in AgencyCheck.objects.all()
    ] == [
        ("police", police, london(2026, 11, 9, 10), False, "Two call-outs for domestic abuse "
         "this year.", 2),
        ("health_gp", health, london(2026, 11, 9, 11), True, "", 2),
        ("education", school, london(2026, 11, 9, 14), False, "Attendance 78%; came in with a "
         "bruised cheek in October.", 2),
    ]  # fmt: skip
    assert last_event("mash.check_answer").changes == {
        "answer": [None, "Attendance 78%; came in with a bruised cheek in October."]
    }

    # Tue 10 Nov 10:00: the MASH manager decides on a strategy discussion (an outcome that
    # needs a manager), which opens a referral dated when the contact came in, Fri 6 Nov
    # (urgent: the child is to be seen by Mon 9 Nov, Fri 6 + 1 working day).
    freeze(monkeypatch, london(2026, 11, 10, 10, 0))
    enquiry = conclude(enquiry, cads_manager)
    assert (enquiry.outcome, enquiry.concluded_by, enquiry.is_open) == (
        "strategy_discussion",
        cads_manager,
        False,
    )
    assert enquiry.concluded_at == london(2026, 11, 10, 10, 0)
    referral = Referral.objects.get()
    assert (referral.person, referral.referral_date, referral.team) == (
        child,
        date(2026, 11, 6),
        norwich,
    )
    assert (referral.source, referral.child_seen_due_on) == ("2A", date(2026, 11, 9))
    assert referral.origin == enquiry.origin

    # Tue 10 Nov 14:00: the strategy discussion, chaired by the CADS manager and recorded by
    # the CSW at 16:00. The section 47 enquiry starts; its initial conference is due 15
    # working days on: Nov 11, 12, 13 (3), 16-20 (8), 23-27 (13), Mon 30 (14), Tue 1 Dec (15).
    freeze(monkeypatch, london(2026, 11, 10, 16, 0))
    discussion = strategy_services.strategy_discussion_record(
        actor=csw,
        held_at=london(2026, 11, 10, 14, 0),
        chair_id=cads_manager.pk,
        attendance=[
            *FULL_ATTENDANCE,
            Attendance("education", False, absence_reason="  Head teacher on a course  "),
        ],
        children=[ChildDecision(child.pk, True, f"  {RATIONALE}  ")],
        information_shared="Police call-outs; the school's bruise; nothing known to the GP.",
        next_steps="Section 47 enquiry; joint visit tomorrow.",
        interim_safety_plan="Father to stay with his brother.",
        actions=[Action(worker.pk, "Joint visit with police", date(2026, 11, 11))],
        enquiry_id=enquiry.pk,
    )
    assert (discussion.chair, discussion.recorded_by, discussion.enquiry) == (
        cads_manager,
        csw,
        enquiry,
    )
    assert [
        (a.agency, a.attended, a.name, a.absence_reason)
        for a in StrategyAttendance.objects.order_by("id")
    ] == [
        ("local_authority", True, "Morgan Reid", ""),
        ("police", True, "DS Kay Lowe", ""),
        ("health", True, "Pat Quinn", ""),
        ("education", False, "", "Head teacher on a course"),
    ]
    decided = StrategyChild.objects.get()
    assert (decided.person, decided.referral, decided.start_section_47, decided.rationale) == (
        child,
        referral,
        True,
        RATIONALE,
    )
    assert Referral.objects.count() == 1  # the discussion joined the open referral
    section47 = section47_of(child)
    assert (section47.referral, section47.strategy_child) == (referral, decided)
    assert (section47.started_on, section47.conference_due_on) == (
        date(2026, 11, 10),
        date(2026, 12, 1),
    )
    action = StrategyAction.objects.get()
    assert (action.owner, action.due_on, action.done_at) == (worker, date(2026, 11, 11), None)

    # Wed 11 Nov: allocated to a Norwich worker, who does the action.
    freeze(monkeypatch, london(2026, 11, 11, 9, 0))
    referral = referral_services.referral_allocate(
        actor=manager, referral_id=referral.pk, version=referral.version, worker_id=worker.pk
    )
    freeze(monkeypatch, london(2026, 11, 11, 15, 0))
    action = strategy_services.strategy_action_done(
        actor=worker, action_id=action.pk, note="Visited with DS Lowe; children seen."
    )
    assert (action.done_at, action.done_note) == (
        london(2026, 11, 11, 15, 0),
        "Visited with DS Lowe; children seen.",
    )

    # Fri 20 Nov: the enquiry ends in an initial conference, held Mon 30 Nov (on time).
    freeze(monkeypatch, london(2026, 11, 20, 16, 0))
    section47 = icpc(section47, worker, date(2026, 11, 20))
    assert (section47.outcome, section47.outcome_on, section47.outcome_by) == (
        "icpc",
        date(2026, 11, 20),
        worker,
    )
    assert section47.version == 2
    freeze(monkeypatch, london(2026, 11, 30, 15, 0))
    conference = conference_for(section47, worker, date(2026, 11, 30))
    assert (conference.outcome, conference.plan_followed) == ("cp_plan", True)
    assert last_event("conference.record").summary == ""  # not late

    # The plan starts the same day. First review 3 months on: 30 Feb does not exist, so the
    # end of February, Sun 28 Feb 2027, a weekend: brought back to Fri 26 Feb 2027 (reviews
    # are held on working days). First visit 10 working days on: Dec 1-4 (4),
    # 7-11 (9), Mon 14 Dec (10).
    plan = plan_from(conference, worker, date(2026, 11, 30))
    assert (plan.person, plan.referral, plan.conference) == (child, referral, conference)
    assert (plan.initial_category, plan.latest_category, plan.previous_plans) == ("NEG", "NEG", 0)
    assert (plan.next_review_on, plan.next_visit_on) == (date(2027, 2, 26), date(2026, 12, 14))

    # Thu 10 Dec: a visit, the child seen alone; next within 10 working days of it: Fri 11
    # (1), 14-18 (6), 21, 22, 23, Thu 24 Dec (10).
    freeze(monkeypatch, london(2026, 12, 10, 17, 0))
    visit = protection_services.cp_visit_record(
        actor=worker,
        plan_id=plan.pk,
        visited_on=date(2026, 12, 10),
        child_seen=True,
        seen_alone=True,
        note="Spoke with her in her room.",
    )
    assert (visit.child_seen, visit.seen_alone) == (True, True)
    plan.refresh_from_db()
    assert plan.next_visit_on == date(2026, 12, 24)

    # Mon 22 Feb 2027: the first review conference moves the category to emotional abuse;
    # the next is 6 months on, Sun 22 Aug 2027, brought back to Fri 20 Aug 2027.
    freeze(monkeypatch, london(2027, 2, 22, 16, 0))
    review = protection_services.cp_review_record(
        actor=worker, plan_id=plan.pk, held_on=date(2027, 2, 22), category="EMO", note="Better."
    )
    plan.refresh_from_db()
    assert (review.category, plan.initial_category, plan.latest_category) == ("EMO", "NEG", "EMO")
    assert plan.next_review_on == date(2027, 8, 20)

    # Mon 1 Mar 2027: the plan ends.
    freeze(monkeypatch, london(2027, 3, 1, 12, 0))
    plan = protection_services.cp_plan_end(
        actor=worker, plan_id=plan.pk, end_date=date(2027, 3, 1), reason="Risk reduced"
    )
    assert (plan.end_date, plan.end_reason) == (date(2027, 3, 1), "Risk reduced")
    assert (plan.next_review_on, plan.next_visit_on) == (None, None)

    assert actions() == [
        ("decision.make", csw),
        ("mash.open", csw),
        ("mash.consent", csw),
        ("mash.check_request", csw),
        ("mash.check_request", csw),
        ("mash.check_request", csw),
        ("mash.check_answer", police),
        ("mash.check_answer", health),
        ("mash.check_answer", school),
        ("mash.conclude", cads_manager),
        ("referral.open", cads_manager),
        ("section47.start", csw),
        ("strategy.record", csw),
        ("referral.allocate", manager),
        ("strategy.action_done", worker),
        ("section47.outcome", worker),
        ("conference.record", worker),
        ("cp_plan.start", worker),
        ("cp_plan.visit", worker),
        ("cp_plan.review", worker),
        ("cp_plan.end", worker),
    ]
    opened = last_event("mash.open")
    assert (opened.object_type, opened.object_id) == ("safeguarding.mashenquiry", str(enquiry.pk))
    assert opened.changes == {"rag": [None, "amber"]}
    assert last_event("mash.conclude").changes == {"outcome": [None, "strategy_discussion"]}
    assert last_event("mash.check_request").summary == (
        "Education: What does education know of the family?"
    )
    assert last_event("strategy.record").summary == f"Strategy discussion about {child.full_name}"
    assert last_event("section47.outcome").changes == {"outcome": [None, "icpc"]}
    assert last_event("cp_plan.start").changes == {
        "start_date": [None, "2026-11-30"],
        "category": [None, "NEG"],
    }
    assert last_event("cp_plan.visit").summary == "Child seen alone"
    assert last_event("cp_plan.review").changes == {"latest_category": ["NEG", "EMO"]}
    assert last_event("cp_plan.end").changes == {"end_date": [None, "2027-03-01"]}


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
    enquiry = enquiry_for(csw)
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


# --- strategy discussions ----------------------------------------------------------------------


def strategy_fields(person_ids: list[int], chair: User, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "held_at": london(2026, 11, 16, 9, 0),
        "chair_id": chair.pk,
        "attendance": FULL_ATTENDANCE,
        "children": [ChildDecision(pk, True, RATIONALE) for pk in person_ids],
        "information_shared": "What each agency knows.",
        "next_steps": "Section 47 enquiry.",
    }
    return fields | changes


def without(agency: str) -> list[Attendance]:
    return [a for a in FULL_ATTENDANCE if a.agency != agency]


@pytest.mark.parametrize(
    ("attendance", "field", "message"),
    [
        # No police and no word why.
        (without("police"), "absence_police", "Police must take part in a strategy discussion"),
        # No health and no word why.
        (without("health"), "absence_health", "Health must take part in a strategy discussion"),
        # No local authority.
        (
            without("local_authority"),
            "absence_local_authority",
            "Local authority children's social care must take part",
        ),
        # Health marked absent with a blank reason.
        (
            [*without("health"), Attendance("health", False, absence_reason="  ")],
            "absence_health",
            "Enter why Health was not there",
        ),
        # Police there, but nobody named.
        (
            [*without("police"), Attendance("police", True, name=" ")],
            "name_police",
            "Enter who came for Police",
        ),
        ([*FULL_ATTENDANCE, Attendance("fire", True, name="x")], "attendance", "from the list"),
    ],
)
def test_a_strategy_discussion_needs_la_police_and_health_or_why_not(
    norwich: Team, csw: User, attendance: list[Attendance], field: str, message: str
) -> None:
    child = child_at()
    before = db_state()
    with pytest.raises(DomainError, match=message) as error:
        strategy_services.strategy_discussion_record(
            actor=csw, **strategy_fields([child.pk], csw, attendance=attendance)
        )
    assert error.value.field == field
    assert db_state() == before
    assert not Referral.objects.exists()


def test_absent_police_and_health_with_reasons_are_accepted(norwich: Team, csw: User) -> None:
    child = child_at()
    attendance = [
        FULL_ATTENDANCE[0],
        Attendance("police", False, absence_reason="Officer called to an emergency; briefed."),
        Attendance("health", False, absence_reason="  Named nurse off sick; sent a report. "),
    ]
    discussion = strategy_services.strategy_discussion_record(
        actor=csw, **strategy_fields([child.pk], csw, attendance=attendance)
    )
    assert [(a.agency, a.attended, a.absence_reason) for a in discussion.attendance.all()] == [
        ("local_authority", True, ""),
        ("police", False, "Officer called to an emergency; briefed."),
        ("health", False, "Named nurse off sick; sent a report."),
    ]


@pytest.mark.parametrize(
    ("second", "message"),
    [
        (ChildDecision(0, True, "   "), "Enter why the discussion decided as it did for"),
        (ChildDecision(0, False, ""), "Enter why the discussion decided as it did for"),
        (ChildDecision(0, None, RATIONALE), "Select whether a section 47 enquiry starts for"),
    ],
)
def test_each_childs_section_47_decision_needs_a_rationale_and_nothing_is_half_saved(
    norwich: Team, csw: User, second: ChildDecision, message: str
) -> None:
    """Two siblings: the first decided properly, the second not; neither is saved."""
    first, sibling = child_at(), child_at()
    children = [
        ChildDecision(first.pk, True, RATIONALE),
        ChildDecision(sibling.pk, second.start_section_47, second.rationale),
    ]
    before = db_state()
    with pytest.raises(DomainError, match=message) as error:
        strategy_services.strategy_discussion_record(
            actor=csw, **strategy_fields([], csw, children=children)
        )
    assert error.value.field in (f"rationale_{sibling.pk}", f"s47_{sibling.pk}")
    assert sibling.full_name in error.value.message
    assert db_state() == before


def test_a_bad_action_at_the_end_undoes_the_whole_discussion(norwich: Team, csw: User) -> None:
    """The referral and section 47 enquiry are written before the actions are read: a bad
    action must take them back out."""
    child = child_at()
    before = db_state()
    for bad, message in (
        (Action(csw.pk, "Visit", date(2026, 11, 13)), "on or after the discussion"),  # Fri 13
        (Action(csw.pk, "Visit", None), "Enter when each action is due"),
        (Action(None, "Visit", date(2026, 11, 17)), "Select who does each action"),
        (Action(csw.pk, "  ", date(2026, 11, 17)), "Enter what each action is"),
    ):
        with pytest.raises(DomainError, match=message):
            strategy_services.strategy_discussion_record(
                actor=csw,
                **strategy_fields(
                    [child.pk], csw, actions=[Action(csw.pk, "Fine", date(2026, 11, 17)), bad]
                ),
            )
        assert db_state() == before


def test_other_strategy_refusals(norwich: Team, csw: User) -> None:
    child = child_at()
    before = db_state()
    for changes, message in (
        ({"held_at": None}, "Enter when the strategy discussion was held"),
        ({"held_at": london(2026, 11, 16, 10, 1)}, "must have been held already"),
        ({"chair_id": None}, "Select who chaired"),
        ({"chair_id": make_user(Role.TEAM_MANAGER, is_active=False).pk}, "Select who chaired"),
        ({"children": []}, "Add the children"),
        ({"children": [ChildDecision(999999, True, RATIONALE)]}, "Add the children"),
        ({"information_shared": " "}, "Enter the information shared"),
        ({"next_steps": ""}, "Enter the next steps"),
        ({"enquiry_id": 999999}, "no longer exists"),
        (
            {"children": [ChildDecision(child.pk, True, RATIONALE)] * 2},
            f"{child.full_name} is listed twice",
        ),
    ):
        with pytest.raises(DomainError, match=message):
            strategy_services.strategy_discussion_record(
                actor=csw, **strategy_fields([child.pk], csw, **changes)
            )
        assert db_state() == before
    before = db_state()
    for who in (partner(Agency.POLICE), make_user(Role.PATHWAY_ADVISOR)):
        with pytest.raises(PermissionDeniedError):
            strategy_services.strategy_discussion_record(
                actor=who, **strategy_fields([child.pk], csw)
            )
        assert db_state() == before


def test_a_strategy_discussion_about_two_children_decides_each(norwich: Team, csw: User) -> None:
    first, second = child_at(), child_at()
    discussion = strategy_services.strategy_discussion_record(
        actor=csw,
        **strategy_fields(
            [],
            csw,
            children=[
                ChildDecision(first.pk, True, RATIONALE),
                ChildDecision(second.pk, False, "The baby was not in the house."),
            ],
        ),
    )
    assert [(c.person, c.start_section_47) for c in discussion.children.all()] == [
        (first, True),
        (second, False),
    ]
    # A referral for each (none was open), a section 47 enquiry for the first only.
    assert Referral.objects.count() == 2
    assert [s.person for s in Section47.objects.all()] == [first]
    assert actions("section47.") == [("section47.start", csw)]


def test_the_owner_or_a_manager_marks_an_action_done(
    monkeypatch: Any, norwich: Team, csw: User
) -> None:
    worker = social_worker(norwich)
    child = child_at()
    strategy_about(
        csw,
        child,
        held_at=london(2026, 11, 16, 9, 0),
        actions=[Action(worker.pk, "Visit", date(2026, 11, 17))],
    )
    action = StrategyAction.objects.get()
    before = db_state()
    # Not a partner, a pathway advisor, nor another worker: the owner or a manager.
    for who in (partner(Agency.POLICE), make_user(Role.PATHWAY_ADVISOR), csw):
        with pytest.raises(PermissionDeniedError):
            strategy_services.strategy_action_done(actor=who, action_id=action.pk, note="Done")
        assert db_state() == before
    with pytest.raises(DomainError, match="Enter what was done"):
        strategy_services.strategy_action_done(actor=worker, action_id=action.pk, note=" ")
    assert db_state() == before
    strategy_services.strategy_action_done(actor=worker, action_id=action.pk, note="Visited")
    before = db_state()
    with pytest.raises(ConflictError, match="already been done"):
        strategy_services.strategy_action_done(
            actor=team_manager(norwich), action_id=action.pk, note="Again"
        )
    assert db_state() == before


# --- section 47, conference and plan ---------------------------------------------------------


@pytest.fixture
def started(norwich: Team, csw: User) -> tuple[Section47, User]:
    """A section 47 enquiry from a discussion on Mon 16 Nov 2026 at 09:00, its referral
    allocated to a Norwich worker. The conference is due 15 working days on: Nov 17-20 (4),
    23-27 (9), Nov 30-Dec 4 (14), Mon 7 Dec (15)."""
    worker = social_worker(norwich)
    child = child_at()
    strategy_about(csw, child, held_at=london(2026, 11, 16, 9, 0))
    section47 = section47_of(child)
    referral = section47.referral
    referral_services.referral_allocate(
        actor=team_manager(norwich), referral_id=referral.pk, version=None, worker_id=worker.pk
    )
    assert section47.conference_due_on == date(2026, 12, 7)
    return section47, worker


def test_section_47_outcome_refusals(started: tuple[Section47, User], csw: User) -> None:
    section47, worker = started
    before = db_state()
    for who, fields, error_type, message in (
        (worker, {"outcome": "maybe"}, DomainError, "Select the outcome"),
        (worker, {"outcome_on": None}, DomainError, "Enter the date of the outcome"),
        (worker, {"outcome_on": date(2026, 11, 17)}, DomainError, "today or in the past"),
        (worker, {"outcome_on": date(2026, 11, 13)}, DomainError, "the strategy discussion"),
        (worker, {"version": 5}, ConflictError, "Somebody else changed"),
        # The CSW, in CADS, does not hold the Norwich referral.
        (csw, {}, PermissionDeniedError, "permission"),
        (partner(Agency.POLICE), {}, PermissionDeniedError, "permission"),
    ):
        call: dict[str, Any] = {"outcome": "icpc", "outcome_on": date(2026, 11, 16), "version": 1}
        call |= fields
        with pytest.raises(error_type, match=message):
            section47_services.section47_outcome_record(
                actor=who, section47_id=section47.pk, **call
            )
        assert db_state() == before


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (date(2026, 11, 21), "Saturday 21 November 2026 is a weekend"),
        (date(2026, 11, 22), "Sunday 22 November 2026 is a weekend"),
    ],
)
def test_a_conference_is_never_on_a_weekend(
    monkeypatch: Any, started: tuple[Section47, User], held_on: date, message: str
) -> None:
    section47, worker = started
    section47 = icpc(section47, worker, date(2026, 11, 16))
    freeze(monkeypatch, london(2026, 11, 23, 10, 0))
    before = db_state()
    with pytest.raises(DomainError, match=message) as error:
        conference_for(section47, worker, held_on)
    assert error.value.field == "held_on"
    assert db_state() == before


def test_other_conference_refusals(
    monkeypatch: Any, started: tuple[Section47, User], csw: User
) -> None:
    section47, worker = started
    before = db_state()
    with pytest.raises(DomainError, match="as an initial conference first"):
        conference_for(section47, worker, date(2026, 11, 16))
    assert db_state() == before

    section47 = icpc(section47, worker, date(2026, 11, 16))
    freeze(monkeypatch, london(2026, 11, 20, 10, 0))
    before = db_state()
    for who, held_on, outcome, chair, message in (
        (worker, date(2026, 11, 13), "cp_plan", "Chair", "the strategy discussion"),
        (worker, date(2026, 11, 23), "cp_plan", "Chair", "today or in the past"),
        (worker, None, "cp_plan", "Chair", "Enter the date of the conference"),
        (worker, date(2026, 11, 19), "adopt", "Chair", "Select the outcome"),
        (worker, date(2026, 11, 19), "cp_plan", " ", "Enter who chaired"),
        (csw, date(2026, 11, 19), "cp_plan", "Chair", "permission"),
    ):
        with pytest.raises(DomainError, match=message):
            section47_services.conference_record(
                actor=who, section47_id=section47.pk, held_on=held_on, outcome=outcome, chair=chair
            )
        assert db_state() == before

    conference_for(section47, worker, date(2026, 11, 19))
    before = db_state()
    with pytest.raises(ConflictError, match="already been recorded"):
        conference_for(section47, worker, date(2026, 11, 20))
    assert db_state() == before


def test_a_late_conference_is_noted(monkeypatch: Any, started: tuple[Section47, User]) -> None:
    section47, worker = started
    section47 = icpc(section47, worker, date(2026, 11, 16))
    freeze(monkeypatch, london(2026, 12, 8, 16, 0))
    conference_for(section47, worker, date(2026, 12, 8))  # due Mon 7 Dec
    assert last_event("conference.record").summary == "Held after its 15 working days"


def test_a_plan_never_starts_before_its_conference(
    monkeypatch: Any, started: tuple[Section47, User]
) -> None:
    section47, worker = started
    section47 = icpc(section47, worker, date(2026, 11, 16))
    freeze(monkeypatch, london(2026, 11, 27, 16, 0))
    conference = conference_for(section47, worker, date(2026, 11, 26))  # Thu 26 Nov
    before = db_state()
    with pytest.raises(DomainError) as error:
        plan_from(conference, worker, date(2026, 11, 25))
    assert error.value.field == "start_date"
    assert error.value.message == (
        "The plan start date must be the same as or after the conference (26 November 2026)"
    )
    assert db_state() == before
    for start, category, message in (
        (None, "NEG", "Enter the plan start date"),
        (date(2026, 11, 28), "NEG", "today or in the past"),
        # Nor after it: the conference makes the plan that day (CIN census rule 2885).
        (date(2026, 11, 27), "NEG", "starts on the day of the conference that made it"),
        (date(2026, 11, 26), "XYZ", "Select the category"),
    ):
        with pytest.raises(DomainError, match=message):
            protection_services.cp_plan_start(
                actor=worker, conference_id=conference.pk, start_date=start, category=category
            )
        assert db_state() == before
    plan = plan_from(conference, worker, date(2026, 11, 26))
    assert plan.start_date == date(2026, 11, 26)
    with pytest.raises(ConflictError):
        plan_from(conference, worker, date(2026, 11, 27))


def test_no_plan_from_a_conference_that_decided_otherwise(
    monkeypatch: Any, started: tuple[Section47, User]
) -> None:
    section47, worker = started
    section47 = icpc(section47, worker, date(2026, 11, 16))
    freeze(monkeypatch, london(2026, 11, 27, 16, 0))
    conference = conference_for(section47, worker, date(2026, 11, 26), outcome="cin_plan")
    before = db_state()
    with pytest.raises(DomainError, match="did not decide on a child protection plan"):
        plan_from(conference, worker, date(2026, 11, 26))
    assert db_state() == before


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


def _close(referral: Referral, worker: User, reason: str, closed_on: date) -> None:
    referral.refresh_from_db()
    transition_services.referral_close(
        actor=worker,
        referral_id=referral.pk,
        version=referral.version,
        closed_on=closed_on,
        reason=reason,
    )


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
