"""The assessment page: written, completed and authorised or returned.

Through Django's test client, as a browser without JavaScript would use them. Referrals are
received on 6 November 2026; assessments are due on 13 January 2027. "Now"
is fixed in each test with `freeze`.
"""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.tests.factories import (
    CONFLICT,
    checked_values,
    date_fields,
    error_summary,
    freeze,
    input_value,
    london,
    textarea_text,
)
from frontdoor.casework.assessments import services as assessment_services
from frontdoor.casework.models import Assessment
from frontdoor.casework.tests.factories import (
    allocated_referral,
    make_referral,
    social_worker,
    written_assessment,
)
from frontdoor.casework.tests.pages import assessment_post, assessment_url, referral_url, started

pytestmark = pytest.mark.django_db

# --- assessments -----------------------------------------------------------------------------


def test_a_worker_completes_and_a_different_manager_authorises(
    client, on_20_november, team, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = started(referral, worker)
    client.force_login(worker)
    page = client.get(assessment_url(assessment)).content.decode()
    assert "13 January 2027" in page
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
        assessment_url(assessment), data | date_fields("authorised_on", date(2026, 11, 20))
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
        assessment_url(assessment), data | date_fields("authorised_on", date(2026, 11, 20))
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
        assessment_url(assessment),
        assessment_post() | date_fields("child_seen_on", date(2026, 11, 1)),
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
    close = {"version": "1", "closure_reason": "RC7"} | date_fields("closed_on", date(2026, 11, 20))
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
    data = {"action": "authorise", "version": "3"} | date_fields(
        "authorised_on", date(2026, 11, 20)
    )
    assert client.post(assessment_url(assessment), data).status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


def test_starting_an_assessment_goes_to_it(client, on_20_november, manager, worker) -> None:
    referral = allocated_referral(worker, manager)
    client.force_login(worker)
    response = client.post(
        referral_url(referral, "assessments/start"), date_fields("started_on", date(2026, 11, 12))
    )
    assessment = Assessment.objects.get()
    assert response["Location"] == assessment_url(assessment)
    assert (assessment.started_on, assessment.due_on) == (date(2026, 11, 12), date(2027, 1, 13))
