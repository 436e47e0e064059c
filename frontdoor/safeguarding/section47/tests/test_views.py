"""The section 47 page: its outcome, the conference and the plan it decides.

Through Django's test client as a browser without JavaScript would use them. The strategy
discussion is held on 7 December 2026 at 10:00 about Amelia and Ben Hart, siblings
living in Norwich. Its initial conferences are due 15 working days later, counted by hand:
8-11 Dec (4), 14-18 Dec (9), 21-24 Dec (13), Friday 25 December is Christmas Day and Monday
28 December Boxing Day's substitute (26 December is a Saturday), 29 Dec (14), 30 Dec (15):
30 December 2026.
"""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.tests.factories import (
    checked_values,
    date_fields,
    error_summary,
    freeze,
    input_value,
    london,
)
from frontdoor.core.models import AuditEvent
from frontdoor.safeguarding.models import (
    Conference,
    CpPlan,
    Section47,
)
from frontdoor.safeguarding.tests.pages import record_discussion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("csw_holds_amelia")]

# --- section 47, conference and plan ---------------------------------------------------------


def test_section47_outcome_conference_and_plan(client, monkeypatch, csw, manager, amelia) -> None:
    freeze(monkeypatch, london(2026, 12, 7, 15, 0))
    discussion = record_discussion(csw, [amelia], csw)
    section47 = Section47.objects.get(strategy_child__discussion=discussion)
    url = f"/safeguarding/section47/{section47.pk}/"
    client.force_login(manager)  # manages the Norwich team the referral went to

    body = client.get(url).content.decode()
    assert "7 December 2026" in body  # started
    assert "30 December 2026" in body  # conference due, counted by hand
    assert 'name="outcome-outcome"' in body
    assert 'value="conference"' not in body  # no conference form before the outcome

    freeze(monkeypatch, london(2026, 12, 21, 10, 0))
    client.force_login(manager)  # signed in again: the session ended after 30 idle minutes
    response = client.post(
        url,
        {"action": "outcome", "outcome-version": "1", "outcome-outcome": "icpc"}
        | date_fields("outcome-outcome_on", date(2026, 12, 18)),
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "Initial child protection conference, 18 December 2026" in body
    # 5 working days left on Monday 21 December: on time.
    assert '30 December 2026 <strong class="govuk-tag govuk-tag--green">On time</strong>' in body
    assert 'value="conference"' in body

    conference = {
        "action": "conference",
        "conference-outcome": "cp_plan",
        "conference-chair": "Harriet Lowe, independent chair",
    }
    response = client.post(url, conference | date_fields("conference-held_on", date(2026, 12, 19)))
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

    response = client.post(url, conference | date_fields("conference-held_on", date(2026, 12, 21)))
    assert response.status_code == 302
    held = Conference.objects.get()
    assert held.held_on == date(2026, 12, 21)

    plan = {"action": "plan", "plan-category": "PHY"}
    response = client.post(url, plan | date_fields("plan-start_date", date(2026, 12, 18)))
    body = response.content.decode()
    assert error_summary(body) == [
        (
            "#id_plan-start_date_day",
            "The plan start date must be the same as or after the conference (21 December 2026)",
        )
    ]
    assert checked_values(body, "plan-category") == ["PHY"]
    assert not CpPlan.objects.exists()

    response = client.post(url, plan | date_fields("plan-start_date", date(2026, 12, 21)))
    cp_plan = CpPlan.objects.get()
    assert response["Location"] == f"/safeguarding/plans/{cp_plan.pk}/"
    body = client.get(response["Location"]).content.decode()
    assert "Child protection plan started" in body
    assert "PHY: Physical abuse" in body
    # First review 3 months on, 21 March 2027, brought back to the working day before,
    # 19 March; first visit 10 working days on, by hand: 22-24 Dec (3),
    # 25 and 28 Dec bank holidays, 29-31 Dec (6), 1 Jan bank holiday, 4-7 Jan (10).
    assert "19 March 2027" in body
    assert '7 January 2027 <strong class="govuk-tag govuk-tag--green">On time</strong>' in body
    assert AuditEvent.objects.filter(action="view", object_type="safeguarding.cpplan").exists()
    assert AuditEvent.objects.filter(action="view", object_type="safeguarding.section47").exists()
