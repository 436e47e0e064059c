"""The disagreement pages through Django's test client, as a browser without JavaScript uses
them. "Now" is Friday 4 December 2026; Cal Reed (CADS) made the decision."""

from __future__ import annotations

import pytest

from frontdoor.accounts.models import User
from frontdoor.accounts.tests.factories import error_summary, textarea_text
from frontdoor.contacts.models import Decision
from frontdoor.core.models import AuditEvent
from frontdoor.quality.disagreements.models import Disagreement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

URL = "/quality/disagreements/new/"


def test_the_decision_is_found_by_its_contact_reference(
    client, raiser: User, decision: Decision
) -> None:
    client.force_login(raiser)
    reference = decision.contact_child.contact.reference
    page = client.get(URL, {"contact": reference.lower()}).content.decode()
    assert f'href="?decision={decision.pk}">Raise a disagreement' in page
    page = client.get(URL, {"contact": "C999999"}).content.decode()
    assert error_summary(page) == [
        ("#id_contact", "Enter a contact reference that exists, like C000123")
    ]
    assert client.get(URL, {"decision": "nonsense"}).status_code == 200  # the finding page
    assert client.get(URL, {"decision": "999999"}).status_code == 404


def test_raising_shows_each_missing_answer_at_its_field_and_keeps_what_was_typed(
    client, raiser: User, decision: Decision
) -> None:
    client.force_login(raiser)
    url = f"{URL}?decision={decision.pk}"
    page = client.get(url).content.decode()
    assert "Needs are additional, not complex." in page  # the decision's rationale
    assert AuditEvent.objects.filter(action="view", object_type="contacts.decision").exists()
    page = client.post(
        url, {"whose": "partner", "disagrees_with": "Early help is not enough."}
    ).content.decode()
    assert [message for _, message in error_summary(page)] == [
        "Enter the name of the professional who disagrees",
        "Select the professional's agency",
        "Enter the professional's role",
        "Enter what is wanted instead",
    ]
    assert textarea_text(page, "disagrees_with") == "Early help is not enough."
    assert not Disagreement.objects.exists()
    response = client.post(
        url,
        {
            "whose": "partner",
            "partner_name": "Dana Whitfield",
            "partner_agency": "education",
            "partner_role": "Designated safeguarding lead",
            "disagrees_with": "Early help is not enough.",
            "wants_instead": "A strategy discussion.",
        },
    )
    made = Disagreement.objects.get()
    assert response["Location"] == f"/quality/disagreements/{made.pk}/"
    assert made.raised_for == "Dana Whitfield, Designated safeguarding lead (Education)"


def test_the_manager_escalates_and_the_list_marks_the_overdue(
    client, monkeypatch, raiser: User, decision: Decision, cads_manager: User, hos: User
) -> None:
    from frontdoor.accounts.tests.factories import freeze, london
    from frontdoor.quality.disagreements import services

    made = services.disagreement_raise(
        actor=raiser,
        decision_id=decision.pk,
        for_partner=False,
        disagrees_with="Too low.",
        wants_instead="An assessment.",
    )
    client.force_login(cads_manager)
    page = client.get(f"/quality/disagreements/{made.pk}/").content.decode()
    assert "Record the outcome of stage 1 (Team manager)" in page
    assert "8 December 2026" in page
    page = client.post(
        f"/quality/disagreements/{made.pk}/", {"version": "1", "outcome": "escalated"}
    ).content.decode()
    assert error_summary(page) == [("#id_reason", "Enter why it is escalated")]
    # On Wednesday 9 December the first stage (due Tuesday 8) is overdue.
    freeze(monkeypatch, london(2026, 12, 9, 9, 0))
    client.force_login(cads_manager)  # a new day, a new session
    page = client.get("/quality/disagreements/").content.decode()
    assert "Overdue" in page and made.reference in page
    response = client.post(
        f"/quality/disagreements/{made.pk}/",
        {"version": "1", "outcome": "escalated", "reason": "Needs the head of service."},
    )
    assert response.status_code == 302, response.get("Location")
    assert error_summary(response.content.decode()) == []
    made.refresh_from_db()
    assert made.stages.count() == 2
    client.force_login(hos)
    page = client.get(f"/quality/disagreements/{made.pk}/").content.decode()
    assert "This is the last stage: it can only be resolved" in page
    assert 'name="reason"' not in page
    assert "Overdue" not in client.get("/quality/disagreements/").content.decode()


def test_the_decider_is_told_someone_else_answers(
    client, raiser: User, decision: Decision, decider: User, cads_manager: User
) -> None:
    from frontdoor.quality.disagreements import services

    made = services.disagreement_raise(
        actor=raiser,
        decision_id=decision.pk,
        for_partner=False,
        disagrees_with="Low.",
        wants_instead="More.",
    )
    client.force_login(decider)
    page = client.get(f"/quality/disagreements/{made.pk}/").content.decode()
    assert 'id="own-decision"' in page and "Record the outcome" not in page
    assert client.post(f"/quality/disagreements/{made.pk}/", {}).status_code == 403
    assert client.get("/quality/disagreements/").status_code == 403
