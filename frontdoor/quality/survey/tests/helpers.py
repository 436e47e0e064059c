"""The survey tests' set-up: a CSW's contact whose feedback was sent, and invitations made
at a given moment for the results."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from frontdoor.accounts.tests.factories import ContactFactory
from frontdoor.contacts import services as contact_services
from frontdoor.contacts.models import Contact
from frontdoor.quality.survey.models import SurveyInvitation, SurveyQuestion
from frontdoor.quality.survey.tokens import new_token_id, sign


def feedback_sent(contact: Contact | None = None, **fields: Any) -> SurveyInvitation:
    """Record a contact's feedback as sent, the front door's way: the invitation follows."""
    contact = contact or ContactFactory(**fields)
    contact_services.contact_feedback_sent(
        actor=contact.csw, contact_id=contact.pk, sent_at=contact.received_at
    )
    return SurveyInvitation.objects.get(contact=contact)


def invitation_at(created_at: datetime, agency: str, days: int = 28) -> SurveyInvitation:
    """An invitation made at `created_at`, for the results' hand-built sets."""
    contact = ContactFactory(referrer_agency=agency)
    assert contact.csw is not None
    return SurveyInvitation.objects.create(
        contact=contact,
        token_id=new_token_id(),
        agency=agency,
        created_at=created_at,
        expires_at=created_at + timedelta(days=days),
        created_by=contact.csw,
    )


def token(invitation: SurveyInvitation) -> str:
    return sign(invitation.token_id)


def two_questions() -> tuple[SurveyQuestion, SurveyQuestion]:
    """The seeded questions put aside: one scale question and one yes/no question."""
    SurveyQuestion.objects.update(active=False)
    ease = SurveyQuestion.objects.create(text="Ease of getting through", kind="scale", order=1)
    explained = SurveyQuestion.objects.create(
        text="Was the outcome explained?", kind="yes_no", order=2
    )
    return ease, explained
