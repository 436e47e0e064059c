"""Safeguarding's open involvement with a child."""

from __future__ import annotations

from collections.abc import Iterable

from frontdoor.people.involvement import Involvement


def open_safeguarding(person_ids: list[int]) -> Iterable[Involvement]:
    return []
