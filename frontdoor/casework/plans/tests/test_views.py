"""Child in need plan pages: start, review, end.

Through Django's test client, as a browser without JavaScript would use them. Referrals are
received on Friday 6 November 2026; assessments are due on Wednesday 13 January 2027. "Now"
is fixed in each test with `freeze`.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from frontdoor.accounts.tests.factories import (
    date_fields,
    error_summary,
)
from frontdoor.casework.models import CinPlan, ClosureRequest
from frontdoor.casework.plans import services as plan_services
from frontdoor.casework.tests.factories import (
    allocated_referral,
)
from frontdoor.casework.tests.pages import referral_url

pytestmark = pytest.mark.django_db

# --- plans, closure and step down ------------------------------------------------------------


def test_a_child_in_need_plan_starts_and_ends_when_the_episode_closes(
    client, on_20_november, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    client.force_login(worker)
    response = client.post(
        referral_url(referral, "plans/start"), date_fields("start_date", date(2026, 11, 16))
    )
    assert response.status_code == 302
    plan = CinPlan.objects.get()
    assert (plan.start_date, plan.next_review_on) == (date(2026, 11, 16), date(2026, 12, 30))
    body = client.get(response["Location"]).content.decode()
    assert "Child in need plan started: first review due 30 December 2026" in body
    assert f'href="/casework/referrals/{referral.pk}/plans/{plan.pk}/review/"' in body

    close = {"version": "2", "closure_reason": "RC7", "reason": "Goals met"}
    response = client.post(
        referral_url(referral, "close"), close | date_fields("closed_on", date(2026, 11, 20))
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.end_date is None  # the closure waits for the manager
    client.force_login(manager)
    response = client.post(
        reverse("casework:closure", args=[ClosureRequest.objects.get().pk]),
        {"version": "1", "action": "authorise"},
    )
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
    review = {"note": "Mother attending the programme."} | date_fields(
        "reviewed_on", date(2026, 11, 19)
    )
    response = client.post(referral_url(referral, f"plans/{plan.pk}/review"), review)
    assert response.status_code == 302
    assert plan.reviews.get().note == "Mother attending the programme."
    response = client.post(
        referral_url(referral, f"plans/{plan.pk}/end"), date_fields("end_date", date(2026, 11, 13))
    )
    assert error_summary(response.content.decode()) == [
        (
            "#id_end_date_day",
            "The plan end date must be the same as or after the plan start date (16 November 2026)",
        )
    ]
    response = client.post(
        referral_url(referral, f"plans/{plan.pk}/end"), date_fields("end_date", date(2026, 11, 20))
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.end_date == date(2026, 11, 20)


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
        referral_url(referral, f"plans/{plan.pk}/end"), date_fields("end_date", date(2026, 11, 20))
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert error_summary(page) == [("", "This plan has already ended")]
    assert re.search(r'<input[^>]*name="end_date_day"[^>]*value="20"', page)  # as typed
    plan.refresh_from_db()
    assert plan.end_date == date(2026, 11, 18)
