"""Decision audits and call monitoring in a real browser with JavaScript off (with the
accessibility and content security checks every browser test gets, as casework's journey):
the head of service audits a consultant social worker's decision; the team manager records a
call of hers listened to; she reads the feedback and acknowledges it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from frontdoor.accounts.models import Role, Team, User
from frontdoor.casework.tests.test_journey_browser import PASSWORD, signed_in
from frontdoor.quality.audits.models import AUDIT_RUBRIC
from frontdoor.quality.calls.models import CALL_RUBRIC
from frontdoor.quality.case_review.tests.factories import decided


def staff(username: str, role: str, team: Team, **fields: str) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, team=team, **fields
    )


@pytest.fixture
def decision(transactional_db):  # type: ignore[no-untyped-def]
    cads = Team.objects.create(name="CADS", kind=Team.Kind.CADS)
    staff("helen", Role.HEAD_OF_SERVICE, cads, first_name="Helen", last_name="Marsh")
    staff("tom", Role.TEAM_MANAGER, cads, first_name="Tom", last_name="Hale")
    amara = staff(
        "amara", Role.CSW, cads, first_name="Amara", last_name="Okafor", swe_registration="SW1"
    )
    made = decided("early_help", timezone.now() - timedelta(days=2), decided_by=amara)
    contact = made.contact_child.contact
    contact.csw = amara
    contact.call_started_at = contact.received_at
    contact.call_ended_at = contact.received_at + timedelta(minutes=12)
    contact.save()
    return made


def grade_each(page: Page, rubric: tuple, grade: str) -> None:  # type: ignore[type-arg]
    for item in rubric:
        page.get_by_role("group", name=item.label).get_by_label(grade, exact=True).check()


@pytest.mark.browser
def test_an_audit_and_a_monitored_call_reach_the_worker(
    browser: Browser, live_server, decision, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    url = live_server.url
    head = signed_in(browser, url, "helen", request)
    head.goto(f"{url}/quality/audits/decisions/{decision.pk}/")
    head.get_by_role("button", name="Record the audit").click()  # nothing chosen yet
    expect(head.locator(".govuk-error-summary")).to_be_visible()
    grade_each(head, AUDIT_RUBRIC, "Good")
    head.get_by_role("group", name="Overall grade").get_by_label("Good", exact=True).check()
    head.get_by_role("button", name="Record the audit").click()
    expect(head.locator(".govuk-notification-banner")).to_contain_text("Audit recorded")

    manager = signed_in(browser, url, "tom", request)
    contact = decision.contact_child.contact
    manager.goto(f"{url}/quality/calls/new/?contact={contact.pk}")
    grade_each(manager, CALL_RUBRIC, "Good")
    yesterday = timezone.localdate() - timedelta(days=1)  # the call was the day before
    for part, value in (
        ("day", yesterday.day),
        ("month", yesterday.month),
        ("year", yesterday.year),
    ):
        manager.fill(f"#id_listened_at_{part}", str(value))
    manager.fill("#id_listened_at_time", "12:00")
    manager.get_by_label("Listened to a recording", exact=True).check()
    manager.get_by_label("Feedback to the worker").fill("Clear about who is best placed.")
    manager.get_by_role("button", name="Record and give the feedback").click()
    expect(manager.locator(".govuk-notification-banner")).to_be_visible()

    worker = signed_in(browser, url, "amara", request)
    worker.get_by_role("link", name="Quality").click()
    worker.get_by_role("link", name="My call feedback").click()
    expect(worker.locator("main")).to_contain_text("Clear about who is best placed.")
    worker.locator("#my-calls a").first.click()
    worker.get_by_role("button", name="Acknowledge").click()
    expect(worker.locator(".govuk-notification-banner")).to_contain_text("cknowledged")
