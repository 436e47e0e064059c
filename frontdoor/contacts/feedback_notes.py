"""What apps above the front door add to the feedback to the referrer (apps depend downward,
so contacts cannot ask them: they register a provider from their AppConfig.ready()).

A provider takes the contact and the request and returns a note or None. The note is shown
in the contact page's feedback section and its `letter` lines end the summary the worker
copies into their reply, so whatever it holds (a survey link, say) goes with the feedback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import Contact


@dataclass(frozen=True)
class FeedbackNote:
    heading: str
    text: str  # what the page says about it, to the worker
    url: str = ""  # a link to show on the page (and in the letter, if `letter` says so)
    letter: tuple[str, ...] = ()  # lines added to the letter to the referrer


Provider = Callable[[Contact, Any], FeedbackNote | None]
_providers: list[Provider] = []


def register_feedback_note(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_feedback_note(provider: Provider) -> None:
    _providers.remove(provider)


def feedback_notes(contact: Contact, request: Any) -> list[FeedbackNote]:
    notes = (provider(contact, request) for provider in _providers)
    return [note for note in notes if note is not None]
