"""The broken-returns corpus: small councils whose records break one or two census rules
each, for the agreement test (`test_agreement.py`) to run through Frontdoor's rules and the
DfE's own. A case is a function that makes records (with `records.py`) beside the clean
baseline, registered with the rules it is meant to break.

`reference_wrong` names, per rule, why the DfE's code is known to answer differently (the
bugs listed in shared/reference/cin-census/README.md): the test leaves that rule out of the
comparison and checks the difference is really there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from frontdoor.accounts.models import User

Build = Callable[[User], None]


@dataclass(frozen=True)
class Case:
    name: str
    breaks: frozenset[str]
    build: Build
    reference_wrong: Mapping[str, str] = field(default_factory=dict)


CASES: list[Case] = []


def case(
    *breaks: str, reference_wrong: Mapping[str, str] | None = None
) -> Callable[[Build], Build]:
    """Register the decorated function as a case named after it, meant to break `breaks`."""

    def register(build: Build) -> Build:
        if any(known.name == build.__name__ for known in CASES):
            raise ValueError(f"Two corpus cases are called {build.__name__}")
        CASES.append(Case(build.__name__, frozenset(breaks), build, dict(reference_wrong or {})))
        return build

    return register


def all_cases() -> list[Case]:
    from . import assessments, broken_file, episodes, identity, protection  # noqa: F401

    return CASES
