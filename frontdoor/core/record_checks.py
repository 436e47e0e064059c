"""Checks shown on a child's record by apps above it: "this record would fail the census
checks: 8670Q ...". Apps depend downward, so the person and referral pages cannot import the
returns app; instead an app registers a provider here (in its `AppConfig.ready`) and the pages
ask `record_checks(person_id)`, which costs whatever the providers cost (the census one reads
the child's part of the census in six small queries).

A provider that fails is logged and skipped: a check never stops a record from opening.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordNotice:
    check: str  # what found it, shown as the heading: "the census checks"
    code: str  # the rule: "8670Q"
    message: str
    kind: str  # "error" or "query"
    url: str = ""  # the record where it is put right
    record: str = ""  # what the link says: "Assessment started 3 May 2025"
    explained: str = ""  # a query's explanation, when one is kept
    census_message: str = ""  # the rule's own wording, for analysts (`message` is the worker's)


Provider = Callable[[int], list[RecordNotice]]
_PROVIDERS: list[Provider] = []


def register_record_check(provider: Provider) -> Provider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def record_checks(person_id: int) -> list[RecordNotice]:
    """What every registered check finds wrong with this person's records."""
    notices: list[RecordNotice] = []
    for provider in _PROVIDERS:
        try:
            notices.extend(provider(person_id))
        except Exception:
            log.exception("Record check %s failed for person %s", provider, person_id)
    return notices
