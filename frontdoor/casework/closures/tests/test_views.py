"""The closure pages through Django's test client, as a browser without JavaScript uses them:
the worker asks, the referral says it waits, the manager sees the child's history on the
authorisation page and authorises or returns it.

"Now" is Monday 16 November 2026, 10:00 (conftest). Ruby's earlier referral was on Monday
2 March 2026 and closed on Wednesday 1 April 2026; her current one is dated Friday
6 November 2026, so a referral up to 6 November 2027 (365 days on) would be a re-referral.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from frontdoor.accounts.tests.factories import date_fields, error_summary
from frontdoor.casework.models import ClosureRequest, Referral
from frontdoor.casework.tests.factories import (
    allocated_referral,
    child_at,
    close_signed_off,
    early_help_for,
    make_referral,
)
from frontdoor.casework.tests.pages import referral_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def ask_on_the_page(client, worker, referral) -> ClosureRequest:  # type: ignore[no-untyped-def]
    client.force_login(worker)
    response = client.post(
        referral_url(referral, "close"),
        {"version": str(referral.version), "closure_reason": "RC7", "reason": "Ruby is safe"}
        | date_fields("closed_on", date(2026, 11, 13)),
    )
    assert response.status_code == 302
    return ClosureRequest.objects.get(status="waiting")


def test_the_authoriser_sees_the_previous_referral_and_the_open_concern(
    client, manager, worker
) -> None:
    ruby = child_at(first_name="Ruby", last_name="Alder")
    earlier = make_referral(ruby, referral_date=date(2026, 3, 2))
    close_signed_off(earlier, manager, closed_on=date(2026, 4, 1))
    referral = allocated_referral(worker, manager, ruby)
    early_help_for(ruby, opened_on=date(2026, 11, 9))  # the school's early help, open
    asked = ask_on_the_page(client, worker, referral)

    body = client.get(referral_url(referral)).content.decode()
    assert "Closure waiting for a manager's authorisation" in body
    assert f'href="/casework/referrals/{referral.pk}/close/"' not in body

    client.force_login(manager)
    home = client.get("/").content.decode()
    assert f'href="/casework/closures/{asked.pk}/">Ruby Alder</a>' in home
    assert "Close the episode (RC7) on 13 November 2026" in home

    body = client.get(reverse("casework:closure", args=[asked.pk])).content.decode()
    assert f"{earlier.reference}</a>, referred 2 March 2026, closed 1 April 2026 (RC7" in body
    assert "Re-referral if referred: last referred 6 November 2026" in body
    assert "A referral up to 6 November 2027 would count as a re-referral." in body
    assert "Early help queue</a>, since 9 November 2026" in body
    assert "Ruby is safe" in body


def test_a_manager_returns_it_and_the_worker_reads_why(client, manager, worker) -> None:
    referral = allocated_referral(worker, manager)
    asked = ask_on_the_page(client, worker, referral)
    client.force_login(manager)
    url = reverse("casework:closure", args=[asked.pk])
    response = client.post(url, {"version": "1", "action": "return", "comment": ""})
    assert error_summary(response.content.decode()) == [
        ("#id_comment", "Enter why the episode stays open")
    ]
    response = client.post(
        url, {"version": "1", "action": "return", "comment": "See Ruby alone first."}
    )
    assert response.status_code == 302
    client.force_login(worker)
    body = client.get(referral_url(referral)).content.decode()
    assert "returned by Maya Brooks on 16 November 2026:</strong> See Ruby alone first." in body
    assert Referral.objects.get().closed_on is None


def test_self_authorisation_is_refused_on_the_page(client, manager) -> None:
    referral = allocated_referral(manager, manager)
    asked = ask_on_the_page(client, manager, referral)
    response = client.post(
        reverse("casework:closure", args=[asked.pk]),
        {"version": "1", "action": "authorise", "comment": "Fine"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "You cannot authorise a closure you asked for" in body
    assert "Fine</textarea>" in body
    assert Referral.objects.get().closed_on is None
