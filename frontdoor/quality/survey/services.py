"""Every write of the survey: inviting the referrer when their feedback is sent, taking
their one answer, and recording a link that was refused. The referrer is not signed in:
their rows are audited with no actor, and say which agency answered."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdoor.contacts.models import Contact
from frontdoor.core.audit import audit_write
from frontdoor.core.errors import DomainError
from frontdoor.core.services import require

from .models import SurveyAnswer, SurveyInvitation, SurveyQuestion, SurveyResponse
from .selectors import SurveyLinkError, invitation_open, questions_asked
from .tokens import new_token_id

REASONS = {
    "invalid": "Survey link refused: not a genuine link",
    "expired": "Survey link refused: expired",
    "used": "Survey link refused: already answered",
}


@transaction.atomic
def survey_invite(*, actor: Any, contact: Contact) -> SurveyInvitation:
    """The contact's invitation, made the first time its feedback is recorded as sent (once:
    recording the feedback again keeps the link the referrer was given)."""
    require(actor, "contacts.decide_contact", contact)
    existing = SurveyInvitation.objects.filter(contact=contact).first()
    if existing is not None:
        return existing
    now = timezone.now()
    invitation = SurveyInvitation.objects.create(
        contact=contact,
        token_id=new_token_id(),
        agency=contact.referrer_agency.strip(),
        created_at=now,
        expires_at=now + timedelta(days=settings.FRONTDOOR_SURVEY_DAYS),
        created_by=actor,
    )
    audit_write(
        actor=actor,
        action="survey.invite",
        obj=invitation,
        changes={"contact": [None, contact.pk], "expires_at": [None, invitation.expires_at]},
        summary=f"Survey link for {invitation.agency or 'the referrer'}",
    )
    return invitation


def _values(questions: list[SurveyQuestion], answers: Mapping[int, int | None]) -> list[int]:
    values = []
    for question in questions:
        value = answers.get(question.pk)
        field = f"question_{question.pk}"
        if value is None:
            if question.required:
                raise DomainError(f"Select an answer to “{question.text}”", field=field)
            continue
        top = 5 if question.kind == SurveyQuestion.Kind.SCALE else 1
        low = 1 if question.kind == SurveyQuestion.Kind.SCALE else 0
        if not low <= value <= top:
            raise DomainError(f"Select one of the answers to “{question.text}”", field=field)
        values.append(value)
    return values


@transaction.atomic
def survey_answer(
    *, token: str, answers: Mapping[int, int | None], comment: str = "", now: datetime | None = None
) -> SurveyResponse:
    """The referrer's answers (by question id: 1 to 5, or 1 for yes and 0 for no) and comment.
    The link is used up in the same transaction: a refusal saves nothing."""
    now = now or timezone.now()
    invitation = invitation_open(token, now=now)
    questions = list(questions_asked())
    values = _values(questions, answers)
    # Single use, kept by the database: only one session's update finds the link unused.
    claimed = SurveyInvitation.objects.filter(
        pk=invitation.pk, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if not claimed:
        raise SurveyLinkError("used", invitation)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                invitation=invitation, answered_at=now, comment=comment.strip()
            )
    except IntegrityError:
        raise SurveyLinkError("used", invitation) from None
    answered = [q for q in questions if answers.get(q.pk) is not None]
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question=q, question_text=q.text, kind=q.kind, value=value)
        for q, value in zip(answered, values, strict=True)
    )
    # bulk_create writes no audit event by itself: this one covers the response and answers
    audit_write(
        actor=None,
        action="survey.answer",
        obj=response,
        changes={
            "invitation": [None, invitation.pk],
            "answers": [None, {q.text: v for q, v in zip(answered, values, strict=True)}],
        },
        summary=f"Survey answered by the referrer from {invitation.agency or 'an agency'}",
    )
    return response


@transaction.atomic
def survey_link_refused(*, error: SurveyLinkError) -> None:
    """Audit a link that was refused (no actor: the referrer is not signed in)."""
    invitation = error.invitation
    agency = f" ({invitation.agency})" if invitation and invitation.agency else ""
    audit_write(
        actor=None,
        action="survey.refused",
        obj=invitation,
        object_type="" if invitation else "quality.surveyinvitation",
        object_id="" if invitation else "-",
        summary=f"{REASONS[error.reason]}{agency}",
    )
