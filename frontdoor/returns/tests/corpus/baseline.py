"""The clean council every corpus case starts from: two children whose records break no
rule, so whatever is found is what the case broke (and the whole-return queries 2887Q and
2888Q, which any return this small raises)."""

from __future__ import annotations

from datetime import date

from frontdoor.accounts.models import User
from frontdoor.returns.tests.records import (
    assessment,
    child,
    cin_plan,
    conference,
    cp_plan,
    referral,
    review,
    section47,
)


def clean_council(worker: User) -> None:
    # CLEAN001: referral, assessment in time, CIN plan still open.
    one = child(
        "CLEAN001",
        date_of_birth=date(2016, 5, 10),
        sex="F",
        ethnicity="WBRI",
        upn="F845100116001",
        disabilities=["NONE"],
    )
    episode = referral(one, worker, date(2025, 6, 2), source="2A", primary_need="N1")
    assessment(
        episode,
        worker,
        date(2025, 6, 3),
        status="authorised",
        authorised_on=date(2025, 7, 15),
        factors=["3A", "16A"],
    )
    cin_plan(episode, worker, date(2025, 7, 21))

    # CLEAN002: referral, assessment, section 47, conference in time, CP plan with a review.
    two = child(
        "CLEAN002",
        date_of_birth=date(2012, 9, 1),
        sex="M",
        ethnicity="ABAN",
        upn="F845100117002",
        disabilities=["AUT", "LD"],
    )
    episode = referral(two, worker, date(2025, 9, 1), source="6", primary_need="N1")
    assessment(
        episode,
        worker,
        date(2025, 9, 1),
        status="authorised",
        authorised_on=date(2025, 10, 10),
        factors=["4A", "5A"],
    )
    s47 = section47(
        episode,
        worker,
        date(2025, 9, 3),
        conference_due_on=date(2025, 9, 24),
        outcome="icpc",
        outcome_on=date(2025, 9, 19),
    )
    plan = cp_plan(
        episode, worker, date(2025, 9, 23), conference=conference(s47, worker, date(2025, 9, 23))
    )
    review(plan, worker, date(2025, 12, 22))
