"""The early help episode page through Django's test client, JavaScript off.

Dates used below, worked out by hand with England's bank holidays:
- an early help decision made on 9 November 2026 opens early help that day; it is to
  be taken on within 5 working days, by 16 November 2026;
- a plan started on 20 November 2026 is first reviewed 30 working days later, on
  6 January 2027 (Christmas Day on Friday 25 December, Boxing Day's substitute on
  Monday 28 December and New Year's Day on Friday 1 January are skipped);
- a review on 14 December 2026 sets the next one 30 working days later: 8 working days
  to Thursday 24 December, then (25 and 28 December and 1 January skipped) 3 more to
  Thursday 31 December, 5 to Friday 8 January and 14 more to 28 January 2027."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    CONFLICT,
    checked_values,
    date_fields,
    error_summary,
    freeze,
    input_value,
    london,
    make_user,
    textarea_text,
)
from frontdoor.casework.early_help import services as early_help_services
from frontdoor.casework.early_help.tests.pages import progress, url
from frontdoor.casework.models import Oversight, PlanReview, Referral, Step

pytestmark = pytest.mark.django_db

# --- the episode -----------------------------------------------------------------------------


def test_the_episode_page(client, with_plan, advisor) -> None:
    client.force_login(advisor)
    body = client.get(url(with_plan)).content.decode()
    person = with_plan.person
    assert f'href="/people/{person.pk}/">{person.full_name}</a>' in body
    assert "Priya Shah, pathway advisor" in body
    assert '<dd class="govuk-summary-list__value" id="consent">Given</dd>' in body
    assert "12 November 2026" in body and "18 November 2026" in body
    assert "20 November 2026" in body
    # 30 working days after 20 November 2026; on the 20th that is well ahead.
    assert "6 January 2027" in body
    assert "govuk-tag--green" in body.split('id="next-review"')[1].split("</dd>")[0]
    assert checked_values(body, "consent") == ["given"]
    assert input_value(body, "plan_started_on_day") == "20"


def test_consent_must_be_given_before_the_assessment(client, monkeypatch, taken, advisor) -> None:
    freeze(monkeypatch, london(2026, 11, 20, 9, 0))
    client.force_login(advisor)
    response = client.post(
        url(taken), progress(taken, "not_yet_asked", assessment_started_on=date(2026, 11, 12))
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [
        (
            "#id_consent_0",
            "Early help is voluntary: record the family's consent before the assessment",
        )
    ]
    assert 'id="id_consent-error"' in body
    assert checked_values(body, "consent") == ["not_yet_asked"]
    assert [input_value(body, f"assessment_started_on_{p}") for p in ("day", "month", "year")] == [
        "12",
        "11",
        "2026",
    ]
    taken.refresh_from_db()
    assert (taken.version, taken.consent, taken.assessment_started_on) == (2, "not_yet_asked", None)


def test_completion_before_the_start_is_refused_at_its_field(
    client, monkeypatch, taken, advisor
) -> None:
    freeze(monkeypatch, london(2026, 11, 20, 9, 0))
    client.force_login(advisor)
    response = client.post(
        url(taken),
        progress(
            taken,
            "given",
            assessment_started_on=date(2026, 11, 18),
            assessment_completed_on=date(2026, 11, 16),
        ),
    )
    body = response.content.decode()
    assert error_summary(body) == [
        (
            "#id_assessment_completed_on_day",
            "The assessment completion date must be the same as or after the assessment "
            "start date (18 November 2026)",
        )
    ]
    assert input_value(body, "assessment_completed_on_day") == "16"
    assert input_value(body, "assessment_started_on_day") == "18"
    taken.refresh_from_db()
    assert taken.assessment_started_on is None


def test_a_date_that_is_not_real_is_shown_at_its_field(client, taken, advisor) -> None:
    client.force_login(advisor)
    data = progress(taken, "given") | {
        "assessment_started_on_day": "31",
        "assessment_started_on_month": "2",
        "assessment_started_on_year": "2026",
    }
    body = client.post(url(taken), data).content.decode()
    assert error_summary(body) == [
        ("#id_assessment_started_on_day", "Early help assessment started must be a real date")
    ]


def test_progress_is_saved_and_the_first_review_set(client, monkeypatch, taken, advisor) -> None:
    freeze(monkeypatch, london(2026, 11, 20, 16, 0))
    client.force_login(advisor)
    response = client.post(
        url(taken),
        progress(
            taken,
            "given",
            assessment_started_on=date(2026, 11, 12),
            assessment_completed_on=date(2026, 11, 18),
            plan_started_on=date(2026, 11, 20),
        ),
    )
    assert response.status_code == 302
    taken.refresh_from_db()
    assert (taken.consent, taken.plan_started_on, taken.next_review_on, taken.version) == (
        "given",
        date(2026, 11, 20),
        date(2027, 1, 6),
        3,
    )


def test_a_stale_version_shows_the_conflict_with_the_latest_values(
    client, monkeypatch, taken, advisor, manager
) -> None:
    freeze(monkeypatch, london(2026, 11, 20, 9, 0))
    client.force_login(advisor)
    page = client.get(url(taken)).content.decode()
    assert input_value(page, "version") == "2"
    # Meanwhile a manager records the family's consent.
    early_help_services.early_help_update(
        actor=manager, episode_id=taken.pk, version=2, consent="given"
    )

    response = client.post(
        url(taken), progress(taken, "refused", assessment_started_on=date(2026, 11, 12))
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [("", CONFLICT)]
    assert '<dd class="govuk-summary-list__value" id="consent">Given</dd>' in body  # the latest
    assert checked_values(body, "consent") == ["refused"]  # what was typed
    assert input_value(body, "assessment_started_on_day") == "12"
    assert input_value(body, "version") == "3"
    taken.refresh_from_db()
    assert (taken.version, taken.consent, taken.assessment_started_on) == (3, "given", None)


def test_an_advisor_who_does_not_lead_it_may_not_change_it(client, taken) -> None:
    other = make_user(Role.PATHWAY_ADVISOR)
    client.force_login(other)
    body = client.get(url(taken)).content.decode()
    assert 'value="update"' not in body
    response = client.post(url(taken), progress(taken, "given"))
    assert response.status_code == 403


def test_a_review_sets_the_next_review_date(client, monkeypatch, with_plan, advisor) -> None:
    freeze(monkeypatch, london(2026, 12, 14, 11, 0))
    client.force_login(advisor)
    response = client.post(
        url(with_plan),
        {"action": "review", "note": "Attendance up; keep the plan."}
        | date_fields("reviewed_on", date(2026, 12, 14)),
    )
    assert response.status_code == 302
    review = PlanReview.objects.get()
    assert (review.early_help, review.reviewed_on, review.next_review_on) == (
        with_plan,
        date(2026, 12, 14),
        date(2027, 1, 28),
    )
    with_plan.refresh_from_db()
    assert with_plan.next_review_on == date(2027, 1, 28)
    body = client.get(url(with_plan)).content.decode()
    assert "28 January 2027" in body
    assert "Attendance up; keep the plan." in body


def test_a_review_without_a_note_keeps_the_date_typed(
    client, monkeypatch, with_plan, advisor
) -> None:
    freeze(monkeypatch, london(2026, 12, 14, 11, 0))
    client.force_login(advisor)
    body = client.post(
        url(with_plan),
        {"action": "review", "note": " "} | date_fields("reviewed_on", date(2026, 12, 14)),
    ).content.decode()
    assert error_summary(body) == [("#id_note", "Enter what the review found and decided")]
    assert input_value(body, "reviewed_on_day") == "14"
    assert not PlanReview.objects.exists()


def test_a_closed_episode_is_not_reviewed(client, monkeypatch, with_plan, advisor) -> None:
    freeze(monkeypatch, london(2026, 12, 14, 11, 0))
    early_help_services.early_help_close(
        actor=advisor,
        episode_id=with_plan.pk,
        version=with_plan.version,
        closed_on=date(2026, 12, 11),
        reason="needs_met",
    )
    client.force_login(advisor)
    body = client.post(
        url(with_plan),
        {"action": "review", "note": "Late."} | date_fields("reviewed_on", date(2026, 12, 14)),
    ).content.decode()
    assert error_summary(body) == [("", "This early help episode is closed")]
    assert not PlanReview.objects.exists()


def test_close_with_a_reason(client, monkeypatch, with_plan, advisor) -> None:
    freeze(monkeypatch, london(2026, 12, 14, 11, 0))
    client.force_login(advisor)
    response = client.post(
        url(with_plan),
        {"action": "close", "version": str(with_plan.version), "closure_reason": "needs_met"}
        | date_fields("closed_on", date(2026, 12, 11)),
    )
    assert response.status_code == 302
    with_plan.refresh_from_db()
    assert (with_plan.closed_on, with_plan.closure_reason, with_plan.next_review_on) == (
        date(2026, 12, 11),
        "needs_met",
        None,
    )
    body = client.get(url(with_plan)).content.decode()
    assert "11 December 2026: Needs met: outcomes achieved" in body
    assert 'value="update"' not in body and 'value="close"' not in body


def test_closing_without_a_reason_is_shown_at_the_reason(
    client, monkeypatch, with_plan, advisor
) -> None:
    freeze(monkeypatch, london(2026, 12, 14, 11, 0))
    client.force_login(advisor)
    body = client.post(
        url(with_plan),
        {"action": "close", "version": str(with_plan.version)}
        | date_fields("closed_on", date(2026, 12, 11)),
    ).content.decode()
    assert error_summary(body) == [("#id_closure_reason_0", "Select the reason for closure")]
    assert input_value(body, "closed_on_day") == "11"
    with_plan.refresh_from_db()
    assert with_plan.is_open


def test_step_up_opens_a_referral_and_records_the_step(
    client, monkeypatch, with_plan, advisor
) -> None:
    freeze(monkeypatch, london(2026, 12, 14, 11, 0))
    client.force_login(advisor)
    response = client.post(
        url(with_plan),
        {
            "action": "step_up",
            "version": str(with_plan.version),
            "reason": "Disclosure at school of harm at home.",
        }
        | date_fields("stepped_on", date(2026, 12, 14)),
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.person, referral.referral_date, referral.closed_on) == (
        with_plan.person,
        date(2026, 12, 14),
        None,
    )
    step = Step.objects.get()
    assert (step.direction, step.referral, step.early_help, step.stepped_on, step.reason) == (
        "up",
        referral,
        with_plan,
        date(2026, 12, 14),
        "Disclosure at school of harm at home.",
    )
    with_plan.refresh_from_db()
    assert (with_plan.closed_on, with_plan.closure_reason) == (date(2026, 12, 14), "stepped_up")
    body = client.get(url(with_plan)).content.decode()
    assert f'href="/casework/referrals/{referral.pk}/">referral {referral.reference}</a>' in body


def test_step_up_without_a_date_is_shown_at_its_date(client, with_plan, advisor) -> None:
    client.force_login(advisor)
    body = client.post(
        url(with_plan),
        {"action": "step_up", "version": str(with_plan.version), "reason": "Harm disclosed."}
        | date_fields("stepped_on", None),
    ).content.decode()
    assert [href for href, _ in error_summary(body)] == ["#id_stepped_on_day"]
    assert textarea_text(body, "reason") == "Harm disclosed."
    assert not Referral.objects.exists() and not Step.objects.exists()


def test_a_manager_records_oversight(client, monkeypatch, with_plan, manager, advisor) -> None:
    freeze(monkeypatch, london(2026, 12, 14, 11, 0))
    client.force_login(manager)
    response = client.post(
        url(with_plan),
        {
            "action": "oversight",
            "kind": "supervision",
            "discussion": "Plan on track.",
            "direction": "Ask the school nurse to join the next review.",
            "direction_for": str(advisor.pk),
        }
        | date_fields("direction_due_on", date(2026, 12, 18)),
    )
    assert response.status_code == 302
    oversight = Oversight.objects.get()
    assert (oversight.early_help, oversight.person, oversight.direction_for) == (
        with_plan,
        with_plan.person,
        advisor,
    )
    assert oversight.direction_due_on == date(2026, 12, 18)
    body = client.get(url(with_plan)).content.decode()
    assert f'href="/casework/oversight/{oversight.pk}/">Supervision</a>' in body


def test_a_direction_without_a_worker_is_shown_at_its_field(client, with_plan, manager) -> None:
    client.force_login(manager)
    body = client.post(
        url(with_plan),
        {"action": "oversight", "kind": "oversight", "discussion": "x", "direction": "Do it"}
        | date_fields("direction_due_on", None),
    ).content.decode()
    assert error_summary(body) == [("#id_direction_for", "Select who the direction is for")]
    assert textarea_text(body, "direction") == "Do it"


def test_only_managers_record_oversight(client, with_plan, advisor) -> None:
    client.force_login(advisor)
    assert 'value="oversight"' not in client.get(url(with_plan)).content.decode()
    response = client.post(
        url(with_plan), {"action": "oversight", "kind": "oversight", "discussion": "x"}
    )
    assert response.status_code == 403
    assert not Oversight.objects.exists()
