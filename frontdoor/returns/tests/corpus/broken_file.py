"""The faults of the DfE-style `broken-2025_26.xml` (shared/reference/cin-census), made as
records. One fault there cannot be recorded in Frontdoor: `ReferralNFA` true on an episode
with an assessment (8831), because Frontdoor derives ReferralNFA from the episode itself
(closed RC7 with no activity), so the two can never disagree."""

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

from . import case


@case("1103", "2885", "8841", "8875")
def broken_file_child_one(worker: User) -> None:
    """An assessment started before the referral; the conference on a Saturday, the plan
    starting on the Monday after; a review on the day the plan started."""
    one = child(
        "BROKEN1", date_of_birth=date(2016, 5, 10), sex="F", ethnicity="WBRI",
        upn="F845100116001", disabilities=["NONE"],
    )  # fmt: skip
    episode = referral(one, worker, date(2025, 6, 2), source="6", primary_need="N1")
    assessment(
        episode, worker, date(2025, 5, 30), status="authorised",
        authorised_on=date(2025, 7, 15), factors=["3A", "16A"],
    )  # fmt: skip
    s47 = section47(
        episode, worker, date(2025, 6, 10), conference_due_on=date(2025, 7, 1),
        outcome="icpc", outcome_on=date(2025, 6, 27),
    )  # fmt: skip
    plan = cp_plan(
        episode, worker, date(2025, 6, 30), conference=conference(s47, worker, date(2025, 6, 28))
    )
    review(plan, worker, date(2025, 6, 30))


@case(
    "4180", "8640", "8650", "8866", "8869", "8873Q",
    reference_wrong={
        "8869": "the DfE code compares each assessment's list of factors with the one code 21, "
        "so it never fires"
    },
)  # fmt: skip
def broken_file_child_two(worker: User) -> None:
    """Codes that are not census codes (sex, closure reason, primary need, source), and
    "no factors" (21) beside a factor on the episode's only assessment (8873Q, and 8869,
    which the DfE file does not raise because of the DfE code's bug)."""
    two = child(
        "BROKEN2", date_of_birth=date(2012, 9, 1), sex="X", ethnicity="ABAN",
        upn="F845100117002", disabilities=["AUT", "LD"],
    )  # fmt: skip
    episode = referral(
        two, worker, date(2025, 4, 14), source="11", primary_need="NX",
        closed_on=date(2026, 1, 16), closure_reason="RC0",
    )  # fmt: skip
    assessment(
        episode, worker, date(2025, 4, 15), status="authorised",
        authorised_on=date(2025, 5, 30), factors=["4A", "21"],
    )  # fmt: skip
    cin_plan(episode, worker, date(2025, 6, 2), end_date=date(2025, 12, 19))


@case("4220", "8565", "8670Q", "8867")
def broken_file_child_three(worker: User) -> None:
    """An ethnicity that is not a census code; closed after assessment the day it was
    referred, with the assessment started after the closure and never authorised."""
    three = child(
        "BROKEN3", date_of_birth=date(2019, 2, 14), sex="F", ethnicity="ZZZZ",
        upn="H845100125003", disabilities=["NONE"],
    )  # fmt: skip
    episode = referral(
        three, worker, date(2025, 11, 3), source="3A",
        closed_on=date(2025, 11, 3), closure_reason="RC8",
    )  # fmt: skip
    assessment(episode, worker, date(2025, 11, 4))
