"""The statutory returns journey in a real browser with JavaScript off: an analyst opens
Statutory returns, runs the census checks, downloads the census file and Annex A, follows a
child's link from the checks to the record at fault and puts it right, and explains a query.

Set FRONTDOOR_SCREENSHOTS to a folder to keep a screenshot of each page.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import pytest
from lxml import etree
from playwright.sync_api import Browser, Page, expect

from frontdoor.accounts.models import Role, Team, User
from frontdoor.returns.models import ExplainedQuery
from frontdoor.returns.tests import records

PASSWORD = "a-long-test-password"
SHOTS = os.environ.get("FRONTDOOR_SCREENSHOTS", "")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def people(transactional_db: Any) -> dict[str, Any]:
    team = Team.objects.create(name="Performance", kind=Team.Kind.CADS)

    def make(username: str, role: str, first: str, last: str) -> User:
        return User.objects.create_user(
            username=username, password=PASSWORD, role=role, team=team,
            first_name=first, last_name=last,
        )  # fmt: skip

    worker = make("sam", Role.LOCALITY_SOCIAL_WORKER, "Sam", "Kerr")
    child = records.child("LATE001", first_name="Ava", last_name="Late", sex="F")
    episode = records.referral(child, worker, date(2025, 6, 2), source="1A")
    assessment = records.assessment(episode, worker, date(2025, 6, 3))
    # No ethnicity recorded (an old import): census rule 4220.
    blank = records.child("BLANK01", first_name="Noor", last_name="Blank", ethnicity="")
    records.referral(blank, worker, date(2025, 7, 1), source="1A")
    return {
        "analyst": make("ada", Role.PERFORMANCE_ANALYST, "Ada", "Stats"),
        "child": child,
        "blank": blank,
        "assessment": assessment,
    }


def signed_in(browser: Browser, url: str, username: str, request: pytest.FixtureRequest) -> Page:
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    request.addfinalizer(context.close)
    page = context.new_page()
    page.goto(f"{url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def run_the_checks(page: Page) -> None:
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Statutory returns", exact=True).click()
    expect(page.get_by_role("heading", name="Statutory returns")).to_be_visible()
    page.get_by_label("Census year").fill("2026")
    page.get_by_role("button", name="Run the checks").click()
    expect(page.locator("#summary")).to_contain_text("Children in the return")
    expect(page.locator("#rule-8670Q")).to_contain_text("45 working days")


@pytest.mark.browser
def test_an_analyst_runs_the_census_fixes_a_child_from_its_link_and_exports_annex_a(
    browser: Browser, live_server: Any, people: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    url = live_server.url
    child = people["child"]
    row = f"#row-8670Q-{child.pk}"

    analyst = signed_in(browser, url, "ada", request)
    run_the_checks(analyst)
    expect(analyst.locator(row)).to_contain_text("LATE001")
    expect(analyst.locator(row)).to_contain_text("Ava Late")
    shot(analyst, "1-checks")

    # The census file, made in the background and then downloaded: valid XML with the child.
    analyst.get_by_role("button", name="Make the census file (XML)").click()
    expect(analyst.locator("#prepared")).to_contain_text("Ready")
    with analyst.expect_download() as download:
        analyst.get_by_role("link", name="Download cin-census-2026-845.xml").click()
    assert download.value.suggested_filename == "cin-census-2026-845.xml"
    message = etree.parse(download.value.path()).getroot()
    assert "LATE001" in message.xpath("//LAchildID/text()")  # type: ignore[operator]

    # Annex A: the date is today already.
    analyst.get_by_role("link", name="Back to statutory returns").click()
    analyst.get_by_role("button", name="Make Annex A").click()
    expect(analyst.locator("#prepared")).to_contain_text("Ready")
    with analyst.expect_download() as download:
        analyst.locator("#prepared").get_by_role("link", name="Download annex-a-").click()
    assert download.value.suggested_filename.startswith("annex-a-")
    with open(download.value.path(), "rb") as workbook:
        assert workbook.read(2) == b"PK"
    run_the_checks(analyst)  # back to the findings

    # The analyst follows a child's link to the record at fault and puts it right; run again,
    # the checks find nothing more for that child.
    fixer = signed_in(browser, url, "ada", request)
    run_the_checks(fixer)
    blank = f"#row-4220-{people['blank'].pk}"
    fixer.locator(blank).get_by_role("link", name="Person record for Noor Blank").click()
    expect(fixer).to_have_url(f"{url}/people/{people['blank'].pk}/")
    expect(fixer.locator("#record-checks")).to_contain_text("4220")
    shot(fixer, "2-person-record")
    fixer.get_by_role("link", name="Change details").click()
    fixer.get_by_label("Ethnicity").select_option("WBRI")
    fixer.get_by_role("button", name="Save").click()
    expect(fixer.locator("#record-checks")).not_to_contain_text("4220")
    run_the_checks(fixer)
    expect(fixer.locator(blank)).to_have_count(0)

    # The analyst can also read the assessment at fault.
    fixer.locator(row).get_by_role("link", name="Assessment for Ava Late").click()
    expect(fixer).to_have_url(f"{url}/casework/assessments/{people['assessment'].pk}/")

    # The analyst explains the query: it leaves the outstanding list, its reason kept.
    analyst.locator(row).get_by_text("Mark as explained", exact=False).first.click()
    analyst.locator(row).get_by_role("button", name="Mark as explained").click()
    expect(analyst.locator(".govuk-error-summary")).to_contain_text(
        "Enter why this query is not a fault"
    )
    shot(analyst, "3-explain-error")
    analyst.locator(row).get_by_label("Why this is not a fault").fill(
        "Assessment paused: the family were abroad."
    )
    analyst.locator(row).get_by_role("button", name="Mark as explained").click()
    expect(analyst.locator(".govuk-notification-banner")).to_contain_text("explained")
    expect(analyst.locator(row)).to_have_count(0)
    expect(analyst.locator("#explained")).to_be_visible()
    expect(analyst.locator(f"#explained-8670Q-{child.pk}")).to_contain_text("family were abroad")
    shot(analyst, "4-explained")
    assert ExplainedQuery.objects.get().reason == "Assessment paused: the family were abroad."
