"""The locality feedback pages through Django's test client. "Now" is Monday 16 November
2026, 10:00; Ben Carter's referral of 6 November is with the Norwich locality team."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.tests.factories import checked_values, error_summary, textarea_text
from frontdoor.casework.tests.factories import child_at, make_referral
from frontdoor.core.models import AuditEvent
from frontdoor.quality.locality.models import LocalityFeedback
from frontdoor.quality.locality.services import feedback_give

pytestmark = pytest.mark.django_db


def form_url(referral: Any) -> str:
    return f"/quality/locality/referrals/{referral.pk}/"


def test_the_team_list_shows_its_referrals_of_the_last_three_months_with_a_link(
    client: Any, worker: Any, referral: Any
) -> None:
    # 16 August 2026 is three months before "now": a referral of 15 August is left out.
    old = make_referral(child_at("NR3 1AA", first_name="Cara"), referral_date=date(2026, 8, 15))
    edge = make_referral(child_at("NR3 1AB", first_name="Dan"), referral_date=date(2026, 8, 16))
    elsewhere = make_referral(child_at("IP24 1AA", first_name="Eve"))
    feedback_give(actor=worker, referral_id=referral.pk, kind="too_late", reason="Months late")
    client.force_login(worker)
    page = client.get("/quality/locality/").content.decode()
    assert "referred since 16 August 2026" in page
    assert f'href="{form_url(referral)}"' in page
    assert f'href="{form_url(edge)}"' in page
    assert f'href="{form_url(old)}"' not in page
    assert f'href="{form_url(elsewhere)}"' not in page
    assert "<strong>Came too late</strong>: Months late (Lena Price, 16 November 2026)" in page
    assert AuditEvent.objects.filter(action="view", person_id=referral.person_id).exists()
    quality = client.get("/quality/").content.decode()
    assert 'href="/quality/locality/"' in quality


def test_giving_feedback_keeps_the_typed_text_on_a_refusal_and_saves_once(
    client: Any, worker: Any, referral: Any
) -> None:
    client.force_login(worker)
    page = client.get(form_url(referral)).content.decode()
    assert "Give feedback" in page
    page = client.post(form_url(referral), {"kind": "not_for_us", "reason": " "}).content.decode()
    assert error_summary(page) == [
        ("#id_reason", "Enter why this referral should not have come to you")
    ]
    assert checked_values(page, "kind") == ["not_for_us"]
    page = client.post(form_url(referral), {"reason": "Early help would do"}).content.decode()
    assert error_summary(page)[0][1] == "Select what your feedback is about"
    assert textarea_text(page, "reason") == "Early help would do"
    response = client.post(form_url(referral), {"kind": "not_for_us", "reason": "Early help"})
    assert response.status_code == 302
    assert response["Location"] == form_url(referral)
    assert LocalityFeedback.objects.get().reason == "Early help"
    page = client.post(
        form_url(referral), {"kind": "not_for_us", "reason": "Said twice"}
    ).content.decode()
    assert error_summary(page)[0][1].startswith("Lena Price already said this referral")
    assert textarea_text(page, "reason") == "Said twice"
    assert LocalityFeedback.objects.count() == 1


def test_withdrawing_from_the_page(client: Any, worker: Any, manager: Any, referral: Any) -> None:
    feedback = feedback_give(actor=worker, referral_id=referral.pk, kind="too_late", reason="Late")
    client.force_login(manager)
    page = client.get(form_url(referral)).content.decode()
    assert f'name="withdraw" value="{feedback.pk}"' in page
    response = client.post(form_url(referral), {"withdraw": str(feedback.pk)})
    assert response["Location"] == form_url(referral)
    feedback.refresh_from_db()
    assert feedback.withdrawn_by == manager
    page = client.post(form_url(referral), {"withdraw": str(feedback.pk)}, follow=True)
    assert "This feedback was already withdrawn, on 16 November 2026" in page.content.decode()
    page = client.post(form_url(referral), {"withdraw": "not-a-number"}, follow=True)
    assert page.status_code == 200
    assert "This feedback does not exist" in page.content.decode()


def test_other_teams_and_roles_are_refused(
    client: Any, breckland_worker: Any, cads_manager: Any, csw: Any, referral: Any
) -> None:
    for outsider in (cads_manager, csw):
        client.force_login(outsider)
        assert client.get("/quality/locality/").status_code == 403
        assert client.get(form_url(referral)).status_code == 403
    client.force_login(breckland_worker)
    assert client.get("/quality/locality/").status_code == 200
    assert client.get(form_url(referral)).status_code == 403  # not her team's child
    response = client.post(form_url(referral), {"kind": "too_late", "reason": "Late"})
    assert response.status_code == 403
    assert not LocalityFeedback.objects.exists()
    assert client.get("/quality/locality/referrals/999999/").status_code == 404
