"""The daily rollups: a record made now shows at once, a refresh changes no figure, late
entries are caught by the next refresh, and the command and task run."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from frontdoor.accounts.tests.factories import ContactFactory, london
from frontdoor.casework.models import Referral
from frontdoor.insights import selectors
from frontdoor.insights.models import DailyCount, Fact, Watermark
from frontdoor.insights.rollup_build import refresh
from frontdoor.insights.rollup_families import watermark
from frontdoor.insights.selectors import Filters
from frontdoor.insights.tasks import insights_refresh_task

from .dataset import END, START, build

pytestmark = pytest.mark.django_db


def test_a_contact_made_now_shows_without_a_refresh() -> None:
    today = timezone.localdate()
    ContactFactory(received_at=london(2024, 1, 10, 10), referral_source="6")
    refresh()  # up to yesterday
    assert watermark() == today - timedelta(days=1)
    before = selectors.measure_value("contacts", today - timedelta(days=6), today).numerator
    ContactFactory(received_at=timezone.now(), referral_source="6", channel="email")
    after = selectors.compare("contacts", today - timedelta(days=6), today)
    assert after.current.numerator == before + 1
    # ... and with a filter, through the rollups' split too.
    since_2024 = selectors.measure_value("contacts_police", date(2024, 1, 1), today)
    assert since_2024.numerator == 2  # the one in January 2024 (rolled up) and today's (live)
    both = Filters(source="6", channel="email")
    assert selectors.measure_value("contacts", date(2024, 1, 1), today, both).numerator == 1


def test_a_refresh_changes_no_figure_and_runs_again_the_same() -> None:
    build()
    keys = ["contacts", "decisions_in_time", "re_referral_rate", "unallocated_cases"]
    live = {k: selectors.measure_value(k, START, END) for k in keys}
    refresh(through=date(2026, 12, 31), full=True)
    first = (Fact.objects.count(), DailyCount.objects.count())
    assert {k: selectors.measure_value(k, START, END) for k in keys} == live
    refresh(through=date(2026, 12, 31))  # the lookback days again
    assert (Fact.objects.count(), DailyCount.objects.count()) == first
    assert {k: selectors.measure_value(k, START, END) for k in keys} == live


def test_a_late_entry_is_caught_by_the_next_refresh() -> None:
    data = build()
    refresh(through=END, full=True)
    assert selectors.measure_value("referrals", START, END).numerator == 5
    # A referral entered after the refresh, dated within the window: the rollup does not
    # hold it yet (days up to the watermark are read from it), the next refresh does.
    person = Referral.objects.get(referral_date=date(2026, 8, 4)).person
    Referral.objects.filter(person=person).update(closed_on=date(2026, 10, 10))
    Referral.objects.create(
        person=person, referral_date=date(2026, 10, 20), source="2A", team=data.norwich,
        allocation_due_on=date(2026, 10, 21), child_seen_due_on=date(2026, 10, 27),
        opened_by=data.w1,
    )  # fmt: skip
    assert selectors.measure_value("referrals", START, END).numerator == 5
    refresh(through=END)  # 42 days back from the watermark: 13 Sep onwards
    assert selectors.measure_value("referrals", START, END).numerator == 6


def test_the_command_and_the_task() -> None:
    ContactFactory(received_at=london(2025, 3, 3, 9))
    out = StringIO()
    call_command("insights_refresh", "--through", "2025-12-31", stdout=out)
    assert "through 2025-12-31" in out.getvalue()
    assert Watermark.objects.get().through == date(2025, 12, 31)
    assert selectors.measure_value("contacts", date(2025, 3, 3), date(2025, 3, 3)).numerator == 1
    result = insights_refresh_task.enqueue()
    assert result.return_value is not None
    assert result.return_value["through"] == (timezone.localdate() - timedelta(days=1)).isoformat()
    call_command("insights_refresh", "--enqueue", stdout=out)
    assert "Queued" in out.getvalue()


def test_a_refresh_in_chunks_gives_the_same_figures() -> None:
    data = build()
    keys = ["contacts", "referrals", "open_cases", "unallocated_cases", "caseload_per_worker"]
    team = Filters(team=str(data.norwich.pk))
    live = {k: selectors.measure_value(k, START, END, team) for k in keys}
    refresh(through=date(2026, 12, 31), full=True, chunk_days=30)
    assert {k: selectors.measure_value(k, START, END, team) for k in keys} == live
    # Hand-worked in test_measures: Norwich holds r1 r2 rY2, all W1's, as at 25 Oct.
    caseload = live["caseload_per_worker"]
    assert (caseload.numerator, caseload.denominator) == (3, 1)


def test_a_full_refresh_reports_the_rows_it_holds_never_a_negative_count() -> None:
    # One police contact on Monday 3 March 2025, so the rollups hold one day of facts.
    ContactFactory(received_at=london(2025, 3, 3, 9), referral_source="6")
    out = StringIO()
    call_command("insights_refresh", "--full", "--through", "2025-03-03", stdout=out)
    held = Fact.objects.count() + DailyCount.objects.count()
    assert held > 0
    assert out.getvalue().strip() == (
        f"Rollups rebuilt from 2025-03-03 through 2025-03-03: {held} rows"
    )
