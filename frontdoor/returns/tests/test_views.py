"""The statutory returns page: run the census checks, explain queries, export the list and
download the census file and Annex A.

The children are built by hand to break rules whose outcome is known: 8670Q (query: an
assessment started in June and never authorised is over 45 working days old by 31 March) and
8640 (error: closure reason "R99" is not a census code). Other rules may find more in these
sparse records; the tests only look for what they were built to break.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    PersonFactory,
    audit_since_now,
    input_value,
    make_user,
)
from frontdoor.core.models import AuditEvent
from frontdoor.returns.forms import default_year
from frontdoor.returns.models import ExplainedQuery, PreparedFile, ReturnRun
from frontdoor.returns.rules import RULES
from frontdoor.returns.tests import records

pytestmark = pytest.mark.django_db

YEAR = 2026
INDEX = reverse("returns:index")
RUN = f"{INDEX}?year={YEAR}&la=845&run=1"


def test_the_rules_these_tests_break_exist() -> None:
    assert RULES["8670Q"].is_query
    assert not RULES["8640"].is_query


@pytest.fixture
def analyst(client: Client) -> Any:
    user = make_user(Role.PERFORMANCE_ANALYST, first_name="Ada", last_name="Stats")
    client.force_login(user)
    return user


@pytest.fixture
def census() -> dict[str, Any]:
    worker = make_user(Role.LOCALITY_SOCIAL_WORKER)
    late = records.child("LATE001", first_name="Ava", last_name="Late", sex="F")
    late_episode = records.referral(late, worker, date(2025, 6, 2), source="1A")
    late_assessment = records.assessment(late_episode, worker, date(2025, 6, 3))
    closed = records.child("CLOSE01", first_name="Cal", last_name="Closed", sex="M")
    closed_episode = records.referral(
        closed, worker, date(2025, 5, 1), source="1A", closed_on=date(2025, 9, 1),
        closure_reason="R99",
    )  # fmt: skip
    return {
        "late": late,
        "late_episode": late_episode,
        "late_assessment": late_assessment,
        "closed": closed,
        "closed_episode": closed_episode,
    }


def _explain(client: Client, person_id: int, reason: str, code: str = "8670Q") -> Any:
    key = f"{code}-{person_id}"
    return client.post(
        reverse("returns:explain"),
        {
            "row": key,
            f"{key}-year": YEAR,
            f"{key}-la": "845",
            f"{key}-code": code,
            f"{key}-person": person_id,
            f"{key}-reason": reason,
        },
    )


def _count(html: str, name: str) -> int:
    found = re.search(rf'id="count-{name}">(\d+)<', html)
    assert found, name
    return int(found.group(1))


# --- Who may see it --------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PERFORMANCE_ANALYST, Role.HEAD_OF_SERVICE])
def test_the_page_opens_for_those_who_make_the_returns(client: Client, role: str) -> None:
    client.force_login(make_user(role))
    page = client.get(INDEX)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Statutory returns" in html
    assert input_value(html, "la") == "845"
    assert input_value(html, "year") == str(default_year())
    assert "Make Annex A" in html


@pytest.mark.parametrize(
    "role", [Role.CSW, Role.MASH_PARTNER, Role.TEAM_MANAGER, Role.SYSTEM_ADMINISTRATOR]
)
def test_the_page_is_refused_to_everyone_else(client: Client, role: str) -> None:
    client.force_login(make_user(role))
    assert client.get(INDEX).status_code == 403
    assert client.get(reverse("returns:census_xml")).status_code == 403
    assert client.get(reverse("returns:annex_a")).status_code == 403
    assert client.get(reverse("returns:findings_csv")).status_code == 403
    assert _explain(client, PersonFactory().pk, "A reason").status_code == 403


def test_the_navigation_offers_it_to_an_analyst_only(client: Client, analyst: Any) -> None:
    assert f'href="{INDEX}"' in client.get(INDEX).content.decode()
    client.force_login(make_user(Role.CSW))
    assert f'href="{INDEX}"' not in client.get(reverse("people:search")).content.decode()


# --- Running the checks ----------------------------------------------------------------------


def test_running_the_checks_lists_failures_by_rule_and_child(
    client: Client, analyst: Any, census: dict[str, Any]
) -> None:
    mark = audit_since_now()
    html = client.get(RUN).content.decode()
    assert 'id="rule-8670Q"' in html and 'id="rule-8640"' in html
    assert RULES["8670Q"].message in html
    assert "LATE001" in html and "Ava Late" in html and "CLOSE01" in html
    # Each links to the record where it is put right.
    assert reverse("casework:assessment", args=[census["late_assessment"].pk]) in html
    assert reverse("casework:referral", args=[census["closed_episode"].pk]) in html
    # The error cannot be explained; the query can.
    assert 'name="8670Q-{}-reason"'.format(census["late"].pk) in html
    assert "8640-{}-reason".format(census["closed"].pk) not in html
    assert _count(html, "errors") >= 1 and _count(html, "queries") >= 1
    # One audit event for the run, naming the children listed.
    run = ReturnRun.objects.get(kind=ReturnRun.Kind.CHECKS)
    event = mark.get(action="returns.checks")
    assert event.object_id == str(run.pk) and event.actor == analyst
    assert {census["late"].pk, census["closed"].pk} <= set(event.changes["people_listed"])
    assert run.children == len(event.changes["people_listed"])


def test_a_year_with_no_data_runs_and_says_so(client: Client, analyst: Any) -> None:
    html = client.get(f"{INDEX}?year=2001&la=845&run=1").content.decode()
    assert "Census 2001 for LA 845" in html
    assert "the return has no children" in html
    assert _count(html, "errors") + _count(html, "queries") == len(re.findall('id="row-', html))


def test_an_unknown_la_code_is_warned_of(client: Client, analyst: Any, census: Any) -> None:
    html = client.get(f"{INDEX}?year={YEAR}&la=999&run=1").content.decode()
    assert "LA code 999 is not a known English local authority code" in html


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("year=twenty&la=845", "year", "The census year must be a number, like 2026"),
        ("year=1850&la=845", "year", "The census year must be between 2000 and 2100"),
        ("year=2026&la=84", "la", "The LA code must be 3 digits, like 845"),
        ("year=2026&la=abc", "la", "The LA code must be 3 digits, like 845"),
        ("year=&la=845", "year", "Enter the census year, like 2026"),
    ],
)
@pytest.mark.parametrize("url", ["returns:index", "returns:census_xml", "returns:findings_csv"])
def test_a_bad_year_or_la_code_is_an_error_at_the_field(
    client: Client, analyst: Any, query: str, field: str, message: str, url: str
) -> None:
    page = client.get(f"{reverse(url)}?{query}&run=1")
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert "There is a problem" in html
    assert f'id="id_{field}-error"' in html and message in html
    assert not ReturnRun.objects.exists()


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2026", "Annex A as at must be a real date"),
        ("", "", "", "Enter the date Annex A is as at"),
        ("1", "1", "2999", "The Annex A date must be today or in the past"),
    ],
)
def test_a_bad_annex_a_date_is_an_error_at_the_field(
    client: Client, analyst: Any, day: str, month: str, year: str, message: str
) -> None:
    page = client.get(
        reverse("returns:annex_a"), {"as_at_day": day, "as_at_month": month, "as_at_year": year}
    )
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert 'id="id_as_at-error"' in html and message in html


# --- Explaining queries ----------------------------------------------------------------------


def test_explaining_a_query_keeps_the_reason_and_stops_counting_it(
    client: Client, analyst: Any, census: dict[str, Any]
) -> None:
    before = client.get(RUN).content.decode()
    late = census["late"]
    response = _explain(client, late.pk, "Assessment paused: the family moved abroad.")
    assert response.status_code == 302 and response["Location"].endswith("#explained")
    kept = ExplainedQuery.objects.get(year=YEAR, code="8670Q", person=late)
    assert kept.reason == "Assessment paused: the family moved abroad."
    assert kept.explained_by == analyst
    after = client.get(RUN).content.decode()
    assert _count(after, "queries") == _count(before, "queries") - 1
    assert _count(after, "explained") == _count(before, "explained") + 1
    assert "Assessment paused: the family moved abroad." in after
    assert f'id="explained-8670Q-{late.pk}"' in after
    assert f'id="row-8670Q-{late.pk}"' not in after  # no longer listed as outstanding
    event = AuditEvent.objects.get(action="returns.query_explain")
    assert event.changes["reason"] == [None, "Assessment paused: the family moved abroad."]


def test_a_blank_reason_is_an_error_and_keeps_nothing(
    client: Client, analyst: Any, census: dict[str, Any]
) -> None:
    late = census["late"]
    page = _explain(client, late.pk, "   ")
    assert page.status_code == 200
    html = page.content.decode()
    assert "There is a problem" in html and "Enter why this query is not a fault" in html
    assert f'href="#id_8670Q-{late.pk}-reason"' in html
    # The box that was sent is open, with what was typed.
    assert re.search(rf'name="8670Q-{late.pk}-reason"[^>]*>   </textarea>', html)
    assert '<details class="govuk-details govuk-!-margin-bottom-0" open>' in html
    assert not ExplainedQuery.objects.exists()


def test_an_error_cannot_be_explained(client: Client, analyst: Any, census: Any) -> None:
    page = _explain(client, census["closed"].pk, "It is fine really.", code="8640")
    assert page.status_code == 200
    assert "Rule 8640 is an error, not a query" in page.content.decode()
    assert not ExplainedQuery.objects.exists()


def test_replacing_or_withdrawing_an_explanation_keeps_the_history(
    client: Client, analyst: Any, census: dict[str, Any]
) -> None:
    late = census["late"]
    _explain(client, late.pk, "First reason.")
    _explain(client, late.pk, "Second reason.")
    kept = ExplainedQuery.objects.get()
    assert kept.reason == "Second reason."
    response = client.post(reverse("returns:withdraw", args=[kept.pk]), {"la": "845"})
    assert response.status_code == 302
    assert not ExplainedQuery.objects.exists()
    reasons = [
        e.changes["reason"]
        for e in AuditEvent.objects.filter(object_type="returns.explainedquery").order_by("id")
    ]
    assert reasons == [[None, "First reason."], ["First reason.", "Second reason."],
                       ["Second reason.", None]]  # fmt: skip
    html = client.get(RUN).content.decode()
    assert f'id="row-8670Q-{late.pk}"' in html


# --- Downloads -------------------------------------------------------------------------------


def test_the_list_exports_as_csv(client: Client, analyst: Any, census: dict[str, Any]) -> None:
    _explain(client, census["late"].pk, "Explained for the test.")
    response = client.get(reverse("returns:findings_csv"), {"year": str(YEAR), "la": "845"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "cin-census-2026-845-checks.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0])[:7] == [
        "rule", "type", "message", "LA child ID", "person id", "record", "record link",
    ]  # fmt: skip
    late = next(r for r in rows if r["rule"] == "8670Q" and r["LA child ID"] == "LATE001")
    assert late["type"] == "query" and late["message"] == RULES["8670Q"].message
    assert late["person id"] == str(census["late"].pk)
    assert late["record link"] == "http://testserver" + reverse(
        "casework:assessment", args=[census["late_assessment"].pk]
    )
    assert late["explained reason"] == "Explained for the test."
    closed = next(r for r in rows if r["rule"] == "8640")
    assert closed["type"] == "error" and closed["LA child ID"] == "CLOSE01"
    assert closed["explained reason"] == ""
    event = AuditEvent.objects.get(action="returns.findings_csv")
    assert census["closed"].pk in event.changes["people_listed"]


def made_and_downloaded(client: Client, url: str, query: dict[str, Any]) -> tuple[str, Any]:
    """Ask for a file, follow to its page (the test settings run tasks at once, so it is
    ready) and download it: the page's HTML and the download."""
    asked = client.get(url, query)
    assert asked.status_code == 302
    prepared = PreparedFile.objects.latest("id")
    assert asked["Location"] == reverse("returns:prepared", args=[prepared.pk])
    page = client.get(asked["Location"]).content.decode()
    download = reverse("returns:prepared_download", args=[prepared.pk])
    assert f'href="{download}"' in page
    return page, client.get(download)


def test_the_census_is_made_then_downloaded_as_xml(
    client: Client, analyst: Any, census: Any
) -> None:
    page, response = made_and_downloaded(
        client, reverse("returns:census_xml"), {"year": str(YEAR), "la": "845"}
    )
    assert "2 children, 0 warnings." in page
    assert response.status_code == 200
    assert 'filename="cin-census-2026-845.xml"' in response["Content-Disposition"]
    message = etree.fromstring(response.content)
    assert message.findtext("Header/CollectionDetails/Year") == "2026"
    assert message.findtext("Header/Source/LEA") == "845"
    assert {"LATE001", "CLOSE01"} <= set(message.xpath("//LAchildID/text()"))  # type: ignore[arg-type]
    run = ReturnRun.objects.get(kind=ReturnRun.Kind.CENSUS_XML)
    assert (run.year, run.la, run.children) == (2026, "845", 2)
    assert AuditEvent.objects.filter(action="returns.census_xml", object_id=str(run.pk)).exists()


def test_a_year_with_no_data_still_downloads_with_a_warning(client: Client, analyst: Any) -> None:
    page, response = made_and_downloaded(
        client, reverse("returns:census_xml"), {"year": "2001", "la": "999"}
    )
    message = etree.fromstring(response.content)
    assert message.findtext("Header/Source/LEA") == "999"
    assert "0 children, 2 warnings." in page  # an unknown LA code and no children


def test_annex_a_is_made_and_downloaded(client: Client, analyst: Any, census: Any) -> None:
    html = client.get(INDEX).content.decode()
    today = timezone.localdate()
    assert input_value(html, "as_at_day") == str(today.day)
    _, response = made_and_downloaded(
        client,
        reverse("returns:annex_a"),
        {"as_at_day": today.day, "as_at_month": today.month, "as_at_year": today.year},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="annex-a-{today:%Y-%m-%d}.xlsx"' in response["Content-Disposition"]
    assert response.content[:2] == b"PK"
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content))
    assert any(name.startswith("List 1") for name in workbook.sheetnames)
    run = ReturnRun.objects.get(kind=ReturnRun.Kind.ANNEX_A)
    assert run.as_at == today
    assert AuditEvent.objects.filter(action="returns.annex_a").exists()


def test_a_file_still_being_made_says_so_and_looks_again(client: Client, analyst: Any) -> None:
    waiting = PreparedFile.objects.create(
        kind=ReturnRun.Kind.ANNEX_A,
        as_at=timezone.localdate(),
        requested_by=analyst,
        requested_at=timezone.now(),
        filename="annex-a.xlsx",
        content_type="application/octet-stream",
    )
    page = client.get(reverse("returns:prepared", args=[waiting.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Being made since" in page
    download = client.get(reverse("returns:prepared_download", args=[waiting.pk]))
    assert download["Location"] == reverse("returns:prepared", args=[waiting.pk])


def test_only_who_asked_may_download_and_only_for_a_day(client: Client, analyst: Any) -> None:
    def made(by: Any, hours_ago: float) -> PreparedFile:
        return PreparedFile.objects.create(
            kind=ReturnRun.Kind.ANNEX_A,
            as_at=timezone.localdate(),
            requested_by=by,
            requested_at=timezone.now() - timedelta(hours=hours_ago),
            finished_at=timezone.now(),
            filename="annex-a.xlsx",
            content_type="application/octet-stream",
            content=b"PK",
        )

    colleague = make_user(Role.PERFORMANCE_ANALYST)
    theirs, stale, mine = made(colleague, 1), made(analyst, 25), made(analyst, 23)
    for other in (theirs, stale):
        assert client.get(reverse("returns:prepared_download", args=[other.pk])).status_code == 404
    assert client.get(reverse("returns:prepared_download", args=[mine.pk])).content == b"PK"


def test_a_query_about_the_return_as_a_whole_can_be_explained(client: Client, analyst: Any) -> None:
    html = client.get(f"{INDEX}?year=2001&la=845&run=1").content.decode()
    found = re.search(r'name="(\w+)-0-reason"', html)
    assert found is not None  # 2887Q: an empty return uses fewer than 8 disability codes
    code = found.group(1)
    response = client.post(
        reverse("returns:explain"),
        {
            "row": f"{code}-0",
            f"{code}-0-year": "2001",
            f"{code}-0-la": "845",
            f"{code}-0-code": code,
            f"{code}-0-person": "",
            f"{code}-0-reason": "A small council: few disabled children.",
        },
    )
    assert response.status_code == 302
    kept = ExplainedQuery.objects.get(year=2001, code=code)
    assert kept.person is None
    html = client.get(f"{INDEX}?year=2001&la=845&run=1").content.decode()
    assert f'id="explained-{code}-0"' in html


def test_typed_text_in_the_csv_is_never_a_formula(
    client: Client, analyst: Any, census: Any
) -> None:
    _explain(client, census["late"].pk, '=HYPERLINK("http://example.com", "Click")')
    response = client.get(reverse("returns:findings_csv"), {"year": str(YEAR), "la": "845"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    late = next(r for r in rows if r["rule"] == "8670Q" and r["LA child ID"] == "LATE001")
    assert late["explained reason"].startswith("'=HYPERLINK")
