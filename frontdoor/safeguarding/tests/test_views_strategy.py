"""The strategy discussion, section 47, child protection plan and immediate protection pages,
through Django's test client as a browser without JavaScript would use them.

The strategy discussion is held on Monday 7 December 2026 at 10:00 about Amelia and Ben
Hart, siblings living in Norwich. Its initial conferences are due 15 working days later,
counted by hand: 8-11 Dec (4), 14-18 Dec (9), 21-24 Dec (13), Friday 25 December is
Christmas Day and Monday 28 December Boxing Day's substitute (26 December is a Saturday),
29 Dec (14), 30 Dec (15): Wednesday 30 December 2026.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pytest
from django.db import transaction

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    audit_since_now,
    checked_values,
    error_summary,
    freeze,
    input_value,
    london,
    make_user,
    textarea_text,
)
from frontdoor.casework.models import Referral
from frontdoor.casework.tests.factories import child_at, locality_team, team_manager
from frontdoor.casework.trays import tray_for
from frontdoor.core.models import AuditEvent
from frontdoor.people.models import Person, Relationship
from frontdoor.safeguarding.models import (
    Conference,
    CpPlan,
    ImmediateProtection,
    Section47,
    StrategyAction,
    StrategyAttendance,
    StrategyChild,
    StrategyDiscussion,
)
from frontdoor.safeguarding.protection import services as protection_services
from frontdoor.safeguarding.section47 import services as section47_services
from frontdoor.safeguarding.strategy import services as strategy_services

pytestmark = pytest.mark.django_db

HELD_AT = london(2026, 12, 7, 10, 0)  # Monday
NEW = "/safeguarding/strategy/new/"


@pytest.fixture
def team() -> Any:
    return locality_team()


@pytest.fixture
def manager(team: Any) -> Any:
    return team_manager(team, first_name="Maya", last_name="Brooks")


@pytest.fixture
def csw() -> Any:
    return make_user(Role.CSW, first_name="Chloe", last_name="Reid")


@pytest.fixture
def amelia(team: Any) -> Person:
    return child_at(first_name="Amelia", last_name="Hart")


@pytest.fixture(autouse=True)
def csw_holds_amelia(csw: Any, amelia: Person) -> None:
    """The CSW's contact about Amelia, waiting for the strategy discussion: the front door's
    reason to open her record."""
    ContactFactory(csw=csw, child__person=amelia)


@pytest.fixture
def ben(amelia: Person) -> Person:
    ben = child_at(first_name="Ben", last_name="Hart", date_of_birth=date(2018, 6, 1))
    Relationship.objects.create(person=amelia, relative=ben, kind=Relationship.Kind.SIBLING)
    return ben


@pytest.fixture
def afternoon(monkeypatch: Any) -> datetime:
    return freeze(monkeypatch, london(2026, 12, 7, 15, 0))


def _date(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def _datetime(name: str, moment: datetime) -> dict[str, str]:
    return _date(name, moment.date()) | {f"{name}_time": f"{moment:%H:%M}"}


def strategy_post(children: list[Person], chair: Any, owner: Any, **fields: Any) -> dict[str, Any]:
    """Everything the strategy form submits, filled in as a complete discussion."""
    data: dict[str, Any] = {
        "action": "record",
        "children": [str(child.pk) for child in children],
        **_datetime("held_at", HELD_AT),
        "chair": str(chair.pk),
        "attended_local_authority": "yes",
        "name_local_authority": "Chloe Reid",
        "role_local_authority": "Consultant social worker",
        "attended_police": "yes",
        "name_police": "DC Priya Shah",
        "role_police": "Child abuse investigation team",
        "attended_health": "yes",
        "name_health": "Jo Adeyemi",
        "role_health": "Named nurse for safeguarding",
        "information_shared": "Amelia disclosed that her stepfather hit her with a belt.",
        "interim_safety_plan": "Stepfather to stay with his brother while enquiries are made.",
        "legal_advice_needed": "no",
        "next_steps": "Joint visit today; medical for Amelia tomorrow.",
        **{f"s47_{child.pk}": "yes" for child in children},
        **{
            f"rationale_{child.pk}": f"Risk of physical harm to {child.first_name}."
            for child in children
        },
        "action_1_owner": str(owner.pk),
        "action_1_what": "Arrange the child protection medical for Amelia",
        **_date("action_1_due", date(2026, 12, 8)),
    }
    return data | fields


def record_discussion(chair: Any, children: list[Person], owner: Any) -> StrategyDiscussion:
    Attendance = strategy_services.Attendance
    with transaction.atomic():
        return strategy_services.strategy_discussion_record(
            actor=chair,
            held_at=HELD_AT,
            chair_id=chair.pk,
            attendance=[
                Attendance("local_authority", True, "Chloe Reid", "CSW"),
                Attendance("police", True, "DC Priya Shah", "CAIT"),
                Attendance("health", False, absence_reason="Nurse on leave; GP records shared"),
            ],
            children=[
                strategy_services.ChildDecision(c.pk, True, f"Risk of harm to {c.first_name}")
                for c in children
            ],
            information_shared="Amelia disclosed that her stepfather hit her with a belt.",
            next_steps="Joint visit today.",
            actions=[strategy_services.Action(owner.pk, "Arrange the medical", date(2026, 12, 8))],
        )


def saved_nothing() -> bool:
    return not (
        StrategyDiscussion.objects.exists()
        or StrategyAttendance.objects.exists()
        or StrategyChild.objects.exists()
        or StrategyAction.objects.exists()
        or Section47.objects.exists()
        or Referral.objects.exists()
    )


# --- recording a strategy discussion ---------------------------------------------------------


def test_the_form_starts_with_the_child_and_offers_their_sibling(
    client, afternoon, csw, amelia, ben
) -> None:
    client.force_login(csw)
    response = client.get(f"{NEW}?person={amelia.pk}")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'name="s47_{amelia.pk}"' in body
    assert f'name="s47_{ben.pk}"' not in body
    assert f'name="add" value="{ben.pk}"' in body and "Sibling of Amelia Hart" in body
    assert f'<option value="{csw.pk}" selected>' in body  # the CSW chairs by default
    for agency in ("local_authority", "police", "health"):
        assert f'name="absence_{agency}"' in body
    assert AuditEvent.objects.filter(
        action="view", object_type="people.person", object_id=str(amelia.pk)
    ).exists()

    # Adding Ben keeps everything typed so far and shows no errors.
    typed = {
        "children": [str(amelia.pk)],
        "add": str(ben.pk),
        "information_shared": "Bruising seen by the school nurse.",
        "attended_police": "no",
        **_date("held_at", date(2026, 12, 7)),
    }
    body = client.post(f"{NEW}?person={amelia.pk}", typed).content.decode()
    assert error_summary(body) == []
    assert f'name="s47_{ben.pk}"' in body and f'name="rationale_{ben.pk}"' in body
    assert f'name="add" value="{ben.pk}"' not in body
    assert textarea_text(body, "information_shared") == "Bruising seen by the school nurse."
    assert checked_values(body, "attended_police") == ["no"]
    assert input_value(body, "held_at_day") == "7"
    assert input_value(body, "held_at_time") == ""

    # Taking Ben off again keeps it all too, and offers him once more.
    typed = typed | {"children": [str(amelia.pk), str(ben.pk)], "remove": str(ben.pk)}
    del typed["add"]
    body = client.post(f"{NEW}?person={amelia.pk}", typed).content.decode()
    assert error_summary(body) == []
    assert f'name="s47_{ben.pk}"' not in body and f'name="add" value="{ben.pk}"' in body
    assert textarea_text(body, "information_shared") == "Bruising seen by the school nurse."
    assert 'name="remove"' not in body  # the last child cannot be taken off
    assert saved_nothing()


def test_police_absent_without_a_reason_is_refused_at_the_reason_then_saved_with_one(
    client, afternoon, csw, amelia, ben
) -> None:
    client.force_login(csw)
    data = strategy_post([amelia, ben], csw, csw, attended_police="no", name_police="")
    response = client.post(f"{NEW}?person={amelia.pk}", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [("#id_absence_police", "Enter why Police was not there")]
    assert 'id="id_absence_police-error"' in body
    # Everything typed is kept, for both children.
    assert checked_values(body, "attended_police") == ["no"]
    assert input_value(body, "name_health") == "Jo Adeyemi"
    assert input_value(body, "held_at_time") == "10:00"
    assert checked_values(body, f"s47_{ben.pk}") == ["yes"]
    assert textarea_text(body, f"rationale_{ben.pk}") == "Risk of physical harm to Ben."
    assert textarea_text(body, "action_1_what") == "Arrange the child protection medical for Amelia"
    assert f'<input type="hidden" name="children" value="{ben.pk}">' in body
    assert saved_nothing()

    data["absence_police"] = "Officer called to an emergency; PNC checks shared before the call."
    response = client.post(f"{NEW}?person={amelia.pk}", data)
    assert response.status_code == 302
    discussion = StrategyDiscussion.objects.get()
    assert response["Location"] == f"/safeguarding/strategy/{discussion.pk}/"
    police = discussion.attendance.get(agency="police")
    assert (police.attended, police.absence_reason) == (False, data["absence_police"])
    assert {c.person for c in discussion.children.all()} == {amelia, ben}
    assert Section47.objects.filter(person__in=[amelia, ben]).count() == 2
    assert discussion.chair == csw and discussion.held_at == HELD_AT


def test_a_decision_without_a_rationale_is_refused_at_that_childs_rationale(
    client, afternoon, csw, amelia, ben
) -> None:
    client.force_login(csw)
    data = strategy_post([amelia, ben], csw, csw, **{f"s47_{ben.pk}": "no"})
    data[f"rationale_{ben.pk}"] = "  "
    body = client.post(NEW, data).content.decode()
    assert error_summary(body) == [
        (f"#id_rationale_{ben.pk}", "Enter why the discussion decided as it did for Ben Hart")
    ]
    assert checked_values(body, f"s47_{ben.pk}") == ["no"]
    assert saved_nothing()


def test_a_missing_decision_and_a_bad_action_show_at_their_fields(
    client, afternoon, csw, amelia
) -> None:
    client.force_login(csw)
    data = strategy_post([amelia], csw, csw)
    del data[f"s47_{amelia.pk}"]
    body = client.post(NEW, data).content.decode()
    assert error_summary(body) == [
        (f"#id_s47_{amelia.pk}_0", "Select whether a section 47 enquiry starts for Amelia Hart")
    ]
    # Action 2 has a task but nobody to do it.
    data = strategy_post([amelia], csw, csw, action_2_what="Tell the school")
    body = client.post(NEW, data).content.decode()
    assert error_summary(body) == [("#id_action_2_owner", "Select who does each action")]
    assert textarea_text(body, "action_2_what") == "Tell the school"
    assert saved_nothing()


def test_the_discussion_page_shows_everything_and_the_action_is_in_its_owners_tray(
    client, afternoon, csw, manager, amelia, ben
) -> None:
    client.force_login(csw)
    response = client.post(NEW, strategy_post([amelia, ben], csw, manager))
    assert response.status_code == 302
    discussion = StrategyDiscussion.objects.get()
    action = discussion.actions.get()
    tray = tray_for(manager, on=date(2026, 12, 7))
    assert [item.ref for item in tray.mine] == [f"safeguarding.strategyaction:{action.pk}"]
    assert tray.mine[0].url == f"/safeguarding/strategy/{discussion.pk}/"

    body = client.get(response["Location"]).content.decode()
    assert "Strategy discussion recorded" in body
    assert "Strategy discussion about Amelia Hart and Ben Hart" in body
    assert "Monday 7 December 2026, 10:00" in body
    assert "DC Priya Shah, Child abuse investigation team" in body
    assert "Risk of physical harm to Ben." in body
    for child in discussion.children.all():
        assert f'href="/safeguarding/section47/{child.section47.pk}/"' in body
        assert f'href="/casework/referrals/{child.referral_id}/"' in body
    # Due tomorrow, 1 working day away: amber.
    assert "Tue 8 Dec 2026" in body and "Due soon" in body
    assert f'action="/safeguarding/strategy/actions/{action.pk}/done/"' in body
    assert AuditEvent.objects.filter(
        action="view", object_type="safeguarding.strategydiscussion"
    ).exists()

    # The owner marks it done; a note is needed.
    client.force_login(manager)
    url = f"/safeguarding/strategy/actions/{action.pk}/done/"
    response = client.post(url, {f"done-{action.pk}-note": ""})
    assert error_summary(response.content.decode()) == [
        (f"#id_done-{action.pk}-note", "Enter what was done")
    ]
    response = client.post(url, {f"done-{action.pk}-note": "Medical booked for 9am"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_note == "Medical booked for 9am" and action.done_at is not None
    assert tray_for(manager, on=date(2026, 12, 7)).mine == []


def test_someone_else_cannot_mark_an_action_done(client, afternoon, csw, manager, amelia) -> None:
    discussion = record_discussion(csw, [amelia], csw)
    action = discussion.actions.get()
    advisor = make_user(Role.PATHWAY_ADVISOR)
    client.force_login(advisor)
    body = client.get(f"/safeguarding/strategy/{discussion.pk}/").content.decode()
    assert "/done/" not in body
    url = f"/safeguarding/strategy/actions/{action.pk}/done/"
    assert client.post(url, {f"done-{action.pk}-note": "Done"}).status_code == 403


# --- section 47, conference and plan ---------------------------------------------------------


def test_section47_outcome_conference_and_plan(client, monkeypatch, csw, manager, amelia) -> None:
    freeze(monkeypatch, london(2026, 12, 7, 15, 0))
    discussion = record_discussion(csw, [amelia], csw)
    section47 = Section47.objects.get(strategy_child__discussion=discussion)
    url = f"/safeguarding/section47/{section47.pk}/"
    client.force_login(manager)  # manages the Norwich team the referral went to

    body = client.get(url).content.decode()
    assert "Monday 7 December 2026" in body  # started
    assert "Wednesday 30 December 2026" in body  # conference due, counted by hand
    assert 'name="outcome-outcome"' in body
    assert 'value="conference"' not in body  # no conference form before the outcome

    freeze(monkeypatch, london(2026, 12, 21, 10, 0))
    client.force_login(manager)  # signed in again: the session ended after 30 idle minutes
    response = client.post(
        url,
        {"action": "outcome", "outcome-version": "1", "outcome-outcome": "icpc"}
        | _date("outcome-outcome_on", date(2026, 12, 18)),
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "Initial child protection conference, 18 December 2026" in body
    # 5 working days left on Monday 21 December: on time.
    assert (
        'Wednesday 30 December 2026 <strong class="govuk-tag govuk-tag--green">On time</strong>'
        in body
    )
    assert 'value="conference"' in body

    conference = {
        "action": "conference",
        "conference-outcome": "cp_plan",
        "conference-chair": "Harriet Lowe, independent chair",
    }
    response = client.post(url, conference | _date("conference-held_on", date(2026, 12, 19)))
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [
        (
            "#id_conference-held_on_day",
            "Saturday 19 December 2026 is a weekend: conferences are held on weekdays",
        )
    ]
    assert input_value(body, "conference-chair") == "Harriet Lowe, independent chair"
    assert checked_values(body, "conference-outcome") == ["cp_plan"]
    assert not Conference.objects.exists()

    response = client.post(url, conference | _date("conference-held_on", date(2026, 12, 21)))
    assert response.status_code == 302
    held = Conference.objects.get()
    assert held.held_on == date(2026, 12, 21)

    plan = {"action": "plan", "plan-category": "PHY"}
    response = client.post(url, plan | _date("plan-start_date", date(2026, 12, 18)))
    body = response.content.decode()
    assert error_summary(body) == [
        (
            "#id_plan-start_date_day",
            "The plan start date must be the same as or after the conference (21 December 2026)",
        )
    ]
    assert checked_values(body, "plan-category") == ["PHY"]
    assert not CpPlan.objects.exists()

    response = client.post(url, plan | _date("plan-start_date", date(2026, 12, 21)))
    cp_plan = CpPlan.objects.get()
    assert response["Location"] == f"/safeguarding/plans/{cp_plan.pk}/"
    body = client.get(response["Location"]).content.decode()
    assert "Child protection plan started" in body
    assert "PHY: Physical abuse" in body
    # First review 3 months on, Sun 21 Mar 2027, brought back to the working day before,
    # Fri 19 Mar; first visit 10 working days on, by hand: 22-24 Dec (3),
    # 25 and 28 Dec bank holidays, 29-31 Dec (6), 1 Jan bank holiday, 4-7 Jan (10).
    assert "Fri 19 Mar 2027" in body
    assert 'Thu 7 Jan 2027 <strong class="govuk-tag govuk-tag--green">On time</strong>' in body
    assert AuditEvent.objects.filter(action="view", object_type="safeguarding.cpplan").exists()
    assert AuditEvent.objects.filter(action="view", object_type="safeguarding.section47").exists()


def test_visits_reviews_and_ending_the_plan(client, monkeypatch, csw, manager, amelia) -> None:
    freeze(monkeypatch, london(2026, 12, 7, 15, 0))
    discussion = record_discussion(csw, [amelia], csw)
    section47 = Section47.objects.get(strategy_child__discussion=discussion)
    section47_services.section47_outcome_record(
        actor=manager,
        section47_id=section47.pk,
        version=1,
        outcome="icpc",
        outcome_on=date(2026, 12, 7),
    )
    conference = section47_services.conference_record(
        actor=manager,
        section47_id=section47.pk,
        held_on=date(2026, 12, 7),
        outcome="cp_plan",
        chair="Harriet Lowe",
    )
    plan = protection_services.cp_plan_start(
        actor=manager, conference_id=conference.pk, start_date=date(2026, 12, 7), category="NEG"
    )
    freeze(monkeypatch, london(2026, 12, 11, 10, 0))
    client.force_login(manager)
    url = f"/safeguarding/plans/{plan.pk}/"

    visit = {"action": "visit", "visit-child_seen": "no", "visit-seen_alone": "yes"}
    body = client.post(url, visit | _date("visit-visited_on", date(2026, 12, 10))).content.decode()
    assert error_summary(body) == [
        ("#id_visit-seen_alone_0", "A child not seen cannot have been seen alone")
    ]
    visit["visit-child_seen"] = "yes"
    response = client.post(url, visit | _date("visit-visited_on", date(2026, 12, 10)))
    assert response.status_code == 302

    review = {"action": "review", "review-category": "EMO", "review-note": "Drift"}
    body = client.post(url, review | _date("review-held_on", date(2026, 12, 5))).content.decode()
    assert error_summary(body)[0][0] == "#id_review-held_on_day"
    assert textarea_text(body, "review-note") == "Drift"
    response = client.post(url, review | _date("review-held_on", date(2026, 12, 11)))
    assert response.status_code == 302

    body = client.get(url).content.decode()
    assert "EMO: Emotional abuse" in body and "At the start: NEG: Neglect" in body
    assert "10 Dec 2026" in body

    end = {"action": "end", "end-end_reason": ""}
    body = client.post(url, end | _date("end-end_date", date(2026, 12, 11))).content.decode()
    assert error_summary(body) == [("#id_end-end_reason", "Enter why the plan ends")]
    end["end-end_reason"] = "Risk reduced"
    assert client.post(url, end | _date("end-end_date", date(2026, 12, 11))).status_code == 302
    plan.refresh_from_db()
    assert plan.end_date == date(2026, 12, 11)
    body = client.get(url).content.decode()
    assert 'value="visit"' not in body  # an ended plan takes no more


# --- immediate protection --------------------------------------------------------------------


def test_immediate_protection_is_recorded(client, afternoon, csw, amelia) -> None:
    client.force_login(csw)
    url = f"/safeguarding/protection/new/?person={amelia.pk}"
    assert client.get(url).status_code == 200
    data = {"kind": "police_protection", "authority": "PC 1234 Morgan", "note": ""}
    future = _datetime("started_at", london(2026, 12, 7, 16, 0))
    body = client.post(url, data | future).content.decode()
    assert error_summary(body) == [
        ("#id_started_at_day", "The protection must have started already")
    ]
    assert input_value(body, "authority") == "PC 1234 Morgan"
    assert not ImmediateProtection.objects.exists()
    response = client.post(url, data | _datetime("started_at", london(2026, 12, 7, 13, 30)))
    assert response.status_code == 302
    assert response["Location"] == f"/people/{amelia.pk}/"
    record = ImmediateProtection.objects.get()
    assert (record.person, record.started_at) == (amelia, london(2026, 12, 7, 13, 30))


# --- permissions and audit -------------------------------------------------------------------


def test_a_mash_partner_is_refused_every_page(client, afternoon, csw, amelia) -> None:
    discussion = record_discussion(csw, [amelia], csw)
    section47 = Section47.objects.get()
    head = make_user(Role.HEAD_OF_SERVICE)
    section47_services.section47_outcome_record(
        actor=head,
        section47_id=section47.pk,
        version=1,
        outcome="icpc",
        outcome_on=date(2026, 12, 7),
    )
    conference = section47_services.conference_record(
        actor=head,
        section47_id=section47.pk,
        held_on=date(2026, 12, 7),
        outcome="cp_plan",
        chair="Harriet Lowe",
    )
    plan = protection_services.cp_plan_start(
        actor=head, conference_id=conference.pk, start_date=date(2026, 12, 7), category="NEG"
    )
    action = discussion.actions.get()
    client.force_login(make_user(Role.MASH_PARTNER))
    new = audit_since_now()
    urls = [
        f"{NEW}?person={amelia.pk}",
        f"/safeguarding/strategy/{discussion.pk}/",
        f"/safeguarding/section47/{section47.pk}/",
        f"/safeguarding/plans/{plan.pk}/",
        f"/safeguarding/protection/new/?person={amelia.pk}",
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"action": "record"}).status_code == 403, url
    done = f"/safeguarding/strategy/actions/{action.pk}/done/"
    assert client.post(done, {f"done-{action.pk}-note": "x"}).status_code == 403
    assert not new.filter(action="view").exists()


def test_every_page_audits_the_view(client, afternoon, csw, amelia) -> None:
    discussion = record_discussion(csw, [amelia], csw)
    section47 = Section47.objects.get()
    client.force_login(csw)
    pages = {
        f"{NEW}?person={amelia.pk}": ("people.person", amelia.pk),
        f"/safeguarding/strategy/{discussion.pk}/": (
            "safeguarding.strategydiscussion",
            discussion.pk,
        ),
        f"/safeguarding/section47/{section47.pk}/": ("safeguarding.section47", section47.pk),
        f"/safeguarding/protection/new/?person={amelia.pk}": ("people.person", amelia.pk),
    }
    for url, (object_type, object_id) in pages.items():
        new = audit_since_now()
        assert client.get(url).status_code == 200, url
        assert new.filter(
            action="view", actor=csw, object_type=object_type, object_id=str(object_id)
        ).exists(), url
    # Read-only for a CSW not holding the referral: no forms, and posting is refused.
    body = client.get(f"/safeguarding/section47/{section47.pk}/").content.decode()
    assert 'name="outcome-outcome"' not in body
    post = {"action": "outcome", "outcome-version": "1", "outcome-outcome": "nfa"}
    assert client.post(f"/safeguarding/section47/{section47.pk}/", post).status_code == 403


def test_a_strategy_discussion_sent_twice_is_recorded_once(client, afternoon, csw, amelia) -> None:
    client.force_login(csw)
    page = client.get(f"{NEW}?person={amelia.pk}").content.decode()
    token = re.search(r'name="once" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    data = strategy_post([amelia], csw, csw) | {"once": token}
    first = client.post(f"{NEW}?person={amelia.pk}", data)
    second = client.post(f"{NEW}?person={amelia.pk}", data)
    discussion = StrategyDiscussion.objects.get()
    assert first["Location"] == second["Location"] == f"/safeguarding/strategy/{discussion.pk}/"
    assert Section47.objects.filter(person=amelia).count() == 1
