"""The survey link: made when the feedback is sent, signed, used once, open for 28 days; a
forged, altered, expired or used link refused (and audited); nothing half-saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import signing
from django.test import override_settings

from frontdoor.accounts.tests.factories import ContactFactory, audit_since_now, freeze, london
from frontdoor.core.errors import DomainError
from frontdoor.quality.survey import services
from frontdoor.quality.survey.models import (
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from frontdoor.quality.survey.selectors import SurveyLinkError, invitation_open
from frontdoor.quality.survey.tokens import SALT, sign

from .helpers import feedback_sent, token, two_questions

pytestmark = pytest.mark.django_db


def test_recording_the_feedback_invites_the_referrer_for_28_days(monkeypatch) -> None:
    freeze(monkeypatch, london(2026, 12, 3, 16, 0))
    events = audit_since_now()
    invitation = feedback_sent(referrer_agency="  Northshire Primary School ")
    assert invitation.created_at == london(2026, 12, 3, 16, 0)
    assert invitation.expires_at == london(2026, 12, 31, 16, 0)  # 3 December + 28 days
    assert invitation.agency == "Northshire Primary School"
    assert invitation.used_at is None
    event = events.get(action="survey.invite")
    assert (event.actor, event.object_id) == (invitation.contact.csw, str(invitation.pk))


@override_settings(FRONTDOOR_SURVEY_DAYS=7)
def test_the_days_a_link_stays_open_are_a_setting(monkeypatch) -> None:
    freeze(monkeypatch, london(2026, 12, 3, 16, 0))
    assert feedback_sent().expires_at == london(2026, 12, 10, 16, 0)


def test_recording_the_feedback_again_keeps_the_link_the_referrer_was_given() -> None:
    invitation = feedback_sent()
    again = feedback_sent(invitation.contact)
    assert again.pk == invitation.pk
    assert again.token_id == invitation.token_id
    assert SurveyInvitation.objects.count() == 1


def test_the_referrer_answers_once_with_the_questions_words_kept() -> None:
    ease, explained = two_questions()
    invitation = feedback_sent()
    moment = invitation.created_at + timedelta(days=2)
    events = audit_since_now()

    response = services.survey_answer(
        token=token(invitation),
        answers={ease.pk: 4, explained.pk: 1},
        comment=" Quick to reach. ",
        now=moment,
    )

    invitation.refresh_from_db()
    assert invitation.used_at == moment
    assert response.comment == "Quick to reach."
    assert list(response.answers.values_list("question_text", "kind", "value")) == [
        ("Ease of getting through", "scale", 4),
        ("Was the outcome explained?", "yes_no", 1),
    ]
    event = events.get(action="survey.answer")
    assert event.actor is None
    assert event.person_id is None
    assert "Northshire Primary School" in event.summary

    with pytest.raises(SurveyLinkError) as second:
        services.survey_answer(
            token=token(invitation), answers={ease.pk: 1, explained.pk: 0}, now=moment
        )
    assert second.value.reason == "used"
    assert SurveyResponse.objects.count() == 1
    assert SurveyAnswer.objects.count() == 2


def test_a_link_is_open_until_the_moment_it_expires_and_not_after() -> None:
    ease, explained = two_questions()
    invitation = feedback_sent()
    invitation.expires_at = london(2026, 12, 31, 16, 0)
    invitation.save()
    assert invitation_open(token(invitation), now=london(2026, 12, 31, 15, 59)) == invitation
    with pytest.raises(SurveyLinkError) as late:
        services.survey_answer(
            token=token(invitation),
            answers={ease.pk: 5, explained.pk: 1},
            now=london(2026, 12, 31, 16, 0),
        )
    assert late.value.reason == "expired"
    invitation.refresh_from_db()
    assert invitation.used_at is None
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    "forge",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # the signature altered
        lambda t: "x" + t,  # the token id altered
        lambda t: signing.Signer(salt="another.salt").sign(t.split(":")[0]),  # wrong salt
        lambda t: sign("made-up-token-id"),  # genuinely signed, but no such invitation
        lambda t: "not-a-token",
    ],
    ids=["signature-altered", "id-altered", "other-salt", "unknown-id", "no-signature"],
)
def test_a_forged_or_altered_link_is_not_valid(forge) -> None:  # type: ignore[no-untyped-def]
    ease, explained = two_questions()
    invitation = feedback_sent()
    with pytest.raises(SurveyLinkError) as error:
        services.survey_answer(
            token=forge(token(invitation)), answers={ease.pk: 5, explained.pk: 1}
        )
    assert error.value.reason == "invalid"
    assert not SurveyResponse.objects.exists()


def test_the_token_is_signed_with_the_surveys_own_salt() -> None:
    invitation = feedback_sent()
    assert signing.Signer(salt=SALT).unsign(token(invitation)) == invitation.token_id
    with pytest.raises(signing.BadSignature):
        signing.Signer().unsign(token(invitation))


def test_a_missing_answer_to_a_required_question_saves_nothing() -> None:
    ease, explained = two_questions()
    invitation = feedback_sent()
    with pytest.raises(DomainError) as error:
        services.survey_answer(token=token(invitation), answers={ease.pk: 3})
    assert (error.value.field, error.value.message) == (
        f"question_{explained.pk}",
        "Select an answer to “Was the outcome explained?”",
    )
    invitation.refresh_from_db()
    assert invitation.used_at is None  # the link can still be used
    assert not SurveyResponse.objects.exists()


def test_an_optional_question_may_be_left_and_a_score_out_of_range_is_refused() -> None:
    ease, explained = two_questions()
    SurveyQuestion.objects.filter(pk=explained.pk).update(required=False)
    invitation = feedback_sent()
    with pytest.raises(DomainError) as error:
        services.survey_answer(token=token(invitation), answers={ease.pk: 6})
    assert error.value.field == f"question_{ease.pk}"
    response = services.survey_answer(token=token(invitation), answers={ease.pk: 2})
    assert list(response.answers.values_list("value", flat=True)) == [2]


def test_a_refused_link_is_audited_with_no_actor_and_the_agency() -> None:
    invitation = feedback_sent(referrer_agency="Northshire Police")
    invitation.used_at = invitation.created_at
    invitation.save()
    events = audit_since_now()
    services.survey_link_refused(error=SurveyLinkError("used", invitation))
    services.survey_link_refused(error=SurveyLinkError("invalid"))
    used, invalid = events.filter(action="survey.refused").order_by("id")
    assert (used.actor, used.object_id, used.summary) == (
        None,
        str(invitation.pk),
        "Survey link refused: already answered (Northshire Police)",
    )
    assert (invalid.object_type, invalid.summary) == (
        "quality.surveyinvitation",
        "Survey link refused: not a genuine link",
    )


def test_seeded_questions_are_the_four_the_review_asks_about() -> None:
    assert list(SurveyQuestion.objects.values_list("kind", flat=True)) == [
        "scale",
        "scale",
        "yes_no",
        "yes_no",
    ]
    assert SurveyQuestion.objects.first().text == "How easy was it to get through to us?"  # type: ignore[union-attr]


def test_a_contact_centre_officer_cannot_make_an_invitation() -> None:
    from frontdoor.accounts.models import Role
    from frontdoor.accounts.tests.factories import make_user
    from frontdoor.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        services.survey_invite(
            actor=make_user(Role.CONTACT_CENTRE_OFFICER), contact=ContactFactory()
        )
    assert not SurveyInvitation.objects.exists()
