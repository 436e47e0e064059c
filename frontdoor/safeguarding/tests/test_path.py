"""The whole safeguarding path, from a contact to the end of a child protection plan.

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

from frontdoor.accounts.models import Agency, Role, Team, User
from frontdoor.accounts.tests.factories import (
    freeze,
    london,
    make_user,
)
from frontdoor.casework.models import Referral
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.tests.factories import (
    child_at,
    last_event,
    social_worker,
    team_manager,
)
from frontdoor.contacts.models import Decision
from frontdoor.safeguarding.mash import services as mash_services
from frontdoor.safeguarding.models import (
    AgencyCheck,
    MashEnquiry,
    RagChange,
    StrategyAction,
    StrategyAttendance,
    StrategyChild,
)
from frontdoor.safeguarding.protection import services as protection_services
from frontdoor.safeguarding.strategy import services as strategy_services
from frontdoor.safeguarding.strategy.services import Action, Attendance, ChildDecision
from frontdoor.safeguarding.tests.factories import (
    FULL_ATTENDANCE,
    RATIONALE,
    actions,
    checks_to,
    conclude,
    conference_for,
    consented,
    decide_mash,
    icpc,
    partner,
    plan_from,
    section47_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

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
    assert opened.changes == {"rag": [None, "amber"], "consent": [None, "obtained"]}
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
