"""Print versions of the contact, the referral (with its child in need plan), the assessment,
the strategy discussion and the child protection plan: the record with a protective marking and
who printed it, without the forms and buttons for changing it; each print is audited as one.

The strategy discussion about Amelia Hart is held on 7 December 2026 at 10:00; "now" is 15:00
that day. A team manager of Norwich, where she lives, reads each page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.tests.factories import freeze, london
from frontdoor.casework.assessments import services as assessment_services
from frontdoor.casework.models import Referral
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.tests.factories import social_worker
from frontdoor.contacts.models import Contact
from frontdoor.core.models import AuditEvent
from frontdoor.safeguarding.tests.factories import conference_for, icpc, plan_from, section47_of
from frontdoor.safeguarding.tests.pages import record_discussion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("csw_holds_amelia")]


@pytest.fixture
def pages(monkeypatch: Any, csw: Any, manager: Any, amelia: Any) -> dict[str, str]:
    freeze(monkeypatch, london(2026, 12, 7, 15, 0))
    discussion = record_discussion(csw, [amelia], csw)
    section47 = icpc(section47_of(amelia), manager, outcome_on=date(2026, 12, 7))
    plan = plan_from(
        conference_for(section47, manager, date(2026, 12, 7)), manager, date(2026, 12, 7)
    )
    referral = Referral.objects.get(person=amelia)
    worker = social_worker(manager.team, first_name="Sam", last_name="Okafor")
    referral_services.referral_allocate(
        actor=manager, referral_id=referral.pk, version=referral.version, worker_id=worker.pk
    )
    assessment = assessment_services.assessment_start(
        actor=worker, referral_id=referral.pk, started_on=date(2026, 12, 7)
    )
    contact = Contact.objects.get(contact_children__person=amelia)
    return {
        "contact": f"/contacts/{contact.pk}/",
        "referral": f"/casework/referrals/{referral.pk}/",
        "assessment": f"/casework/assessments/{assessment.pk}/",
        "strategy": f"/safeguarding/strategy/{discussion.pk}/",
        "plan": f"/safeguarding/plans/{plan.pk}/",
    }


@pytest.mark.parametrize("record", ["contact", "referral", "assessment", "strategy", "plan"])
def test_each_record_has_a_print_version_that_is_audited(
    client: Any, csw: Any, manager: Any, pages: dict[str, str], record: str
) -> None:
    client.force_login(csw if record == "contact" else manager)
    url = pages[record]

    screen = client.get(url).content.decode()
    assert 'href="?print=1" id="print-link"' in screen
    assert 'id="print-header"' not in screen

    response = client.get(url, {"print": "1"})
    printed = response.content.decode()
    assert response.status_code == 200
    assert 'id="print-header"' in printed
    assert "OFFICIAL-SENSITIVE." in printed
    assert "Printed 7 December 2026, 15:00 by" in printed
    assert 'class="govuk-main-wrapper app-printable"' in printed
    assert 'id="print-link"' not in printed
    last_view = AuditEvent.objects.filter(action="view").latest("id")
    assert last_view.summary.endswith("(printed)") or last_view.summary == "Printed"
