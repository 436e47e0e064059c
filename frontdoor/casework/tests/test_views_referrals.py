"""The referral, unallocated, assessment and oversight pages through Django's test client,
as a browser without JavaScript would use them.

Referrals are received on Friday 6 November 2026; assessments are due on Wednesday
13 January 2027. "Now" is fixed in each test with `freeze`.
"""

from __future__ import annotations

import re
from datetime import date
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
    only_child,
    textarea_text,
)
from frontdoor.casework.assessments import services as assessment_services
from frontdoor.casework.models import Assessment, CinPlan, EarlyHelpEpisode, Oversight, Referral
from frontdoor.casework.oversight import services as oversight_services
from frontdoor.casework.plans import services as plan_services
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.tests.factories import (
    allocated_referral,
    child_at,
    locality_team,
    make_referral,
    social_worker,
    team_manager,
    written_assessment,
)
from frontdoor.core.models import AuditEvent

pytestmark = pytest.mark.django_db

CONFLICT = (
    "Somebody else changed this record while you were working on it. "
    "Your changes have not been saved: check the latest version below."
)


@pytest.fixture
def team() -> Any:
    return locality_team()


@pytest.fixture
def manager(team: Any) -> Any:
    return team_manager(team, first_name="Maya", last_name="Brooks")


@pytest.fixture
def worker(team: Any) -> Any:
    return social_worker(team, first_name="Sam", last_name="Okafor")


@pytest.fixture
def on_20_november(monkeypatch: Any) -> None:
    freeze(monkeypatch, london(2026, 11, 20, 10, 0))


def _date(name: str, day: date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def assessment_post(action: str = "save", version: int = 1, **fields: Any) -> dict[str, Any]:
    """Everything the assessment form submits, filled in as a complete assessment."""
    data: dict[str, Any] = {
        "action": action,
        "version": str(version),
        **_date("child_seen_on", date(2026, 11, 10)),
        "child_seen_alone": "yes",
        "child_views": "Says she feels safe at home but worries about her mum.",
        "culture_identity": "Polish heritage; speaks Polish at home; Catholic family.",
        "factors": ["3B", "4B"],
        "analysis": "Domestic abuse between the parents; mother engaging with support.",
        "outcome": "cin_plan",
        "requires_support": "yes",
        "late_reason": "",
    }
    return data | fields


def assessment_url(assessment: Assessment) -> str:
    return f"/casework/assessments/{assessment.pk}/"


def referral_url(referral: Referral, action: str = "") -> str:
    return f"/casework/referrals/{referral.pk}/" + (f"{action}/" if action else "")


def started(referral: Referral, worker: Any) -> Assessment:
    return assessment_services.assessment_start(
        actor=worker, referral_id=referral.pk, started_on=date(2026, 11, 9)
    )


# --- the unallocated list and allocation -----------------------------------------------------


def test_a_team_manager_allocates_from_the_unallocated_list(
    client, monkeypatch, team, manager, worker
) -> None:
    freeze(monkeypatch, london(2026, 11, 9, 10, 0))
    lee = social_worker(team, first_name="Lee", last_name="Ward")
    allocated_referral(lee, manager)  # Lee already has one open case
    referral = make_referral(child_at(first_name="Amelia", last_name="Hart"))
    client.force_login(manager)

    listing = client.get("/casework/unallocated/").content.decode()
    assert "Locality: Norwich" in listing
    assert "Amelia Hart" in listing
    assert "6 Nov 2026" in listing  # referred
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in listing
    assert '13 Nov 2026 <strong class="govuk-tag govuk-tag--green">On time</strong>' in listing
    assert '9 Nov 2026 <strong class="govuk-tag govuk-tag--orange">Due today</strong>' in listing
    assert f'href="/casework/referrals/{referral.pk}/allocate/"' in listing

    page = client.get(referral_url(referral, "allocate")).content.decode()
    assert f'value="{worker.pk}"' in page
    assert "Sam Okafor, 0 open cases" in page
    assert "Lee Ward, 1 open case<" in page
    assert page.index("Sam Okafor, 0 open cases") < page.index("Lee Ward, 1 open case")

    response = client.post(
        referral_url(referral, "allocate"), {"worker": str(worker.pk), "version": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == referral_url(referral)
    referral.refresh_from_db()
    assert (referral.worker, referral.risk_review_due_on, referral.version) == (worker, None, 2)
    follow = client.get(response["Location"]).content.decode()
    assert "Allocated to Sam Okafor" in follow
    assert "Amelia Hart" not in client.get("/casework/unallocated/").content.decode()


def test_allocating_without_choosing_a_worker_says_so(client, manager, worker) -> None:
    referral = make_referral()
    client.force_login(manager)
    response = client.post(referral_url(referral, "allocate"), {"version": "1"})
    assert response.status_code == 200
    assert error_summary(response.content.decode()) == [("#id_worker_0", "Select the worker")]
    referral.refresh_from_db()
    assert referral.worker is None


def test_allocating_over_someone_elses_allocation_is_a_conflict(
    client, team, manager, worker
) -> None:
    referral = make_referral()
    lee = social_worker(team, first_name="Lee", last_name="Ward")
    referral_services.referral_allocate(
        actor=manager, referral_id=referral.pk, version=1, worker_id=lee.pk
    )
    client.force_login(manager)
    response = client.post(
        referral_url(referral, "allocate"), {"worker": str(worker.pk), "version": "1"}
    )
    body = response.content.decode()
    assert error_summary(body) == [("", CONFLICT)]
    assert input_value(body, "version") == "2"
    assert checked_values(body, "worker") == [str(worker.pk)]  # the choice is kept
    assert "Lee Ward" in body  # the latest allocation
    referral.refresh_from_db()
    assert referral.worker == lee


def test_head_of_service_sees_every_team_and_referrals_with_no_team(client, team) -> None:
    other = locality_team("Locality: King's Lynn", "PE30")
    make_referral(child_at(first_name="Amelia", last_name="Hart"))
    make_referral(child_at("PE30 1AA", first_name="Ben", last_name="Cole"))
    nowhere = make_referral(child_at("IP1 1AA", first_name="Cara", last_name="Dunn"))
    client.force_login(make_user(Role.HEAD_OF_SERVICE))
    body = client.get("/casework/unallocated/").content.decode()
    assert "Locality: Norwich" in body and other.name.replace("'", "&#x27;") in body
    assert "Amelia Hart" in body and "Ben Cole" in body
    assert "No locality team yet" in body and "Cara Dunn" in body
    assert f'href="/casework/referrals/{nowhere.pk}/team/"' in body


def test_a_team_manager_sees_only_their_own_team(client, manager) -> None:
    locality_team("Locality: King's Lynn", "PE30")
    make_referral(child_at("PE30 1AA", first_name="Ben", last_name="Cole"))
    client.force_login(manager)
    body = client.get("/casework/unallocated/").content.decode()
    assert "Ben Cole" not in body
    assert "No cases waiting." in body


@pytest.mark.parametrize("role", [Role.CSW, Role.MASH_PARTNER, Role.LOCALITY_SOCIAL_WORKER])
def test_only_managers_see_the_unallocated_list(client, role) -> None:
    client.force_login(make_user(role))
    assert client.get("/casework/unallocated/").status_code == 403
    assert "/casework/unallocated/" not in client.get("/").content.decode()


def test_managers_have_unallocated_cases_in_the_navigation(client, manager) -> None:
    client.force_login(manager)
    assert 'href="/casework/unallocated/"' in client.get("/").content.decode()


def test_changing_team_needs_a_reason(client, manager) -> None:
    other = locality_team("Locality: Thetford", "IP24")
    referral = make_referral()
    client.force_login(manager)
    response = client.post(
        referral_url(referral, "team"), {"team": str(other.pk), "reason": " ", "version": "1"}
    )
    assert error_summary(response.content.decode()) == [
        ("#id_reason", "Enter why the referral goes to this team")
    ]
    response = client.post(
        referral_url(referral, "team"),
        {"team": str(other.pk), "reason": "Family moved to Thetford", "version": "1"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.team == other
    assert referral.allocations.filter(team=other, reason="Family moved to Thetford").exists()


def test_a_risk_review_needs_a_date_after_today(client, monkeypatch, manager) -> None:
    freeze(monkeypatch, london(2026, 11, 9, 10, 0))
    referral = make_referral()
    client.force_login(manager)
    data = {"note": "Spoke to the school: child attending and presenting well."}
    response = client.post(
        referral_url(referral, "risk-review"), data | _date("next_review_on", date(2026, 11, 9))
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [
        (
            "#id_next_review_on_day",
            "The next risk review must be after today and no later than 16 November 2026",
        )
    ]
    assert textarea_text(body, "note") == data["note"]
    assert not referral.risk_reviews.exists()

    response = client.post(
        referral_url(referral, "risk-review"), data | _date("next_review_on", date(2026, 11, 12))
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.risk_review_due_on == date(2026, 11, 12)
    assert referral.risk_reviews.get().note == data["note"]


# --- the referral page -----------------------------------------------------------------------


def test_the_referral_page_shows_the_child_the_clocks_and_the_actions(
    client, on_20_november, manager, worker
) -> None:
    referral = allocated_referral(worker, manager, child_at(first_name="Amelia", last_name="Hart"))
    client.force_login(worker)
    response = client.get(referral_url(referral))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="/people/{referral.person_id}/"' in body
    assert f"R{referral.pk:06d}" in body
    assert "2A: Schools" in body
    assert "Sam Okafor" in body
    # Child seen was due 13 November; the assessment is due 13 January 2027.
    assert "Fri 13 Nov 2026" in body and "Overdue" in body
    assert "Wed 13 Jan 2027" in body and "On time" in body
    assert "Allocation to a worker" not in body  # allocated: that clock has stopped
    assert f'href="/casework/referrals/{referral.pk}/assessments/start/"' in body
    assert f'href="/casework/referrals/{referral.pk}/close/"' in body
    assert f'href="/casework/referrals/{referral.pk}/allocate/"' not in body  # managers only
    assert f'href="/casework/referrals/{referral.pk}/oversight/"' not in body


def test_the_referral_page_lists_the_contacts_in_the_episode(client, manager) -> None:
    contact = ContactFactory()
    link = only_child(contact)
    with transaction.atomic():
        referral = referral_services.referral_open(
            actor=manager,
            person=link.person,
            referral_date=date(2026, 11, 6),
            source="2A",
            origin=link,
        )
    # No team holds a referral for a child with no postcode: it is the head of service's.
    client.force_login(make_user(Role.HEAD_OF_SERVICE))
    body = client.get(referral_url(referral)).content.decode()
    assert f'href="/contacts/{contact.pk}/">Contact C{contact.pk:06d}</a>' in body
    assert "No team yet" in body  # the child has no postcode


def test_a_manager_sees_the_unallocated_clocks_and_manager_actions(
    client, on_20_november, manager
) -> None:
    referral = make_referral()
    client.force_login(manager)
    body = client.get(referral_url(referral)).content.decode()
    assert "Allocation to a worker" in body and "Mon 9 Nov 2026" in body
    assert "Risk review while unallocated" in body
    for action in ("allocate", "team", "risk-review", "oversight"):
        assert f'href="/casework/referrals/{referral.pk}/{action}/"' in body


# --- assessments -----------------------------------------------------------------------------


def test_a_worker_completes_and_a_different_manager_authorises(
    client, on_20_november, team, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = started(referral, worker)
    client.force_login(worker)
    page = client.get(assessment_url(assessment)).content.decode()
    assert "Wednesday 13 January 2027" in page
    assert 'value="complete"' in page

    response = client.post(assessment_url(assessment), assessment_post("complete"))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.submitted_by) == ("submitted", worker)
    assert assessment.factors == ["3B", "4B"]
    assert assessment.child_seen_alone is True

    client.force_login(manager)
    page = client.get(assessment_url(assessment)).content.decode()
    assert 'value="authorise"' in page
    data = {"action": "authorise", "version": str(assessment.version), "comment": "Good work."}
    response = client.post(
        assessment_url(assessment), data | _date("authorised_on", date(2026, 11, 20))
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.authorised_by, assessment.authorised_on) == (
        "authorised",
        manager,
        date(2026, 11, 20),
    )
    assert assessment.manager_comment == "Good work."


def test_a_manager_returns_an_assessment_with_a_comment(
    client, on_20_november, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = written_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    assessment_services.assessment_complete(actor=worker, assessment_id=assessment.pk, version=2)
    client.force_login(manager)
    response = client.post(
        assessment_url(assessment), {"action": "return", "version": "3", "comment": ""}
    )
    assert error_summary(response.content.decode()) == [
        ("#id_comment", "Enter what needs to change")
    ]
    response = client.post(
        assessment_url(assessment),
        {"action": "return", "version": "3", "comment": "Add the father's views."},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.manager_comment) == (
        "returned",
        "Add the father's views.",
    )
    client.force_login(worker)
    page = client.get(assessment_url(assessment)).content.decode()
    assert "Returned by the manager:" in page and 'value="complete"' in page


def test_the_author_cannot_authorise_their_own_assessment(client, on_20_november, manager) -> None:
    referral = make_referral()  # unallocated: the manager does the assessment herself
    assessment = written_assessment(
        referral, manager, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    assessment_services.assessment_complete(actor=manager, assessment_id=assessment.pk, version=2)
    client.force_login(manager)
    data = {"action": "authorise", "version": "3", "comment": ""}
    response = client.post(
        assessment_url(assessment), data | _date("authorised_on", date(2026, 11, 20))
    )
    assert response.status_code == 200
    assert error_summary(response.content.decode()) == [
        ("", "You cannot authorise an assessment you wrote: ask another manager")
    ]
    assessment.refresh_from_db()
    assert (assessment.status, assessment.authorised_by) == ("submitted", None)


def test_an_unqualified_worker_cannot_complete_and_nothing_is_saved(
    client, on_20_november, team, manager
) -> None:
    student = social_worker(team, registered=False, first_name="Ola", last_name="Nowak")
    referral = allocated_referral(student, manager)
    assessment = started(referral, student)
    client.force_login(student)
    response = client.post(assessment_url(assessment), assessment_post("complete"))
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [
        (
            "",
            "Only a registered social worker can complete an assessment. "
            "Ask the allocated social worker or your manager.",
        )
    ]
    assert textarea_text(body, "analysis") == (
        "Domestic abuse between the parents; mother engaging with support."
    )
    assert input_value(body, "version") == "1"
    assessment.refresh_from_db()
    assert (assessment.status, assessment.version, assessment.analysis) == ("in_progress", 1, "")


def test_an_unqualified_worker_can_still_save_the_draft(
    client, on_20_november, team, manager
) -> None:
    student = social_worker(team, registered=False)
    assessment = started(allocated_referral(student, manager), student)
    client.force_login(student)
    response = client.post(assessment_url(assessment), assessment_post("save"))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.version, assessment.outcome) == (
        "in_progress",
        2,
        "cin_plan",
    )


def test_no_factors_with_other_factors_is_shown_at_the_field(
    client, on_20_november, manager, worker
) -> None:
    assessment = started(allocated_referral(worker, manager), worker)
    client.force_login(worker)
    response = client.post(
        assessment_url(assessment),
        assessment_post(factors=["21", "3B"], analysis="Typed before the error."),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [
        (
            "#id_factors_0",
            "Select \u201cNo factors identified\u201d on its own, or only the factors identified",
        )
    ]
    assert 'id="id_factors-error"' in body
    assert ">21 No factors identified</label>" in body
    assert checked_values(body, "factors") == ["3B", "21"]
    assert textarea_text(body, "analysis") == "Typed before the error."
    assert checked_values(body, "outcome") == ["cin_plan"]
    assessment.refresh_from_db()
    assert (assessment.version, assessment.analysis, assessment.factors) == (1, "", [])


def test_child_seen_before_the_referral_is_shown_at_the_field(
    client, on_20_november, manager, worker
) -> None:
    assessment = started(allocated_referral(worker, manager), worker)
    client.force_login(worker)
    response = client.post(
        assessment_url(assessment), assessment_post() | _date("child_seen_on", date(2026, 11, 1))
    )
    body = response.content.decode()
    assert error_summary(body) == [
        (
            "#id_child_seen_on_day",
            "The date the child was seen must be the same as or after the referral date "
            "(6 November 2026)",
        )
    ]
    assert input_value(body, "child_seen_on_day") == "1"
    assert textarea_text(body, "child_views") == (
        "Says she feels safe at home but worries about her mum."
    )
    assessment.refresh_from_db()
    assert assessment.child_seen_on is None


def test_completing_with_gaps_saves_the_draft_and_shows_every_gap(
    client, on_20_november, manager, worker
) -> None:
    assessment = started(allocated_referral(worker, manager), worker)
    client.force_login(worker)
    response = client.post(
        assessment_url(assessment),
        assessment_post("complete", analysis="", outcome="", requires_support=""),
    )
    body = response.content.decode()
    assert error_summary(body) == [
        ("#id_analysis", "Enter the analysis"),
        ("#id_outcome_0", "Select the outcome of the assessment"),
        (
            "#id_requires_support_0",
            "Select whether the child requires children's social care support",
        ),
    ]
    assessment.refresh_from_db()
    assert (assessment.status, assessment.version) == ("in_progress", 2)
    assert assessment.child_views == "Says she feels safe at home but worries about her mum."
    assert input_value(body, "version") == "2"  # completing again is not a conflict


def test_a_late_assessment_warns_and_asks_why(client, monkeypatch, manager, worker) -> None:
    freeze(monkeypatch, london(2027, 1, 14, 10, 0))
    assessment = started(allocated_referral(worker, manager), worker)
    client.force_login(worker)
    page = client.get(assessment_url(assessment)).content.decode()
    assert "This assessment is late: it was due on 13 January 2027" in page
    assert "Overdue" in page
    response = client.post(assessment_url(assessment), assessment_post("complete"))
    assert error_summary(response.content.decode()) == [
        ("#id_late_reason", "The assessment was due on 13 January 2027: enter why it is late")
    ]


def test_a_stale_version_shows_the_conflict_and_keeps_the_typed_text(
    client, on_20_november, manager, worker
) -> None:
    assessment = started(allocated_referral(worker, manager), worker)
    assessment_services.assessment_update(
        actor=manager, assessment_id=assessment.pk, version=1, analysis="Theirs"
    )
    client.force_login(worker)
    response = client.post(assessment_url(assessment), assessment_post(analysis="Mine"))
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [("", CONFLICT)]
    assert textarea_text(body, "analysis") == "Mine"
    assert input_value(body, "version") == "2"  # saving again keeps this version
    assert "Latest saved version" in body and "Theirs" in body
    assessment.refresh_from_db()
    assert (assessment.analysis, assessment.version) == ("Theirs", 2)


def test_a_worker_not_allocated_can_read_but_not_edit(
    client, on_20_november, team, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = started(referral, worker)
    lee = social_worker(team, first_name="Lee", last_name="Ward")
    client.force_login(lee)
    page = client.get(assessment_url(assessment))
    assert page.status_code == 200
    assert 'value="complete"' not in page.content.decode()
    assert client.post(assessment_url(assessment), assessment_post()).status_code == 403
    assert client.get(referral_url(referral, "close")).status_code == 403
    close = {"version": "1", "closure_reason": "RC7"} | _date("closed_on", date(2026, 11, 20))
    assert client.post(referral_url(referral, "close"), close).status_code == 403
    body = client.get(referral_url(referral)).content.decode()
    assert f'href="/casework/referrals/{referral.pk}/close/"' not in body
    assessment.refresh_from_db()
    referral.refresh_from_db()
    assert (assessment.version, referral.closed_on) == (1, None)


def test_a_worker_cannot_authorise(client, on_20_november, team, manager, worker) -> None:
    referral = allocated_referral(worker, manager)
    assessment = written_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    assessment_services.assessment_complete(actor=worker, assessment_id=assessment.pk, version=2)
    client.force_login(social_worker(team))
    data = {"action": "authorise", "version": "3"} | _date("authorised_on", date(2026, 11, 20))
    assert client.post(assessment_url(assessment), data).status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


def test_partners_cannot_see_casework(client, manager, worker) -> None:
    referral = allocated_referral(worker, manager)
    assessment = started(referral, worker)
    client.force_login(make_user(Role.MASH_PARTNER))
    assert client.get(referral_url(referral)).status_code == 403
    assert client.get(assessment_url(assessment)).status_code == 403
    assert client.get(referral_url(referral, "allocate")).status_code == 403
    assert not AuditEvent.objects.filter(action="view").exists()


def test_starting_an_assessment_goes_to_it(client, on_20_november, manager, worker) -> None:
    referral = allocated_referral(worker, manager)
    client.force_login(worker)
    response = client.post(
        referral_url(referral, "assessments/start"), _date("started_on", date(2026, 11, 12))
    )
    assessment = Assessment.objects.get()
    assert response["Location"] == assessment_url(assessment)
    assert (assessment.started_on, assessment.due_on) == (date(2026, 11, 12), date(2027, 1, 13))


# --- plans, closure and step down ------------------------------------------------------------


def test_a_child_in_need_plan_starts_and_ends_when_the_episode_closes(
    client, on_20_november, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    client.force_login(worker)
    response = client.post(
        referral_url(referral, "plans/start"), _date("start_date", date(2026, 11, 16))
    )
    assert response.status_code == 302
    plan = CinPlan.objects.get()
    assert (plan.start_date, plan.next_review_on) == (date(2026, 11, 16), date(2026, 12, 30))
    body = client.get(response["Location"]).content.decode()
    assert "Child in need plan started: first review due 30 December 2026" in body
    assert f'href="/casework/referrals/{referral.pk}/plans/{plan.pk}/review/"' in body

    close = {"version": "2", "closure_reason": "RC7"} | _date("closed_on", date(2026, 11, 20))
    response = client.post(referral_url(referral, "close"), close)
    assert response.status_code == 302
    referral.refresh_from_db()
    plan.refresh_from_db()
    assert (referral.closed_on, referral.closure_reason) == (date(2026, 11, 20), "RC7")
    assert (plan.end_date, plan.next_review_on) == (date(2026, 11, 20), None)


def test_a_plan_review_and_the_end_of_a_plan(client, on_20_november, manager, worker) -> None:
    referral = allocated_referral(worker, manager)
    plan = plan_services.cin_plan_start(
        actor=worker, referral_id=referral.pk, start_date=date(2026, 11, 16)
    )
    client.force_login(worker)
    review = {"note": "Mother attending the programme."} | _date("reviewed_on", date(2026, 11, 19))
    response = client.post(referral_url(referral, f"plans/{plan.pk}/review"), review)
    assert response.status_code == 302
    assert plan.reviews.get().note == "Mother attending the programme."
    response = client.post(
        referral_url(referral, f"plans/{plan.pk}/end"), _date("end_date", date(2026, 11, 13))
    )
    assert error_summary(response.content.decode()) == [
        (
            "#id_end_date_day",
            "The plan end date must be the same as or after the plan start date (16 November 2026)",
        )
    ]
    response = client.post(
        referral_url(referral, f"plans/{plan.pk}/end"), _date("end_date", date(2026, 11, 20))
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.end_date == date(2026, 11, 20)


def test_closing_before_the_referral_date_is_shown_at_the_field(
    client, on_20_november, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    client.force_login(worker)
    close = {"version": "2", "closure_reason": "RC7"} | _date("closed_on", date(2026, 11, 1))
    response = client.post(referral_url(referral, "close"), close)
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [
        (
            "#id_closed_on_day",
            "The closure date must be the same as or after the referral date (6 November 2026)",
        )
    ]
    assert checked_values(body, "closure_reason") == ["RC7"]
    referral.refresh_from_db()
    assert referral.closed_on is None


def test_closing_sets_a_missing_primary_need_or_nothing(
    client, on_20_november, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = written_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    assessment_services.assessment_complete(actor=worker, assessment_id=assessment.pk, version=2)
    assessment_services.assessment_authorise(
        actor=manager, assessment_id=assessment.pk, version=3, authorised_on=date(2026, 11, 19)
    )
    client.force_login(worker)
    # A closure date in the future fails after the primary need was set: neither is kept.
    close = {"version": "2", "closure_reason": "RC8", "primary_need": "N1"}
    response = client.post(
        referral_url(referral, "close"), close | _date("closed_on", date(2026, 11, 23))
    )
    body = response.content.decode()
    assert error_summary(body) == [
        ("#id_closed_on_day", "The closure date must be today or in the past")
    ]
    assert 'value="N1" selected' in body
    referral.refresh_from_db()
    assert (referral.primary_need, referral.version, referral.closed_on) == ("", 2, None)

    response = client.post(
        referral_url(referral, "close"), close | _date("closed_on", date(2026, 11, 20))
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.primary_need, referral.closure_reason) == ("N1", "RC8")


def test_stepping_down_closes_the_episode_and_opens_early_help(
    client, on_20_november, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    client.force_login(worker)
    step = {"version": "2", "reason": "Needs can be met by the school."}
    response = client.post(
        referral_url(referral, "step-down"), step | _date("stepped_on", date(2026, 11, 5))
    )
    assert error_summary(response.content.decode()) == [
        (
            "#id_stepped_on_day",
            "The date of the step down must be the same as or after the referral date "
            "(6 November 2026)",
        )
    ]
    assert not EarlyHelpEpisode.objects.exists()
    response = client.post(
        referral_url(referral, "step-down"), step | _date("stepped_on", date(2026, 11, 20))
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.closed_on, referral.closure_reason) == (date(2026, 11, 20), "RC7")
    episode = EarlyHelpEpisode.objects.get()
    assert (episode.person, episode.stepped_down_from) == (referral.person, referral)


# --- oversight -------------------------------------------------------------------------------


def test_a_manager_records_a_direction_and_the_worker_marks_it_done(
    client, on_20_november, team, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    client.force_login(manager)
    data = {
        "kind": "supervision",
        "discussion": "Reviewed progress with Sam.",
        "direction": "Visit the father before the plan review.",
        "direction_for": str(worker.pk),
    }
    response = client.post(
        referral_url(referral, "oversight"), data | _date("direction_due_on", date(2026, 11, 19))
    )
    assert error_summary(response.content.decode()) == [
        ("#id_direction_due_on_day", "The direction's due date must be today or later")
    ]
    response = client.post(
        referral_url(referral, "oversight"), data | _date("direction_due_on", date(2026, 11, 27))
    )
    assert response.status_code == 302
    oversight = Oversight.objects.get()
    assert (oversight.direction_for, oversight.direction_due_on) == (worker, date(2026, 11, 27))

    lee = social_worker(team)
    client.force_login(lee)
    page = client.get(f"/casework/oversight/{oversight.pk}/").content.decode()
    assert "Visit the father before the plan review." in page
    assert "Mark the direction done" not in page
    assert client.post(f"/casework/oversight/{oversight.pk}/", {"note": "x"}).status_code == 403

    client.force_login(worker)
    page = client.get(f"/casework/oversight/{oversight.pk}/").content.decode()
    assert "Mark the direction done" in page
    response = client.post(f"/casework/oversight/{oversight.pk}/", {"note": ""})
    assert error_summary(response.content.decode()) == [("#id_note", "Enter what was done")]
    response = client.post(
        f"/casework/oversight/{oversight.pk}/", {"note": "Visited on 24 November."}
    )
    assert response.status_code == 302
    oversight.refresh_from_db()
    assert (oversight.completed_by, oversight.completion_note) == (
        worker,
        "Visited on 24 November.",
    )


# --- the audit trail -------------------------------------------------------------------------


def test_every_page_get_is_audited(client, on_20_november, team, manager, worker) -> None:
    referral = allocated_referral(worker, manager)
    assessment = started(referral, worker)
    oversight = oversight_services.oversight_record(
        actor=manager, person=referral.person, kind="oversight", discussion="Agreed the plan."
    )
    client.force_login(manager)
    pages = [
        (referral_url(referral), "casework.referral", referral.pk),
        (referral_url(referral, "allocate"), "casework.referral", referral.pk),
        (referral_url(referral, "close"), "casework.referral", referral.pk),
        (assessment_url(assessment), "casework.assessment", assessment.pk),
        (f"/casework/oversight/{oversight.pk}/", "casework.oversight", oversight.pk),
        ("/casework/unallocated/", "accounts.team", team.pk),
    ]
    for url, object_type, object_id in pages:
        new = audit_since_now()
        assert client.get(url).status_code == 200, url
        event = new.get(action="view")
        assert (event.actor, event.object_type, event.object_id) == (
            manager,
            object_type,
            str(object_id),
        ), url


def test_a_missing_referral_is_404(client, manager) -> None:
    client.force_login(manager)
    assert client.get("/casework/referrals/999999/").status_code == 404
    assert client.get("/casework/assessments/999999/").status_code == 404
    assert client.get("/casework/oversight/999999/").status_code == 404


# --- two people at once: the second is told, and keeps what they typed -------------------------


def test_a_plan_ended_by_someone_else_meanwhile_is_a_conflict_not_a_second_end(
    client, on_20_november, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    plan = plan_services.cin_plan_start(
        actor=worker, referral_id=referral.pk, start_date=date(2026, 11, 16)
    )
    client.force_login(worker)
    assert client.get(referral_url(referral, f"plans/{plan.pk}/end")).status_code == 200
    plan_services.cin_plan_end(actor=manager, plan_id=plan.pk, end_date=date(2026, 11, 18))
    response = client.post(
        referral_url(referral, f"plans/{plan.pk}/end"), _date("end_date", date(2026, 11, 20))
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert error_summary(page) == [("", "This plan has already ended")]
    assert re.search(r'<input[^>]*name="end_date_day"[^>]*value="20"', page)  # as typed
    plan.refresh_from_db()
    assert plan.end_date == date(2026, 11, 18)


def test_a_direction_done_by_someone_else_meanwhile_keeps_the_note_typed(
    client, on_20_november, team, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    oversight = oversight_services.oversight_record(
        actor=manager,
        person=referral.person,
        kind="supervision",
        discussion="Reviewed progress with Sam.",
        direction="Visit the father before the plan review.",
        direction_for_id=worker.pk,
        direction_due_on=date(2026, 11, 27),
    )
    client.force_login(worker)
    assert (
        "Mark the direction done"
        in client.get(f"/casework/oversight/{oversight.pk}/").content.decode()
    )
    oversight_services.oversight_direction_complete(
        actor=manager, oversight_id=oversight.pk, note="Father seen at the office on 19 November."
    )
    response = client.post(
        f"/casework/oversight/{oversight.pk}/", {"note": "Visited the father at home."}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert error_summary(page) == [("", "This direction has already been completed")]
    assert "Visited the father at home." in page  # what the worker typed, kept
    assert "Father seen at the office on 19 November." in page  # beside the change made
    oversight.refresh_from_db()
    assert oversight.completion_note == "Father seen at the office on 19 November."
