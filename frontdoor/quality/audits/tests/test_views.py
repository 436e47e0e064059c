"""The audit pages through Django's test client, as a browser without JavaScript uses them.
"Now" is Monday 16 November 2026, 10:00; the decision is made on Friday 6 November."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.models import User
from frontdoor.accounts.tests.factories import (
    DecisionFactory,
    checked_values,
    date_fields,
    error_summary,
    textarea_text,
)
from frontdoor.casework.tests.factories import locality_team, social_worker
from frontdoor.core.models import AuditEvent
from frontdoor.quality.audits import services
from frontdoor.quality.audits.models import Audit, LearningAction

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

KEYS = (
    "threshold",
    "rationale",
    "child_voice",
    "history",
    "consent",
    "culture_identity",
    "timeliness",
)


def all_good(**changed: str) -> dict[str, str]:
    return {f"{key}_grade": "good" for key in KEYS} | {"overall_grade": "good"} | changed


def test_the_sample_links_to_auditing_the_decision(client, auditor: User) -> None:
    decision = DecisionFactory()
    client.force_login(auditor)
    page = client.get("/quality/audits/?month=2026-11").content.decode()
    assert f'href="/quality/audits/decisions/{decision.pk}/">Audit this decision</a>' in page
    assert "Audit sample for November 2026" in page
    # A month not understood is last month, not an error.
    page = client.get("/quality/audits/?month=banana").content.decode()
    assert "Audit sample for October 2026" in page and 'id="no-sample"' in page
    client.force_login(decision.decided_by)
    page = client.get("/quality/audits/?month=2026-11").content.decode()
    assert "Your work: someone else audits it" in page


def test_auditing_keeps_what_was_typed_and_records_the_audit(client, auditor: User) -> None:
    decision = DecisionFactory()
    url = f"/quality/audits/decisions/{decision.pk}/"
    client.force_login(auditor)
    page = client.get(url).content.decode()
    assert "Needs are additional, not complex." in page  # the decision's rationale
    assert AuditEvent.objects.filter(action="view", object_type="contacts.decision").exists()
    data = all_good(rationale_grade="inadequate", summary="Sound outcome, thin reasoning.")
    response = client.post(url, data)
    page = response.content.decode()
    assert error_summary(page) == [
        ("#id_rationale_comment", "Enter why the rationale is inadequate")
    ]
    assert textarea_text(page, "summary") == "Sound outcome, thin reasoning."
    assert checked_values(page, "rationale_grade") == ["inadequate"]
    response = client.post(url, data | {"rationale_comment": "No reason given for the level."})
    audit = Audit.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/quality/audits/{audit.pk}/"
    assert audit.items.get(item="rationale").comment == "No reason given for the level."


def test_auditing_your_own_decision_is_refused_on_the_page(client) -> None:
    decision = DecisionFactory()
    client.force_login(decision.decided_by)
    url = f"/quality/audits/decisions/{decision.pk}/"
    assert "This is your own work" in client.get(url).content.decode()
    page = client.post(url, all_good(summary="Looks fine to me.")).content.decode()
    assert error_summary(page) == [("", "You cannot audit a decision you made or authorised")]
    assert textarea_text(page, "summary") == "Looks fine to me."
    assert not Audit.objects.exists()
    assert AuditEvent.objects.filter(
        action="refused", summary="quality: You cannot audit a decision you made or authorised"
    ).exists()


def test_reading_a_childs_decision_to_audit_it_goes_through_the_access_model(client) -> None:
    decision = DecisionFactory()
    outsider = social_worker(locality_team())  # no work with the child
    client.force_login(outsider)
    response = client.get(f"/quality/audits/decisions/{decision.pk}/")
    assert response.status_code == 403
    refusal = AuditEvent.objects.filter(action="refused").latest("id")
    assert refusal.person_id == decision.contact_child.person_id


def test_moderating_and_setting_a_learning_action_on_the_audit_page(
    client, auditor: User, moderator: User
) -> None:
    decision = DecisionFactory()
    audit = services.audit_record(
        actor=auditor,
        decision_id=decision.pk,
        grades=dict.fromkeys(KEYS, ("good", "")),
        overall_grade="good",
    )
    url = f"/quality/audits/{audit.pk}/"
    client.force_login(auditor)
    page = client.get(url).content.decode()
    assert "You cannot moderate this audit" in page
    response = client.post(
        url,
        {"which": "learning", "text": "Read the threshold guidance", **date_fields("due_on", None)},
    )
    page = response.content.decode()
    assert error_summary(page) == [("#id_due_on_day", "Enter the date the learning action is due")]
    assert textarea_text(page, "text") == "Read the threshold guidance"
    response = client.post(
        url,
        {
            "which": "learning",
            "text": "Read the threshold guidance",
            **date_fields("due_on", date(2026, 11, 27)),
        },
    )
    assert response.status_code == 302
    action = LearningAction.objects.get()
    assert (action.worker, action.due_on) == (decision.decided_by, date(2026, 11, 27))

    client.force_login(moderator)
    data = {
        "which": "moderate",
        "version": "1",
        "agrees": "no",
        "grade": "inadequate",
        "reason": "",
    }
    page = client.post(url, data).content.decode()
    assert error_summary(page) == [("#id_reason", "Enter why the grade should be different")]
    assert checked_values(page, "grade") == ["inadequate"]
    response = client.post(url, data | {"reason": "History was not used."})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "<strong>Inadequate</strong> (moderated)" in page


def test_the_worker_marks_the_learning_action_done_and_sees_it_on_my_audits(
    client, auditor: User
) -> None:
    decision = DecisionFactory()
    worker = decision.decided_by
    audit = services.audit_record(
        actor=auditor,
        decision_id=decision.pk,
        grades=dict.fromkeys(KEYS, ("good", "")),
        overall_grade="good",
    )
    action = services.learning_action_set(
        actor=auditor,
        audit_id=audit.pk,
        text="Shadow a strategy discussion",
        due_on=date(2026, 11, 27),
    )
    client.force_login(worker)
    mine = client.get("/quality/audits/mine/").content.decode()
    assert "Shadow a strategy discussion" in mine and "Good (not yet moderated)" in mine
    url = f"/quality/audits/learning/{action.pk}/"
    assert "Mark it done" in client.get(url).content.decode()
    assert client.post(url, {"note": "Shadowed on 20 November."}).status_code == 302
    action.refresh_from_db()
    assert action.done_note == "Shadowed on 20 November."
    page = client.post(url, {"note": "Again."}).content.decode()  # done already
    assert error_summary(page) == [("", "This learning action has already been marked done")]
    assert textarea_text(page, "note") == "Again."
    client.force_login(social_worker(locality_team()))
    assert client.get(url).status_code == 403


def test_an_assessment_is_audited_from_its_own_form(client) -> None:
    from frontdoor.casework.tests.factories import assessed_referral, team_manager

    norwich = locality_team()
    worker = social_worker(norwich)
    assessment = assessed_referral(worker, team_manager(norwich)).assessments.get()
    client.force_login(social_worker(norwich))  # a colleague in the team holding the case
    url = f"/quality/audits/assessments/{assessment.pk}/"
    page = client.get(url).content.decode()
    assert "Domestic abuse between the parents" in page  # the assessment's analysis
    response = client.post(url, all_good())
    assert response.status_code == 302
    assert Audit.objects.get().assessment == assessment
    assert client.get(url)["Location"] == response["Location"]  # audited once: shown the audit
