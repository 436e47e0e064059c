"""The referrer's survey page, without signing in and without any child's details; its
refusals as clear pages (4xx); the link on the contact page and in the letter; the results
page for managers and performance analysts only."""

from __future__ import annotations

import pytest
from django.test import override_settings

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    PersonFactory,
    audit_since_now,
    london,
    make_user,
)
from frontdoor.quality.survey.models import SurveyInvitation, SurveyResponse

from .helpers import feedback_sent, invitation_at, token, two_questions

pytestmark = pytest.mark.django_db


def survey_url(invitation: SurveyInvitation) -> str:
    return f"/survey/{token(invitation)}/"


@pytest.fixture
def invitation() -> SurveyInvitation:
    contact = ContactFactory(
        received_at=london(2026, 12, 3, 10, 15),
        referrer_name="Dana Whitfield",
        child__person=PersonFactory(first_name="Amelia", last_name="Quintrell"),
    )
    return feedback_sent(contact)


def test_the_referrer_opens_the_survey_without_signing_in_and_sees_no_child(
    client, invitation
) -> None:  # type: ignore[no-untyped-def]
    response = client.get(survey_url(invitation))
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "your contact to the Children's Advice and Duty Service on 3 December 2026"
        in body.replace("&#x27;", "'")
    )
    assert "How easy was it to get through to us?" in body
    for detail in (
        "Amelia",
        "Quintrell",
        "Dana Whitfield",
        "Bruises",
        invitation.contact.reference,
    ):
        assert detail not in body


def test_answering_thanks_the_referrer_and_the_link_is_then_used(client, invitation) -> None:  # type: ignore[no-untyped-def]
    ease, explained = two_questions()
    response = client.post(
        survey_url(invitation),
        {f"question_{ease.pk}": "4", f"question_{explained.pk}": "1", "comment": "Helpful."},
    )
    assert response.status_code == 302
    assert response["Location"] == "/survey/thanks/"
    assert "Thank you for your feedback" in client.get("/survey/thanks/").content.decode()
    assert SurveyResponse.objects.get().comment == "Helpful."

    events = audit_since_now()
    again = client.get(survey_url(invitation))
    assert again.status_code == 410
    assert "This survey has already been answered" in again.content.decode()
    posted_again = client.post(
        survey_url(invitation), {f"question_{ease.pk}": "1", f"question_{explained.pk}": "0"}
    )
    assert posted_again.status_code == 410
    assert SurveyResponse.objects.count() == 1
    assert events.filter(action="survey.refused").count() == 2


def test_a_missing_answer_is_shown_at_its_question_and_what_was_typed_is_kept(
    client, invitation
) -> None:  # type: ignore[no-untyped-def]
    ease, explained = two_questions()
    response = client.post(
        survey_url(invitation), {f"question_{ease.pk}": "2", "comment": "Long wait on hold."}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert f'href="#id_question_{explained.pk}_0"' in body
    assert "Select an answer to “Was the outcome explained?”" in body
    assert "Long wait on hold." in body
    assert 'value="2" checked' in body
    assert not SurveyResponse.objects.exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_a_made_up_answer_is_refused_at_its_question(client, invitation) -> None:  # type: ignore[no-untyped-def]
    ease, explained = two_questions()
    response = client.post(
        survey_url(invitation), {f"question_{ease.pk}": "9", f"question_{explained.pk}": "1"}
    )
    assert response.status_code == 400
    assert "Select one of the answers to “Ease of getting through”" in response.content.decode()


def test_a_forged_link_is_a_clear_page_and_audited(client, invitation) -> None:  # type: ignore[no-untyped-def]
    events = audit_since_now()
    forged = token(invitation)[:-2] + "zz"
    response = client.get(f"/survey/{forged}/")
    assert response.status_code == 404
    assert "This survey link is not valid" in response.content.decode()
    assert events.get(action="survey.refused").summary == "Survey link refused: not a genuine link"


def test_an_expired_link_is_a_clear_page(client, invitation) -> None:  # type: ignore[no-untyped-def]
    invitation.expires_at = invitation.created_at
    invitation.save()
    response = client.get(survey_url(invitation))
    assert response.status_code == 410
    assert "This survey link has expired" in response.content.decode()


@override_settings(FRONTDOOR_REQUIRE_MFA=True)
def test_a_signed_in_worker_without_a_second_factor_is_not_sent_away(client, invitation) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user(Role.MASH_PARTNER))
    assert client.get(survey_url(invitation)).status_code == 200


def test_the_contact_page_and_letter_carry_the_full_link(client, invitation) -> None:  # type: ignore[no-untyped-def]
    client.force_login(invitation.contact.csw)
    body = client.get(f"/contacts/{invitation.contact_id}/").content.decode()
    link = f"http://testserver{survey_url(invitation)}"
    assert f'<a class="govuk-link" href="{link}">' in body
    letter = body.split('id="feedback-summary"')[1].split("</textarea>")[0]
    assert link in letter
    assert "open until" in letter


def test_before_the_feedback_is_sent_the_page_says_where_the_link_will_be(client) -> None:  # type: ignore[no-untyped-def]
    contact = ContactFactory()
    client.force_login(contact.csw)
    body = client.get(f"/contacts/{contact.pk}/").content.decode()
    assert "A link to our feedback survey appears here when you record the feedback" in body
    assert "/survey/" not in body


# --- results ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.CSW, Role.MASH_PARTNER, Role.CONTACT_CENTRE_OFFICER])
def test_the_results_are_not_for_everyone(client, role) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user(role))
    assert client.get("/quality/survey/results/").status_code == 403


@pytest.mark.parametrize(
    "role", [Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.PERFORMANCE_ANALYST]
)
def test_managers_and_analysts_read_the_results(client, role) -> None:  # type: ignore[no-untyped-def]
    ease, explained = two_questions()
    from frontdoor.quality.survey import services

    first = invitation_at(london(2026, 12, 1, 9, 0), "Northshire Primary School")
    invitation_at(london(2026, 12, 2, 9, 0), "Northshire Primary School")
    services.survey_answer(
        token=token(first),
        answers={ease.pk: 4, explained.pk: 1},
        comment="Clear advice, thank you.",
        now=london(2026, 12, 2, 9, 0),
    )
    client.force_login(make_user(role))
    response = client.get("/quality/survey/results/?start=2026-12-01&end=2026-12-31")
    assert response.status_code == 200
    table = response.content.decode().split('id="survey-results"')[1].split("</table>")[0]
    assert "December 2026" in table
    assert "50.0%" in table  # 1 of 2 invitations answered
    assert "4.0" in table
    assert "100.0% yes" in table
    assert "Clear advice, thank you." in response.content.decode()


def test_a_period_that_ends_before_it_starts_is_an_error_at_the_field(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user(Role.PERFORMANCE_ANALYST))
    response = client.get("/quality/survey/results/?start=2026-12-31&end=2026-12-01")
    assert response.status_code == 400
    assert "The last day must be the same as or after the first day" in response.content.decode()
    assert client.get("/quality/survey/results/?start=2026-02-31").status_code == 400
