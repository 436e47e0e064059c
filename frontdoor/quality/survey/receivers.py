"""How the survey hooks onto the front door without the front door knowing it: a receiver
of contacts' feedback_recorded signal makes the invitation, and a feedback note provider
puts the link on the contact page and in the letter to the referrer."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from frontdoor.contacts.feedback_notes import FeedbackNote, register_feedback_note
from frontdoor.contacts.models import Contact
from frontdoor.contacts.signals import feedback_recorded

from .models import SurveyInvitation
from .selectors import survey_path
from .services import survey_invite


def invite_on_feedback(sender: Any, *, contact: Contact, actor: Any, **kwargs: Any) -> None:
    survey_invite(actor=actor, contact=contact)


def survey_note(contact: Contact, request: Any) -> FeedbackNote | None:
    invitation = SurveyInvitation.objects.filter(contact=contact).first()
    if invitation is None:
        return FeedbackNote(
            heading="Survey for the referrer",
            text="A link to our feedback survey appears here when you record the feedback "
            "as sent: send it to the referrer with your feedback.",
        )
    url = request.build_absolute_uri(survey_path(invitation))
    expires = f"{timezone.localtime(invitation.expires_at):%-d %B %Y}"
    if invitation.used_at:
        answered = f"{timezone.localtime(invitation.used_at):%-d %B %Y}"
        text = f"The referrer answered the survey on {answered}."
        return FeedbackNote(heading="Survey for the referrer", text=text)
    return FeedbackNote(
        heading="Survey for the referrer",
        text=f"Send this link to the referrer with your feedback. It can be used once, "
        f"until {expires}, without signing in.",
        url=url,
        letter=(
            f"Please tell us how this contact went, in our short survey (open until {expires}):",
            url,
        ),
    )


def connect_survey() -> None:
    """From QualityConfig.ready(): the receiver and the note."""

    feedback_recorded.connect(invite_on_feedback, dispatch_uid="quality.survey.invite")
    register_feedback_note(survey_note)
