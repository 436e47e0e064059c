"""Safeguarding in the child's chronology and open involvement.

One child's path, with the times it happened, counted by hand: a MASH enquiry opened on
Friday 6 November 2026 at 15:00 and re-rated at 16:00; police protection that Saturday night;
the police and GP answering on Monday 9 November; the MASH deciding on a strategy discussion
at 12:00 and the discussion held at 14:00; the section 47 enquiry ending in a conference on
Friday 20 November; the conference and the plan on Monday 30 November; a visit on Thursday
10 December; a review on Monday 22 February 2027 and the end on Monday 1 March 2027.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frontdoor.accounts.models import Agency, Role, Team
from frontdoor.accounts.tests.factories import PersonFactory, freeze, london, make_user
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.tests.factories import child_at, locality_team, social_worker, team_manager
from frontdoor.people import chronology
from frontdoor.people.chronology import chronology_for
from frontdoor.people.involvement import open_involvements
from frontdoor.people.models import Person
from frontdoor.safeguarding.mash import services as mash_services
from frontdoor.safeguarding.protection import services as protection_services
from frontdoor.safeguarding.strategy import services as strategy_services
from frontdoor.safeguarding.strategy.services import Attendance, ChildDecision

from .factories import (
    FULL_ATTENDANCE,
    RATIONALE,
    cads_csw,
    checks_to,
    conclude,
    conference_for,
    enquiry_for,
    icpc,
    mash_manager,
    partner,
    plan_from,
    section47_of,
)

pytestmark = pytest.mark.django_db

KINDS = [
    "mash",
    "strategy_discussion",
    "section_47",
    "conference",
    "cp_plan",
    "cp_visit",
    "protection",
]


def titles(person: Person, **filters: Any) -> list[tuple[str, str]]:
    events = chronology_for(person=person, kinds=filters.pop("kinds", KINDS), **filters)
    return [(event.kind, event.title) for event in events]


def safeguarding_labels(person: Person) -> list[str]:
    """The child's open involvement, leaving out casework's referral."""
    return [
        item.label
        for item in open_involvements([person.pk]).get(person.pk, [])
        if not item.label.startswith(("Open referral", "Referral waiting"))
    ]


@pytest.fixture
def norwich() -> Team:
    return locality_team()


@pytest.fixture
def path(monkeypatch: Any, norwich: Team) -> dict[str, Any]:
    """The path above, with an involvement reading taken at each step."""
    csw = cads_csw(first_name="Sam", last_name="Patel")
    chair = make_user(Role.TEAM_MANAGER, team=csw.team, first_name="Morgan", last_name="Reid")
    manager, worker = team_manager(norwich), social_worker(norwich, first_name="Ali")
    child, sibling = child_at(), child_at()
    readings: dict[str, list[str]] = {}

    freeze(monkeypatch, london(2026, 11, 6, 15, 0))
    enquiry = enquiry_for(csw, child)
    readings["opened"] = safeguarding_labels(child)
    freeze(monkeypatch, london(2026, 11, 6, 16, 0))
    enquiry = mash_services.mash_rate(
        actor=csw,
        enquiry_id=enquiry.pk,
        version=enquiry.version,
        rag="red",
        reason="Police shared a recent assault.",
    )
    readings["red"] = safeguarding_labels(child)
    freeze(monkeypatch, london(2026, 11, 6, 16, 5))
    police_check, gp_check = checks_to(enquiry, csw, "police", "health_gp")

    freeze(monkeypatch, london(2026, 11, 8, 9, 0))  # Sunday morning
    protection_services.immediate_protection_record(
        actor=csw,
        person=child,
        kind="police_protection",
        started_at=london(2026, 11, 7, 22, 0),
        authority="Inspector Dale",
        note="Found alone at home at night.",
    )
    freeze(monkeypatch, london(2026, 11, 9, 10, 0))
    mash_services.check_answer(
        actor=partner(Agency.POLICE),
        check_id=police_check.pk,
        version=None,
        answer="Two call-outs this year.",
    )
    freeze(monkeypatch, london(2026, 11, 9, 11, 0))
    mash_services.check_answer(
        actor=partner(Agency.HEALTH), check_id=gp_check.pk, version=None, nothing_known=True
    )
    freeze(monkeypatch, london(2026, 11, 9, 12, 0))
    # A strategy discussion is a manager's decision.
    conclude(enquiry, mash_manager(first_name="Ola", last_name="Reyes"))

    freeze(monkeypatch, london(2026, 11, 9, 15, 0))
    discussion = strategy_services.strategy_discussion_record(
        actor=csw,
        held_at=london(2026, 11, 9, 14, 0),
        chair_id=chair.pk,
        attendance=[
            *FULL_ATTENDANCE,
            Attendance("education", False, absence_reason="Head teacher on a course"),
        ],
        children=[
            ChildDecision(child.pk, True, RATIONALE),
            ChildDecision(sibling.pk, False, "The baby was at her grandmother's."),
        ],
        information_shared="Police call-outs; nothing known to the GP.",
        next_steps="Section 47 enquiry for the older child.",
        enquiry_id=enquiry.pk,
    )
    readings["section 47"] = safeguarding_labels(child)
    section47 = section47_of(child)
    referral_services.referral_allocate(
        actor=manager, referral_id=section47.referral_id, version=None, worker_id=worker.pk
    )
    freeze(monkeypatch, london(2026, 11, 20, 16, 0))
    section47 = icpc(section47, worker, date(2026, 11, 20))
    readings["icpc"] = safeguarding_labels(child)
    freeze(monkeypatch, london(2026, 11, 30, 16, 0))
    plan = plan_from(
        conference_for(section47, worker, date(2026, 11, 30)), worker, date(2026, 11, 30)
    )
    readings["plan"] = safeguarding_labels(child)
    freeze(monkeypatch, london(2026, 12, 10, 16, 0))
    protection_services.cp_visit_record(
        actor=worker,
        plan_id=plan.pk,
        visited_on=date(2026, 12, 10),
        child_seen=True,
        seen_alone=True,
        note="Spoke with her in her room.",
    )
    freeze(monkeypatch, london(2027, 2, 22, 16, 0))
    protection_services.cp_review_record(
        actor=worker, plan_id=plan.pk, held_on=date(2027, 2, 22), category="EMO", note="Better."
    )
    freeze(monkeypatch, london(2027, 3, 1, 12, 0))
    protection_services.cp_plan_end(
        actor=worker, plan_id=plan.pk, end_date=date(2027, 3, 1), reason="Risk reduced"
    )
    readings["ended"] = safeguarding_labels(child)
    return {
        "child": child,
        "sibling": sibling,
        "enquiry": enquiry,
        "discussion": discussion,
        "readings": readings,
        "csw": csw,
        "worker": worker,
    }


def test_the_path_in_the_chronology_newest_first(path: dict[str, Any]) -> None:
    child, enquiry = path["child"], path["enquiry"]
    m = enquiry.reference
    assert titles(child) == [
        ("cp_plan", "Child protection plan ended"),  # Mon 1 Mar 2027
        ("cp_plan", "Child protection review conference: Emotional abuse"),  # Mon 22 Feb
        ("cp_visit", "Child protection visit: child seen alone"),  # Thu 10 Dec
        # Mon 30 Nov, both known by their day only: the plan follows the conference.
        ("cp_plan", "Child protection plan started: Neglect"),
        ("conference", "Initial child protection conference: Child protection plan"),
        ("section_47", "Section 47 enquiry concluded: Initial child protection conference"),
        ("strategy_discussion", "Strategy discussion: section 47 enquiry started"),  # Mon 14:00
        ("mash", f"MASH enquiry {m} concluded: Strategy discussion"),  # Mon 9 Nov 12:00
        ("mash", "Health: GP check answered: nothing known"),  # 11:00
        ("mash", "Police check answered"),  # 10:00
        ("protection", "Police protection (Children Act 1989, s46)"),  # Sat 7 Nov 22:00
        ("mash", f"MASH enquiry {m} rated red (was amber)"),  # Fri 6 Nov 16:00
        ("mash", f"MASH enquiry {m} opened, rated amber"),  # 15:00
    ]
    # The sibling: their own decision, and nothing of the older child's.
    assert titles(path["sibling"]) == [
        ("strategy_discussion", "Strategy discussion: no section 47 enquiry")
    ]


def test_the_events_are_described(path: dict[str, Any]) -> None:
    child, csw, worker = path["child"], path["csw"], path["worker"]
    events = {event.title: event for event in chronology_for(person=child, kinds=KINDS)}

    strategy = events["Strategy discussion: section 47 enquiry started"]
    assert strategy.detail == (
        f"{RATIONALE}\n"
        "Chaired by Morgan Reid\n"
        "Took part: Local authority children's social care (Morgan Reid, Team manager); "
        "Police (DS Kay Lowe, Child protection); Health (Pat Quinn, Named nurse)\n"
        "Not there: Education (Head teacher on a course)"
    )
    assert (strategy.recorded_by, strategy.occurred_at, strategy.all_day) == (
        "Sam Patel",
        london(2026, 11, 9, 14, 0),
        False,
    )
    assert strategy.kind_label == "Strategy discussion"
    assert strategy.url

    police = events["Police check answered"]
    assert (police.detail, police.source) == ("Two call-outs this year.", "Police")
    concluded = events[f"MASH enquiry {path['enquiry'].reference} concluded: Strategy discussion"]
    assert concluded.detail.startswith("Police hold two call-outs")
    assert concluded.recorded_by == "Ola Reyes"
    rated = events[f"MASH enquiry {path['enquiry'].reference} rated red (was amber)"]
    assert rated.detail == "Police shared a recent assault."

    conference = events["Initial child protection conference: Child protection plan"]
    assert (conference.detail, conference.all_day) == (
        "Chaired by Independent chair: Robin Ash",
        True,
    )
    assert conference.occurred_on == date(2026, 11, 30)
    assert conference.recorded_by == str(worker)
    assert events["Child protection plan ended"].detail == "Risk reduced"
    assert (
        events["Child protection visit: child seen alone"].detail == "Spoke with her in her room."
    )
    protection = events["Police protection (Children Act 1989, s46)"]
    assert protection.detail == "Authorised by Inspector Dale\nFound alone at home at night."
    assert protection.recorded_by == str(csw)


def test_filters_by_kind_and_day(path: dict[str, Any]) -> None:
    child = path["child"]
    assert titles(child, kinds=["cp_visit", "protection"]) == [
        ("cp_visit", "Child protection visit: child seen alone"),
        ("protection", "Police protection (Children Act 1989, s46)"),
    ]
    on_monday = titles(child, date_from=date(2026, 11, 9), date_to=date(2026, 11, 9))
    assert [kind for kind, _ in on_monday] == ["strategy_discussion", "mash", "mash", "mash"]
    # The plan started on 30 Nov, ended on 1 Mar: each end only in its own window.
    assert titles(child, kinds=["cp_plan"], date_from=date(2027, 1, 1)) == [
        ("cp_plan", "Child protection plan ended"),
        ("cp_plan", "Child protection review conference: Emotional abuse"),
    ]
    assert titles(child, kinds=["cp_plan"], date_to=date(2026, 12, 31)) == [
        ("cp_plan", "Child protection plan started: Neglect"),
    ]
    # The enquiry opened Fri 6 Nov and concluded Mon 9 Nov: one day shows one of them.
    assert titles(child, kinds=["mash"], date_to=date(2026, 11, 6)) == [
        ("mash", f"MASH enquiry {path['enquiry'].reference} rated red (was amber)"),
        ("mash", f"MASH enquiry {path['enquiry'].reference} opened, rated amber"),
    ]


def test_a_merged_records_safeguarding_is_in_the_kept_records_chronology(
    path: dict[str, Any],
) -> None:
    kept = PersonFactory()
    Person.objects.filter(pk=path["child"].pk).update(merged_into=kept)
    assert titles(kept)[0] == ("cp_plan", "Child protection plan ended")
    assert len(titles(kept)) == 13


def test_each_provider_is_one_query(path: dict[str, Any]) -> None:
    providers = [
        p
        for p in chronology.registered_providers()
        if p.module == "frontdoor.safeguarding.chronology"
    ]
    assert {kind for p in providers for kind in p.kinds} == set(KINDS)
    for provider in providers:
        with CaptureQueriesContext(connection) as captured:
            events = list(provider.fetch([path["child"].pk, path["sibling"].pk], None, None))
        assert events, provider.key
        assert len(captured) == 1, provider.key


def test_open_involvement_along_the_path(path: dict[str, Any]) -> None:
    readings, m = path["readings"], path["enquiry"].reference
    assert readings == {
        # Amber from Fri 6 Nov 15:00: due Wed 11 Nov 15:00.
        "opened": [f"MASH enquiry {m}, rated amber (checks due 11 November 2026 15:00)"],
        # Red from Fri 16:00: Fri 1 hour, Mon 09:00-12:00.
        "red": [f"MASH enquiry {m}, rated red (checks due 9 November 2026 12:00)"],
        # Discussion Mon 9 Nov + 15 working days: Nov 10-13 (4), 16-20 (9), 23-27 (14),
        # Mon 30 Nov (15).
        "section 47": ["Section 47 enquiry (conference due 30 November 2026 if needed)"],
        "icpc": ["Section 47 enquiry (initial conference due 30 November 2026)"],
        "plan": ["Child protection plan (Neglect)"],
        "ended": [],
    }
    # Casework's referral is still open, with the worker who carried the plan.
    (referral,) = open_involvements([path["child"].pk])[path["child"].pk]
    assert (referral.label.startswith("Open referral"), referral.worker) == (
        True,
        str(path["worker"]),
    )


def test_open_involvement_says_who_holds_it(monkeypatch: Any, norwich: Team) -> None:
    csw = cads_csw()
    freeze(monkeypatch, london(2026, 11, 6, 15, 0))
    enquiry = enquiry_for(csw)
    (item,) = open_involvements([enquiry.person_id])[enquiry.person_id]
    assert (item.worker, item.team, item.since) == (str(csw), "CADS", london(2026, 11, 6, 15, 0))
    assert item.url


def test_a_second_plan_says_how_many_came_before(monkeypatch: Any, norwich: Team) -> None:
    csw = cads_csw()
    worker = social_worker(norwich)
    child = child_at()
    freeze(monkeypatch, london(2026, 11, 16, 10, 0))
    for held_at, start, end in (
        (london(2026, 11, 16, 9, 0), date(2026, 11, 16), date(2026, 11, 17)),
        (london(2026, 11, 18, 9, 0), date(2026, 11, 18), None),
    ):
        freeze(monkeypatch, held_at.replace(hour=12))
        strategy_services.strategy_discussion_record(
            actor=csw,
            held_at=held_at,
            chair_id=csw.pk,
            attendance=FULL_ATTENDANCE,
            children=[ChildDecision(child.pk, True, RATIONALE)],
            information_shared="Shared.",
            next_steps="Enquiry.",
        )
        section47 = child.section47s.latest("id")
        if section47.referral.worker_id is None:
            referral_services.referral_allocate(
                actor=team_manager(norwich),
                referral_id=section47.referral_id,
                version=None,
                worker_id=worker.pk,
            )
        section47 = icpc(section47, worker, start)
        plan = plan_from(conference_for(section47, worker, start), worker, start)
        if end:
            freeze(monkeypatch, london(2026, 11, 17, 16, 0))
            protection_services.cp_plan_end(
                actor=worker, plan_id=plan.pk, end_date=end, reason="Ended"
            )
    starts = [
        e
        for e in chronology_for(person=child, kinds=["cp_plan"])
        if e.title.startswith("Child protection plan started")
    ]
    assert [e.detail for e in starts] == ["1 earlier plan", ""]
