"""The child protection plan page (visits, reviews, its end) and immediate protection.

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
    date_fields,
    datetime_fields,
    error_summary,
    freeze,
    input_value,
    london,
    textarea_text,
)
from frontdoor.safeguarding.models import (
    ImmediateProtection,
    Section47,
)
from frontdoor.safeguarding.protection import services as protection_services
from frontdoor.safeguarding.section47 import services as section47_services
from frontdoor.safeguarding.tests.pages import record_discussion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("csw_holds_amelia")]


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
    body = client.post(
        url, visit | date_fields("visit-visited_on", date(2026, 12, 10))
    ).content.decode()
    assert error_summary(body) == [
        ("#id_visit-seen_alone_0", "A child not seen cannot have been seen alone")
    ]
    visit["visit-child_seen"] = "yes"
    response = client.post(url, visit | date_fields("visit-visited_on", date(2026, 12, 10)))
    assert response.status_code == 302

    review = {"action": "review", "review-category": "EMO", "review-note": "Drift"}
    body = client.post(
        url, review | date_fields("review-held_on", date(2026, 12, 5))
    ).content.decode()
    assert error_summary(body)[0][0] == "#id_review-held_on_day"
    assert textarea_text(body, "review-note") == "Drift"
    response = client.post(url, review | date_fields("review-held_on", date(2026, 12, 11)))
    assert response.status_code == 302

    body = client.get(url).content.decode()
    assert "EMO: Emotional abuse" in body and "At the start: NEG: Neglect" in body
    assert "10 December 2026" in body

    end = {"action": "end", "end-end_reason": ""}
    body = client.post(url, end | date_fields("end-end_date", date(2026, 12, 11))).content.decode()
    assert error_summary(body) == [("#id_end-end_reason", "Enter why the plan ends")]
    end["end-end_reason"] = "Risk reduced"
    assert (
        client.post(url, end | date_fields("end-end_date", date(2026, 12, 11))).status_code == 302
    )
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
    future = datetime_fields("started_at", london(2026, 12, 7, 16, 0))
    body = client.post(url, data | future).content.decode()
    assert error_summary(body) == [
        ("#id_started_at_day", "The protection must have started already")
    ]
    assert input_value(body, "authority") == "PC 1234 Morgan"
    assert not ImmediateProtection.objects.exists()
    response = client.post(url, data | datetime_fields("started_at", london(2026, 12, 7, 13, 30)))
    assert response.status_code == 302
    assert response["Location"] == f"/people/{amelia.pk}/"
    record = ImmediateProtection.objects.get()
    assert (record.person, record.started_at) == (amelia, london(2026, 12, 7, 13, 30))
