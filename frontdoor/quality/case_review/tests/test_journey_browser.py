"""The case review in a real browser with JavaScript off (its set-up, and the accessibility
and content security checks every browser test gets, as casework's journey): the head of
service opens this week's case review, records a partner attending, findings on two cases
and an action on the first, and the action appears in its owner's work tray."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import PersonFactory
from frontdoor.casework.tests.test_journey_browser import PASSWORD, signed_in
from frontdoor.quality.case_review.models import CaseReviewAction, CaseReviewItem
from frontdoor.quality.case_review.tests.factories import decided


@pytest.fixture
def week(transactional_db, settings):  # type: ignore[no-untyped-def]
    settings.FRONTDOOR_CASE_REVIEW_RULES = {"level_outcome_disagree": {"enabled": False}}
    settings.FRONTDOOR_CASE_REVIEW_RANDOM_SHARE = 0
    cads = Team.objects.create(name="CADS", kind=Team.Kind.CADS)
    User.objects.create_user(
        username="helen",
        password=PASSWORD,
        role=Role.HEAD_OF_SERVICE,
        team=cads,
        first_name="Helen",
        last_name="Marsh",
    )
    owner = User.objects.create_user(
        username="amara",
        password=PASSWORD,
        role=Role.CSW,
        team=cads,
        swe_registration="SW100001",
        first_name="Amara",
        last_name="Okafor",
    )
    today = timezone.localdate()
    last_tuesday = today - timedelta(days=today.weekday() + 6)
    at = timezone.make_aware(datetime.combine(last_tuesday, time(10, 0)))
    ruby, leo = (
        PersonFactory(first_name="Ruby", last_name="Alder"),
        PersonFactory(first_name="Leo", last_name="Fenn"),
    )
    decided("strategy_discussion", at, child=ruby)
    decided("advice", at + timedelta(hours=2), child=leo, source="6")
    return {"owner": owner, "due": today + timedelta(days=7)}


@pytest.mark.browser
def test_the_head_of_service_runs_this_weeks_case_review_and_the_action_reaches_a_tray(
    browser: Browser, live_server, week, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    url = live_server.url
    head = signed_in(browser, url, "helen", request)
    head.goto(f"{url}/quality/case-review/")
    head.get_by_role("button", name="Open this week's case review").click()
    agenda = head.locator("main")
    expect(agenda).to_contain_text("Case 1: Ruby Alder")
    expect(agenda).to_contain_text("Sampled because: Strategy discussion")
    expect(agenda).to_contain_text("Case 2: Leo Fenn")
    expect(agenda).to_contain_text("Police contact that did not meet the threshold")

    head.get_by_role("link", name="Record attendance").click()
    head.get_by_label("Representative's name").fill("DS Kim Lowe")
    head.get_by_label("Agency").select_option(label="Police")
    head.get_by_role("button", name="Add representative").click()
    expect(head.locator("#partners")).to_contain_text("DS Kim Lowe (Police)")
    head.get_by_role("link", name="Back to the agenda").click()

    # Case 1: should have been different, and how; a theme; an action for the CSW.
    head.get_by_role("link", name="Review case 1").click()
    expect(head.locator("main")).to_contain_text("Decision: Strategy discussion")
    head.get_by_label("The decision should have been different", exact=True).check()
    head.get_by_role("button", name="Save finding").click()
    expect(head.locator(".govuk-error-summary")).to_contain_text(
        "Enter how the decision should have been different"
    )
    head.get_by_label("How the decision should have been different").fill(
        "Immediate protection was needed that evening."
    )
    head.get_by_label("History used").check()
    head.get_by_role("button", name="Save finding").click()
    expect(head.locator(".govuk-notification-banner--success")).to_contain_text(
        "Finding recorded for case 1"
    )
    head.get_by_label("Action", exact=True).fill(
        "Talk through the out-of-hours threshold with Amara."
    )
    head.get_by_label("Owner", exact=True).select_option(label="Amara Okafor")
    due = week["due"]
    head.fill("#id_action-due_on_day", str(due.day))
    head.fill("#id_action-due_on_month", str(due.month))
    head.fill("#id_action-due_on_year", str(due.year))
    head.get_by_role("button", name="Add action").click()
    expect(head.locator("#actions")).to_contain_text("Amara Okafor")

    # Case 2: the decision was right.
    head.get_by_role("link", name="Next case: case 2").click()
    head.get_by_label("The decision was right").check()
    head.get_by_label("Partner information").check()
    head.get_by_role("button", name="Save finding").click()
    expect(head.locator(".govuk-notification-banner--success")).to_contain_text(
        "Finding recorded for case 2"
    )
    head.get_by_role("link", name="Back to the agenda").click()
    expect(head.locator("main")).to_contain_text(
        "2 cases from the decisions of the week before; 2 with a finding"
    )

    # The owner finds the action in their tray and marks it done.
    owner = signed_in(browser, url, "amara", request)
    mine = owner.locator("#my-work")
    expect(mine).to_contain_text("Action from the case review")
    mine.get_by_role("link", name="Ruby Alder: Talk through the out-of-hours threshold").click()
    owner.get_by_role("button", name="Mark as done").click()
    expect(owner.locator("#action-done")).to_contain_text("Amara Okafor")

    findings = dict(CaseReviewItem.objects.values_list("position", "finding"))
    assert findings == {1: "different", 2: "right"}
    action = CaseReviewAction.objects.get()
    assert (action.owner, action.due_on, action.done_by) == (week["owner"], due, week["owner"])
