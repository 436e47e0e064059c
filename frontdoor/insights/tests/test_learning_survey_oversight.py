"""The learning measures of the partner survey and of management oversight, and the dashboard's
"Learning" group, each on a small set built by hand here; the expected figures are worked
out in the comments, never by the code under test.

THE WINDOW is the two weeks Monday 2 to Sunday 15 November 2026."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from frontdoor.accounts.models import Role, User
from frontdoor.accounts.tests.factories import ContactFactory, freeze, london, make_user
from frontdoor.casework.models import Oversight, Referral
from frontdoor.casework.tests.factories import make_referral
from frontdoor.insights import selectors
from frontdoor.insights.catalogue import LEARNING, MEASURES
from frontdoor.insights.learning_specs import oversight_window_start
from frontdoor.insights.selectors import Filters
from frontdoor.quality.calls.models import MonitoredCall
from frontdoor.quality.survey.models import SurveyAnswer, SurveyInvitation, SurveyResponse

pytestmark = pytest.mark.django_db

START, END = date(2026, 11, 2), date(2026, 11, 15)


ALL = Filters()


def counts(key: str, filters: Filters = ALL) -> tuple[int, int | None, float | None]:
    v = selectors.measure_value(key, START, END, filters)
    return v.numerator, v.denominator, v.value


# --- the partner survey ----------------------------------------------------------------------


def invitation(at: datetime, *, source: str = "2A", agency: str = "School") -> SurveyInvitation:
    contact = ContactFactory(received_at=at, referral_source=source, referrer_agency=agency)
    assert contact.csw is not None
    return SurveyInvitation.objects.create(
        contact=contact,
        token_id=f"t{contact.pk}",
        agency=agency,
        created_at=at,
        expires_at=at + timedelta(days=28),
        created_by=contact.csw,
    )


def answered(invited: SurveyInvitation, *answers: tuple[str, int]) -> None:
    response = SurveyResponse.objects.create(
        invitation=invited, answered_at=invited.created_at + timedelta(days=1)
    )
    invited.used_at = response.answered_at
    invited.save()
    for kind, value in answers:
        SurveyAnswer.objects.create(
            response=response, question_text=f"A {kind} question", kind=kind, value=value
        )


def test_survey_response_rate_and_mean_score() -> None:
    i1 = invitation(london(2026, 11, 2, 9), source="6", agency="Police")
    i2 = invitation(london(2026, 11, 6, 17))
    invitation(london(2026, 11, 9, 12))  # not answered
    invitation(london(2026, 11, 15, 23, 45))  # not answered (yet)
    i5 = invitation(london(2026, 11, 1, 12))  # the day before the window
    answered(i1, ("scale", 4), ("scale", 5), ("yes_no", 1))
    answered(i2, ("scale", 2), ("yes_no", 0))
    answered(i5, ("scale", 1))
    # Invitations made in the window: i1 to i4 = 4; answered i1, i2: 2 / 4 = 50%.
    assert counts("survey_response_rate") == (2, 4, 50.0)
    # Scale answers to the window's invitations: 4, 5, 2 (yes or no answers left out; i5's 1 is
    # outside): (4 + 5 + 2) / 3 = 11 / 3 = 3.67.
    num, den, value = counts("survey_mean_score")
    assert (num, den) == (11, 3) and value == pytest.approx(3.6667, abs=0.0001)
    # Police contacts (source 6): i1 only, answered: 1 / 1; its scores (4 + 5) / 2 = 4.5.
    police = Filters(source="6")
    assert counts("survey_response_rate", police) == (1, 1, 100.0)
    assert counts("survey_mean_score", police) == (9, 2, 4.5)
    # By agency: Police 1 of 1, School 1 of 3.
    by_agency = selectors.breakdown("survey_response_rate", "agency", START, END)
    assert [(a, v.numerator, v.denominator) for a, v in by_agency] == [
        ("Police", 1, 1),
        ("School", 1, 3),
    ]


def test_a_survey_mean_without_answers_is_no_figure() -> None:
    invitation(london(2026, 11, 3, 9))
    assert counts("survey_mean_score") == (0, 0, None)


# --- management oversight ---------------------------------------------------------------------


def test_the_oversight_window_counts_working_days_back() -> None:
    # Sunday 15 November 2026: Fri 13 is the 1st working day back, Mon 9 the 5th, Mon 2 the
    # 10th, Mon 26 October the 15th, Mon 19 October the 20th.
    assert oversight_window_start(date(2026, 11, 15), 20) == date(2026, 10, 19)
    # Monday 16 November is itself the 1st: the 20th is Tuesday 20 October.
    assert oversight_window_start(date(2026, 11, 16), 20) == date(2026, 10, 20)
    # Over Christmas 2026 (Fri 25 and Mon 28 December are bank holidays): from Wed 30 Dec,
    # 30 (1), 29 (2), 24 (3).
    assert oversight_window_start(date(2026, 12, 30), 3) == date(2026, 12, 24)


def _referral(actor: User, made: date, *, closed: date | None = None) -> Referral:
    referral = make_referral(referral_date=made, actor=actor)
    if closed:
        Referral.objects.filter(pk=referral.pk).update(closed_on=closed, closure_reason="RC8")
    return referral


def _oversight(referral: Referral, by: User, at: datetime, *, on_referral: bool = True) -> None:
    Oversight.objects.create(
        person=referral.person,
        referral=referral if on_referral else None,
        kind=Oversight.Kind.OVERSIGHT,
        discussion="Reviewed the plan with the worker.",
        recorded_by=by,
        recorded_at=at,
    )


def test_open_cases_with_oversight_in_the_last_20_working_days() -> None:
    csw, manager = make_user(Role.CSW), make_user(Role.TEAM_MANAGER)
    # As at Sunday 15 November 2026 the 20 working days run from Monday 19 October.
    r1 = _referral(csw, date(2026, 10, 1))
    _oversight(r1, manager, london(2026, 10, 20, 11))  # in the 20 days: counts
    _referral(csw, date(2026, 10, 19))  # open on each of the 20 days, no oversight
    r3 = _referral(csw, date(2026, 9, 1))
    _oversight(r3, manager, london(2026, 10, 16, 16))  # before the 20 days
    r4 = _referral(csw, date(2026, 10, 20))  # made after the first day: not counted
    _oversight(r4, manager, london(2026, 10, 21, 9))
    r5 = _referral(csw, date(2026, 10, 1), closed=date(2026, 11, 10))  # closed: not counted
    _oversight(r5, manager, london(2026, 10, 20, 9))
    r6 = _referral(csw, date(2026, 10, 1))
    Oversight.objects.create(
        person=r6.person,
        referral=r6,
        kind=Oversight.Kind.SUPERVISION,
        discussion="Supervision.",
        recorded_by=manager,
        recorded_at=london(2026, 11, 15, 23, 0),  # the last day itself: counts
    )
    r7 = _referral(csw, date(2026, 10, 1))
    _oversight(r7, manager, london(2026, 10, 22, 9), on_referral=False)  # the child's, not r7's
    # Counted: r1, r2, r3, r6, r7 = 5; with oversight on the referral in the 20 days: r1, r6.
    # 2 / 5 = 40%.
    assert counts("oversight_in_time") == (2, 5, 40.0)
    # As at Monday 16 November the days run from Tuesday 20 October: r2 (made 19 October) is
    # still counted, r1's oversight of 20 October still in them; r4 (made 20 October) now
    # counts too and its oversight of 21 October with it: r1, r4, r6 of r1, r2, r3, r4, r6,
    # r7 = 3 / 6 = 50%.
    v = selectors.measure_value("oversight_in_time", START, date(2026, 11, 16))
    assert (v.numerator, v.denominator, v.value) == (3, 6, 50.0)


# --- the dashboard ---------------------------------------------------------------------------


def test_the_dashboard_shows_the_learning_group(monkeypatch: Any) -> None:
    # "Now" Wednesday 18 November 2026: the default window is 24 August to 15 November 2026.
    freeze(monkeypatch, london(2026, 11, 18, 14, 0))
    csw, head = make_user(Role.CSW), make_user(Role.HEAD_OF_SERVICE)
    at = london(2026, 11, 10, 10)
    MonitoredCall.objects.create(
        contact=ContactFactory(csw=csw, received_at=at),
        worker=csw,
        listened_at=at,
        mode=MonitoredCall.Mode.RECORDED,
        feedback="Good use of history.",
        recorded_by=head,
        recorded_at=at,
    )
    client = Client()
    client.force_login(head)
    page = client.get(reverse("insights:dashboard")).content.decode()
    assert '<h2 class="govuk-heading-m" id="learning">Learning</h2>' in page
    learning = page[page.index('id="learning"') : page.index('id="trend"')]
    for key in LEARNING:
        assert f"#{key}" in learning and MEASURES[key].name in learning
    assert "Learning figures as a table" in learning

    response = client.get(reverse("insights:dashboard"), {"format": "csv", "table": "learning"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["measure"] for r in rows] == list(LEARNING)
    calls = next(r for r in rows if r["measure"] == "calls_monitored")
    # One call in the window; 1 CSW active (the head of service is not one): 1 per CSW.
    assert (calls["numerator"], calls["start"], calls["end"]) == ("1", "2026-08-24", "2026-11-15")
    per_csw = next(r for r in rows if r["measure"] == "calls_monitored_per_csw")
    assert (per_csw["numerator"], per_csw["denominator"], per_csw["value"]) == ("1", "1", "1.0")
