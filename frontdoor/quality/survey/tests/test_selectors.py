"""The survey's results on a hand-built set, every figure worked out by hand below.

Northshire Primary School, December 2026: 3 invitations, 2 answered (ease 4 and 5, outcome
explained yes and no): rate 2/3 = 66.7 %, mean ease (4 + 5) / 2 = 4.5, explained 1/2 = 50 %.
Northshire Police, November 2026: 1 invitation, answered (ease 2, explained yes): rate 100 %,
mean ease 2.0, explained 100 %. An invitation in October 2026 is outside the period.
All agencies: 4 invitations, 3 responses, 75.0 %; ease (4 + 5 + 2) / 3 = 3.67; explained 2/3
= 66.7 %.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from frontdoor.accounts.tests.factories import london
from frontdoor.quality.survey import services
from frontdoor.quality.survey.selectors import survey_results

from .helpers import invitation_at, token, two_questions

pytestmark = pytest.mark.django_db

SCHOOL = "Northshire Primary School"
POLICE = "Northshire Police"


@pytest.fixture
def answered_set() -> None:
    ease, explained = two_questions()

    def answer(invitation, score: int, yes: int, comment: str = "") -> None:  # type: ignore[no-untyped-def]
        services.survey_answer(
            token=token(invitation),
            answers={ease.pk: score, explained.pk: yes},
            comment=comment,
            now=invitation.created_at + timedelta(days=1),
        )

    first = invitation_at(london(2026, 12, 1, 9, 0), SCHOOL)
    second = invitation_at(london(2026, 12, 3, 16, 0), SCHOOL)
    invitation_at(london(2026, 12, 31, 23, 30), SCHOOL)  # late on the last day: still December
    police = invitation_at(london(2026, 11, 20, 10, 0), POLICE)
    old = invitation_at(london(2026, 10, 31, 12, 0), SCHOOL)
    answer(first, 4, 1, "Got through first time.")
    answer(second, 5, 0)
    answer(police, 2, 1, "Waited on hold for 40 minutes.")
    answer(old, 1, 0, "Outside the period")


def test_results_by_agency_and_month(answered_set) -> None:  # type: ignore[no-untyped-def]
    results = survey_results(date(2026, 11, 1), date(2026, 12, 31))
    assert results.columns == [
        ("Ease of getting through", "scale"),
        ("Was the outcome explained?", "yes_no"),
    ]
    police, school = results.rows
    assert (police.agency, police.month) == (POLICE, date(2026, 11, 1))
    assert (police.invitations, police.responses, police.response_rate) == (1, 1, 100.0)
    assert police.questions["Ease of getting through"].mean == 2.0
    assert police.questions["Was the outcome explained?"].percent_yes == 100.0

    assert (school.agency, school.month) == (SCHOOL, date(2026, 12, 1))
    assert (school.invitations, school.responses, school.response_rate) == (3, 2, 66.7)
    assert school.questions["Ease of getting through"].mean == 4.5
    assert school.questions["Ease of getting through"].answers == 2
    assert school.questions["Was the outcome explained?"].percent_yes == 50.0


def test_the_total_and_the_comments(answered_set) -> None:  # type: ignore[no-untyped-def]
    results = survey_results(date(2026, 11, 1), date(2026, 12, 31))
    total = results.total
    assert (total.invitations, total.responses, total.response_rate) == (4, 3, 75.0)
    assert round(total.questions["Ease of getting through"].mean, 2) == 3.67
    assert total.questions["Was the outcome explained?"].percent_yes == 66.7
    assert [(c.agency, c.text) for c in results.comments] == [
        (POLICE, "Waited on hold for 40 minutes."),
        (SCHOOL, "Got through first time."),
    ]


def test_a_period_with_invitations_but_no_answers_has_a_rate_of_nought() -> None:
    invitation_at(london(2026, 12, 1, 9, 0), SCHOOL)
    invitation_at(london(2026, 12, 2, 9, 0), "")
    results = survey_results(date(2026, 12, 1), date(2026, 12, 31))
    assert [(r.agency, r.invitations, r.response_rate) for r in results.rows] == [
        ("Agency not recorded", 1, 0.0),
        (SCHOOL, 1, 0.0),
    ]
    assert results.columns == []
    assert survey_results(date(2027, 1, 1), date(2027, 1, 31)).total.response_rate is None
