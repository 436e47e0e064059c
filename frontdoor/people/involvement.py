"""Open involvement with a person: what is happening now, who holds it, and since when.

Each app that holds open work (contacts today; referrals, assessments, plans and early help
when casework arrives) registers a provider from its AppConfig.ready(). A provider takes
person ids and returns their open involvements, in one or two queries for all of them, so
the intake screen can show every candidate's involvement without touching this module.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime


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
