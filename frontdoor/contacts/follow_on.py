"""What each decision on a contact started: the referral, MASH enquiry or early help that took
the child on, so that the contact page links to it. The apps that hold that work register a
provider from their AppConfig.ready(): it takes contact-child ids and returns what each started,
in one query for them all."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FollowOn:
    contact_child_id: int
    label: str  # "MASH enquiry", "Referral for a social work assessment"
    url: str


Provider = Callable[[list[int]], Iterable[FollowOn]]
_providers: list[Provider] = []


def register_follow_on_provider(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def follow_ons(contact_child_ids: Iterable[int]) -> dict[int, list[FollowOn]]:
    ids = list(contact_child_ids)
    found: dict[int, list[FollowOn]] = defaultdict(list)
    if ids:
        for provider in _providers:
            for item in provider(ids):
                found[item.contact_child_id].append(item)
    return found
