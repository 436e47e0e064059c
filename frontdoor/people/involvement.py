"""Open involvement with a person: what is happening now, who holds it, and since when.

Each app that holds open work (contacts today; referrals, assessments, plans and early help
when casework arrives) registers a provider from its AppConfig.ready(). A provider takes
person ids and returns their open involvements, in one or two queries for all of them, so
the intake screen can show every candidate's involvement without touching this module.

`last_involved` is when the service last had to do with each person (their latest contact,
from the chronology's providers, or their latest open work): search orders by it the people
who match best equally well.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from .chronology import registered_providers

CONTACT = "contact"  # the chronology's kind of event for a contact received


@dataclass(frozen=True)
class Involvement:
    person_id: int
    label: str  # e.g. "Contact awaiting decision", "Child in need plan"
    since: datetime
    worker: str = ""
    team: str = ""
    url: str = ""


Provider = Callable[[list[int]], Iterable[Involvement]]
_providers: list[Provider] = []


def register_involvement_provider(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_involvement_provider(provider: Provider) -> None:
    _providers.remove(provider)


def open_involvements(person_ids: Iterable[int]) -> dict[int, list[Involvement]]:
    ids = list(person_ids)
    found: dict[int, list[Involvement]] = defaultdict(list)
    if not ids:
        return found
    for provider in _providers:
        for involvement in provider(ids):
            found[involvement.person_id].append(involvement)
    for items in found.values():
        items.sort(key=lambda item: item.since, reverse=True)
    return found


def last_involved(
    person_ids: Iterable[int], open_work: Mapping[int, list[Involvement]] | None = None
) -> dict[int, datetime]:
    """When the service was last involved with each person: their latest contact, or the start
    of their latest open work, whichever is later. People never involved are left out.
    `open_work` may pass `open_involvements` already read for these people."""
    ids = list(person_ids)
    if not ids:
        return {}
    latest: dict[int, datetime] = {}

    def saw(person_id: int, when: datetime) -> None:
        if person_id not in latest or when > latest[person_id]:
            latest[person_id] = when

    for provider in registered_providers():
        if CONTACT in provider.kinds:
            for event in provider.fetch(ids, None, None):
                if event.kind == CONTACT:
                    saw(event.person_id, event.occurred_at)
    for person_id, items in (open_involvements(ids) if open_work is None else open_work).items():
        for item in items:
            saw(person_id, item.since)
    return latest
