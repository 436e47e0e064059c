"""The closure sign-off measures: how many closures a manager signed off, and how often the
child came back within 12 months after closures with and without sign-off. A small set built
by hand; the figures are worked out in the comments.

THE WINDOW is the two weeks Monday 2 to Sunday 15 November 2026."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from frontdoor.casework.models import Referral
from frontdoor.casework.tests.factories import child_at, make_referral
from frontdoor.insights import selectors
from frontdoor.insights.catalogue import LEARNING

pytestmark = pytest.mark.django_db

START, END = date(2026, 11, 2), date(2026, 11, 15)


def closed(child: object, made: date, closed_on: date, *, signed_off: bool) -> Referral:
    referral = make_referral(child, referral_date=made)  # type: ignore[arg-type]
    Referral.objects.filter(pk=referral.pk).update(
        closed_on=closed_on,
        closure_reason="RC8",
        closure_signed_off_at=timezone.now() if signed_off else None,
    )
    return referral


def figures(key: str) -> tuple[int, int | None, float | None]:
    value = selectors.measure_value(key, START, END)
    return value.numerator, value.denominator, value.value


def test_closures_signed_off_and_the_re_referrals_after_each() -> None:
    ann, ben, cal, dee, eve, fay = (child_at() for _ in range(6))
    closed(ann, date(2026, 9, 1), date(2026, 11, 3), signed_off=True)
    make_referral(ann, referral_date=date(2026, 11, 20))  # back 17 days after: re-referred
    closed(ben, date(2026, 1, 10), date(2026, 2, 1), signed_off=False)  # before the window
    closed(ben, date(2026, 9, 2), date(2026, 11, 5), signed_off=True)  # his earlier one: no
    closed(cal, date(2026, 9, 3), date(2026, 11, 10), signed_off=False)
    make_referral(cal, referral_date=date(2026, 12, 1))  # back 21 days after: re-referred
    closed(dee, date(2026, 9, 4), date(2026, 11, 12), signed_off=False)
    closed(fay, date(2026, 9, 5), date(2026, 11, 13), signed_off=False)
    closed(eve, date(2026, 9, 6), date(2026, 11, 20), signed_off=True)  # after the window

    # Closed in the window: Ann, Ben, Cal, Dee, Fay = 5; signed off: Ann and Ben = 2: 40 %.
    assert figures("closures_signed_off_share") == (2, 5, 40.0)
    # Signed off: Ann (back) and Ben (not) = 1 of 2.
    assert figures("re_referrals_after_signed_off_closures") == (1, 2, 50.0)
    # Not signed off: Cal (back), Dee and Fay (not) = 1 of 3.
    assert figures("re_referrals_after_closures_not_signed_off")[:2] == (1, 3)
    assert figures("re_referrals_after_closures_not_signed_off")[2] == pytest.approx(33.3, 0.01)


def test_the_sign_off_measures_are_in_the_learning_group() -> None:
    assert {
        "closures_signed_off_share",
        "re_referrals_after_signed_off_closures",
        "re_referrals_after_closures_not_signed_off",
    } <= set(LEARNING)
