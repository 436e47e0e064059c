"""Asking to close the episode and to step down to early help (a manager authorises them).

Through Django's test client, as a browser without JavaScript would use them. Referrals are
received on Friday 6 November 2026; assessments are due on Wednesday 13 January 2027. "Now"
is fixed in each test with `freeze`.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from frontdoor.accounts.tests.factories import (
    checked_values,
    date_fields,
    error_summary,
)
from frontdoor.casework.assessments import services as assessment_services
from frontdoor.casework.models import ClosureRequest, EarlyHelpEpisode
from frontdoor.casework.tests.factories import (
    allocated_referral,
    written_assessment,
)
from frontdoor.casework.tests.pages import referral_url

pytestmark = pytest.mark.django_db


def test_closing_before_the_referral_date_is_shown_at_the_field(
    client, on_20_november, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    client.force_login(worker)
    close = {"version": "2", "closure_reason": "RC7", "reason": "Mum is coping well now"}
    close |= date_fields("closed_on", date(2026, 11, 1))
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
    assert "Mum is coping well now</textarea>" in body
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
    close = {"version": "2", "closure_reason": "RC8", "primary_need": "N1", "reason": "No need"}
    response = client.post(
        referral_url(referral, "close"), close | date_fields("closed_on", date(2026, 11, 23))
    )
    body = response.content.decode()
    assert error_summary(body) == [
        ("#id_closed_on_day", "The closure date must be today or in the past")
    ]
    assert 'value="N1" selected' in body
    referral.refresh_from_db()
    assert (referral.primary_need, referral.version, referral.closed_on) == ("", 2, None)

    response = client.post(
        referral_url(referral, "close"), close | date_fields("closed_on", date(2026, 11, 20))
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    # The primary need is set; the closure waits for a manager.
    assert (referral.primary_need, referral.closed_on) == ("N1", None)
    asked = ClosureRequest.objects.get()
    assert (asked.status, asked.closure_reason, asked.closure_date, asked.reason) == (
        "waiting",
        "RC8",
        date(2026, 11, 20),
        "No need",
    )


def test_stepping_down_closes_the_episode_and_opens_early_help(
    client, on_20_november, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    client.force_login(worker)
    step = {"version": "2", "reason": "Needs can be met by the school."}
    response = client.post(
        referral_url(referral, "step-down"), step | date_fields("stepped_on", date(2026, 11, 5))
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
        referral_url(referral, "step-down"), step | date_fields("stepped_on", date(2026, 11, 20))
    )
    assert response.status_code == 302
    assert not EarlyHelpEpisode.objects.exists()  # not until a manager authorises it
    asked = ClosureRequest.objects.get()
    client.force_login(manager)
    response = client.post(
        reverse("casework:closure", args=[asked.pk]),
        {"version": str(asked.version), "action": "authorise", "comment": ""},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.closed_on, referral.closure_reason) == (date(2026, 11, 20), "RC7")
    episode = EarlyHelpEpisode.objects.get()
    assert (episode.person, episode.stepped_down_from) == (referral.person, referral)
