"""The insights pages: who may see them, what their CSV files hold for a few contacts built by
hand, the URL carrying every choice, and bad query values shown at their field.

"Now" is Wednesday 18 November 2026, 14:00 in London, so the default window (the last 12
complete weeks) is Monday 24 August to Sunday 15 November 2026.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    freeze,
    input_value,
    london,
    make_user,
)
from frontdoor.contacts.models import Contact


def boxes(page: str, name: str) -> list[str | None]:
    """What a date's day, month and year boxes show."""
    return [input_value(page, f"{name}_{part}") for part in ("day", "month", "year")]


pytestmark = pytest.mark.django_db

DASHBOARD = reverse("insights:dashboard")
REVIEW = reverse("insights:review")
STAFFING = reverse("insights:staffing")
MEASURES = reverse("insights:measures")


@pytest.fixture
def now(monkeypatch):  # type: ignore[no-untyped-def]
    return freeze(monkeypatch, london(2026, 11, 18, 14, 0))


def client_for(role: str) -> Client:
    client = Client()
    client.force_login(make_user(role))
    return client


@pytest.fixture
def head(now) -> Client:  # type: ignore[no-untyped-def]
    return client_for(Role.HEAD_OF_SERVICE)


@pytest.fixture
def contacts(now):  # type: ignore[no-untyped-def]
    """Three contacts in the week of 2 November, one in the week of 19 October, one on
    1 June (the previous 12-week window), and a draft that never counts."""
    csw = make_user(Role.CSW)
    made = [
        ContactFactory(csw=csw, received_at=london(2026, 11, 2, 10, 15), channel="email"),
        ContactFactory(
            csw=csw,
            received_at=london(2026, 11, 3, 10, 40),
            channel="police_notification",
            referral_source="6",
        ),
        ContactFactory(csw=csw, received_at=london(2026, 11, 6, 14, 0)),
        ContactFactory(csw=csw, received_at=london(2026, 10, 20, 9, 5)),
        ContactFactory(csw=csw, received_at=london(2026, 6, 1, 11, 0)),
        ContactFactory(
            csw=csw, received_at=london(2026, 11, 4, 12, 0), status=Contact.Status.DRAFT
        ),
    ]
    return made


def rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode())))


# --- who may see them -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    [Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER, Role.PERFORMANCE_ANALYST, Role.SYSTEM_ADMINISTRATOR],
)
def test_managers_and_analysts_see_every_page(now, role):  # type: ignore[no-untyped-def]
    client = client_for(role)
    for url, heading in (
        (DASHBOARD, "Dashboard"),
        (REVIEW, "Service review"),
        (STAFFING, "Opening hours and staffing"),
        (MEASURES, "What the measures count"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert heading in response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.CSW, Role.MASH_PARTNER, Role.PATHWAY_ADVISOR, Role.LOCALITY_SOCIAL_WORKER]
)
def test_others_are_refused(now, role):  # type: ignore[no-untyped-def]
    client = client_for(role)
    for url in (DASHBOARD, REVIEW, STAFFING, MEASURES, f"{DASHBOARD}?format=csv&table=trend"):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_the_permission_by_role(role):  # type: ignore[no-untyped-def]
    allowed = {
        Role.TEAM_MANAGER,
        Role.HEAD_OF_SERVICE,
        Role.PERFORMANCE_ANALYST,
        Role.SYSTEM_ADMINISTRATOR,
    }
    assert make_user(role).has_perm("insights.view_dashboard") == (role in allowed)


def test_signed_out_goes_to_sign_in(now):  # type: ignore[no-untyped-def]
    response = Client().get(DASHBOARD)
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"] or "login" in response["Location"]


# --- the dashboard --------------------------------------------------------------------------


def test_dashboard_defaults_to_the_last_twelve_complete_weeks(head, contacts):  # type: ignore[no-untyped-def]
    page = head.get(DASHBOARD).content.decode()
    assert "24 August 2026 to 15 November 2026" in page
    assert boxes(page, "start") == ["24", "8", "2026"]
    # Each measure's name links to its definition.
    assert f'href="{MEASURES}#contacts"' in page
    # Charts are drawn from JSON over tables that always carry the figures.
    assert 'id="trend-chart" type="application/json"' in page
    assert "chartjs/chart.umd.min.js" in page
    assert "<caption" in page and 'scope="row"' in page


def test_headline_csv(head, contacts):  # type: ignore[no-untyped-def]
    table = rows(head.get(DASHBOARD, {"format": "csv", "table": "headline"}))
    header, body = table[0], {row[0]: dict(zip(table[0], row, strict=True)) for row in table[1:]}
    assert header[:3] == ["measure", "name", "unit"]
    contacts_row = body["contacts"]
    # 4 recorded contacts from 24 Aug to 15 Nov (2, 3, 6 Nov and 20 Oct; the draft is not one);
    # 1 in the 12 weeks before (1 June): up 300%.
    assert contacts_row["value"] == "4.0"
    assert contacts_row["numerator"] == "4"
    assert contacts_row["previous_value"] == "1.0"
    assert (contacts_row["change_on_previous"], contacts_row["change_unit"]) == ("300.0", "percent")
    assert body["contacts_police"]["value"] == "1.0"
    assert body["contacts_email"]["value"] == "1.0"


def test_trend_csv_has_a_row_for_every_week(head, contacts):  # type: ignore[no-untyped-def]
    table = rows(head.get(DASHBOARD, {"format": "csv", "table": "trend", "measure": "contacts"}))
    assert table[0] == ["week_starting", "measure", "value", "numerator", "denominator"]
    weeks = {row[0]: row[3] for row in table[1:]}
    assert len(weeks) == 12
    assert min(weeks) == "2026-08-24" and max(weeks) == "2026-11-09"
    assert weeks["2026-11-02"] == "3"
    assert weeks["2026-10-19"] == "1"
    assert sum(int(n) for n in weeks.values()) == 4


def test_heatmap_csv(head, contacts):  # type: ignore[no-untyped-def]
    table = rows(head.get(DASHBOARD, {"format": "csv", "table": "heatmap"}))
    assert table[0][:3] == ["weekday", "00:00", "01:00"] and table[0][-1] == "total"
    grid = {row[0]: [int(n) for n in row[1:]] for row in table[1:]}
    assert list(grid) == [
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    ]  # fmt: skip
    assert grid["Monday"][10] == 1 and grid["Monday"][24] == 1  # 2 Nov 10:15
    assert grid["Tuesday"][9] == 1 and grid["Tuesday"][10] == 1  # 20 Oct 09:05, 3 Nov 10:40
    assert grid["Friday"][14] == 1 and grid["Friday"][24] == 1
    assert grid["Wednesday"][24] == 0  # the draft on Wednesday 4 November is not counted
    assert sum(row[24] for row in grid.values()) == 4


def test_breakdown_by_source_csv(head, contacts):  # type: ignore[no-untyped-def]
    table = rows(head.get(DASHBOARD, {"format": "csv", "table": "source", "measure": "contacts"}))
    assert table[0] == ["source", "label", "measure", "value", "numerator", "denominator"]
    counts = {row[0]: row[4] for row in table[1:]}
    assert counts == {"2A": "3", "6": "1"}


def test_an_unknown_table_is_refused(head, contacts):  # type: ignore[no-untyped-def]
    response = head.get(DASHBOARD, {"format": "csv", "table": "nonsense"})
    assert response.status_code == 400


def test_the_window_is_typed_in_day_month_and_year_boxes(head, contacts):  # type: ignore[no-untyped-def]
    typed = {"start_day": "19", "start_month": "10", "start_year": "2026"}
    typed |= {"end_day": "8", "end_month": "11", "end_year": "2026"}
    page = head.get(DASHBOARD, typed).content.decode()
    assert "Figures for <strong>19 October 2026 to 8 November 2026</strong>" in page
    assert "start=2026-10-19" in page  # the share link stays short
    wrong = head.get(DASHBOARD, typed | {"start_month": "13"}).content.decode()
    assert "The start date must be a real date, like 18 3 2026" in wrong
    assert boxes(wrong, "start") == ["19", "13", "2026"]  # as typed


def test_filters_and_window_round_trip_in_the_url(head, contacts):  # type: ignore[no-untyped-def]
    query = {"start": "2026-10-19", "end": "2026-11-08", "measure": "contacts", "source": "6"}
    response = head.get(DASHBOARD, query)
    page = response.content.decode()
    assert boxes(page, "start") == ["19", "10", "2026"]
    assert boxes(page, "end") == ["8", "11", "2026"]
    assert re.search(r'<option value="6" selected>', page)
    # The share link and every CSV link carry the same choices.
    share = re.search(r'<a class="govuk-link" href="\?([^"]+)">Link to this view', page)
    assert share is not None
    link = share.group(1).replace("&amp;", "&")
    for part in ("start=2026-10-19", "end=2026-11-08", "measure=contacts", "source=6"):
        assert part in link
    downloads = re.findall(r'href="\?([^"]*format=csv[^"]*)"', page)
    assert len(downloads) == 6  # headline, learning, trend, heat map, by source, by locality
    for download in downloads:
        for part in ("start=2026-10-19", "end=2026-11-08", "measure=contacts", "source=6"):
            assert part in download.replace("&amp;", "&")
    # Only the police contact (source 6) of 3 November is counted.
    trend = rows(head.get(DASHBOARD, {**query, "format": "csv", "table": "trend"}))
    assert {row[0]: row[3] for row in trend[1:]} == {
        "2026-10-19": "0",
        "2026-10-26": "0",
        "2026-11-02": "1",
    }


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"start": "banana"}, "start", "The start date must be a real date"),
        ({"start": "2026-02-30"}, "start", "The start date must be a real date"),
        ({"start": ""}, "start", "Enter the start date"),
        ({"start": "2026-11-10", "end": "2026-11-01"}, "end", "must be the same as or after"),
        ({"start": "2020-01-01", "end": "2026-11-01"}, "end", "3 years or shorter"),
        ({"measure": "nonsense"}, "measure", "Choose a measure from the list"),
        ({"source": "99"}, "source", "from the list"),
    ],
)
def test_bad_values_are_shown_at_their_field(head, query, field, message):  # type: ignore[no-untyped-def]
    response = head.get(DASHBOARD, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'id="id_{field}-error"' in page
    assert message in page
    assert "govuk-error-summary" in page
    assert page.count("<title>Error: ") == 1
    # The CSV of a bad view is refused, not guessed.
    assert head.get(DASHBOARD, {**query, "format": "csv", "table": "trend"}).status_code == 400


# --- the service review ---------------------------------------------------------------------


def test_review_table_and_csv(head, contacts):  # type: ignore[no-untyped-def]
    # Two weeks either side of Monday 2 November: 19 Oct - 1 Nov against 2 - 15 Nov.
    query = {"change_date": "2026-11-02", "weeks": "2"}
    page = head.get(REVIEW, query).content.decode()
    assert "2 weeks before and after 2 November 2026" in page
    assert 'id="review-table"' in page
    assert f'href="{MEASURES}#referrals"' in page
    table = rows(head.get(REVIEW, {**query, "format": "csv"}))
    body = {row[0]: dict(zip(table[0], row, strict=True)) for row in table[1:]}
    contacts_row = body["contacts"]
    assert contacts_row["before_start"] == "2026-10-19"
    assert contacts_row["before_end"] == "2026-11-01"
    assert contacts_row["after_start"] == "2026-11-02"
    assert contacts_row["after_end"] == "2026-11-15"
    assert (contacts_row["before"], contacts_row["after"]) == ("1.0", "3.0")
    assert contacts_row["difference"] == "2.0"
    assert (contacts_row["change"], contacts_row["change_unit"]) == ("200.0", "percent")
    assert body["contacts_police"]["after"] == "1.0"
    assert list(body)[:5] == [
        "contacts",
        "contacts_police",
        "contacts_telephone",
        "contacts_email",
        "referrals",
    ]
    weekly = rows(head.get(REVIEW, {**query, "format": "csv", "table": "weekly"}))
    contacts_weeks = [row for row in weekly[1:] if row[2] == "contacts"]
    assert [(r[0], r[1], r[4]) for r in contacts_weeks] == [
        ("2026-10-19", "before", "1"),
        ("2026-10-26", "before", "0"),
        ("2026-11-02", "after", "3"),
        ("2026-11-09", "after", "0"),
    ]


def test_review_defaults_to_the_go_live_setting(head, settings):  # type: ignore[no-untyped-def]
    settings.FRONTDOOR_GO_LIVE = "2025-03-18"
    page = head.get(REVIEW).content.decode()
    assert boxes(page, "change_date") == ["18", "3", "2025"]
    assert "12 weeks before and after 18 March 2025" in page


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"change_date": "banana"}, "change_date", "must be a real date"),
        ({"weeks": "0"}, "weeks", "1 or more"),
        ({"weeks": "many"}, "weeks", "whole number"),
        ({"weeks": "53"}, "weeks", "52 or fewer"),
    ],
)
def test_review_bad_values(head, query, field, message):  # type: ignore[no-untyped-def]
    response = head.get(REVIEW, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page and message in page


# --- staffing and definitions ---------------------------------------------------------------


def test_staffing_csv_and_closing_at_five(head, now):  # type: ignore[no-untyped-def]
    csw = make_user(Role.CSW)
    # Week of Monday 9 November: two calls of 6 minutes on the Monday at 10:xx, one at 17:30
    # on the Tuesday (after a 5pm close), one with no end recorded.
    for start, minutes in (
        ((9, 10, 0), 6),
        ((9, 10, 30), 6),
        ((10, 17, 30), 6),
        ((11, 9, 0), None),
    ):
        day, hour, minute = start
        began = london(2026, 11, day, hour, minute)
        ContactFactory(
            csw=csw,
            received_at=began,
            call_started_at=began,
            call_ended_at=None
            if minutes is None
            else london(2026, 11, day, hour, minute + minutes),
        )
    query = {
        "start": "2026-11-09",
        "end": "2026-11-15",
        "wait_seconds": "20",
        "target_percent": "90",
    }
    page = head.get(STAFFING, query).content.decode()
    assert "<strong>4</strong> calls" in page
    assert "6.0 minutes" in page
    # 1 of the 4 calls is on a weekday from 17:00: a week's window, so 1.0 a week, 25%.
    assert "1.0 call a week" in page and "25.0% of all calls" in page
    assert "free <strong>1 CSW hour a week</strong>" in page
    table = rows(head.get(STAFFING, {**query, "format": "csv"}))
    assert table[0] == ["weekday", "hour", "calls", "calls_per_hour", "csws_needed"]
    cells = {(row[0], row[1]): row for row in table[1:]}
    assert len(cells) == 7 * 24
    # Monday 10:00: 2 calls of 6 minutes, A = 0.2 Erlangs; one CSW answers
    # 1 - 0.2 exp(-0.8 x 20/360) = 1 - 0.2 x 0.9565 = 80.9% within 20 s (short of 90%), so 2.
    assert cells[("Monday", "10:00")][2:] == ["2", "2.0", "2"]
    assert cells[("Tuesday", "17:00")][2:] == ["1", "1.0", "1"]
    assert cells[("Sunday", "03:00")][2:] == ["0", "0.0", "0"]


def test_staffing_bad_values(head):  # type: ignore[no-untyped-def]
    page = head.get(STAFFING, {"wait_seconds": "-5", "close_hour": "25"}).content.decode()
    assert 'id="id_wait_seconds-error"' in page and "1 second or more" in page
    assert 'id="id_close_hour-error"' in page


def test_every_measure_has_a_definition_with_an_anchor(head):  # type: ignore[no-untyped-def]
    from frontdoor.insights.catalogue import MEASURES as CATALOGUE

    page = head.get(MEASURES).content.decode()
    for key, m in CATALOGUE.items():
        assert f'id="{key}"' in page
        assert m.name in page


def test_no_child_is_named(head, contacts):  # type: ignore[no-untyped-def]
    names = [c.contact_children.get().person.last_name for c in contacts]
    for url in (DASHBOARD, REVIEW, STAFFING):
        page = head.get(url).content.decode()
        for name in names:
            assert name not in page


def test_default_change_date_reads_the_demo_go_live(settings):  # type: ignore[no-untyped-def]
    from frontdoor.core.audit import audit_write
    from frontdoor.insights.report import default_change_date

    settings.FRONTDOOR_GO_LIVE = None
    assert default_change_date(date(2026, 11, 18)) == date(2025, 11, 18)
    audit_write(
        actor=None,
        action="demo.generate",
        object_type="x",
        object_id="1",
        changes={"go_live": "2025-10-01"},
    )
    assert default_change_date(date(2026, 11, 18)) == date(2025, 10, 1)
