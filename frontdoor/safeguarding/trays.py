"""Safeguarding's due items in the work trays."""

from __future__ import annotations

from collections.abc import Iterable

from frontdoor.casework.trays import Scope, TrayItem

KINDS: dict[str, str] = {}


def collect_due_items(scope: Scope) -> Iterable[TrayItem]:
    return []
