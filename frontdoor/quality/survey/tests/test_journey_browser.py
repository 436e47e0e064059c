"""A referrer opens the survey link from their feedback without signing in, answers, and is
thanked; the link then says it has been used; a performance analyst sees the score. In a real
browser, every page checked by axe (frontdoor/conftest.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from frontdoor.accounts.models import Role, User
from frontdoor.accounts.tests.factories import ContactFactory, london
from frontdoor.quality.survey.models import SurveyResponse

from .helpers import feedback_sent, token, two_questions

PASSWORD = "a-long-test-password"


@pytest.mark.browser
def test_a_referrer_answers_the_survey_once_without_signing_in(
    browser: Browser, live_server, transactional_db, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    two_questions()  # a scale question and a yes/no one
    invitation = feedback_sent(ContactFactory(received_at=london(2026, 12, 3, 10, 15)))
    link = f"{live_server.url}/survey/{token(invitation)}/"

    context = browser.new_context()
    request.addfinalizer(context.close)
    page = context.new_page()
    page.goto(link)
    expect(
        page.get_by_role("heading", name="Tell us how your contact with us went")
    ).to_be_visible()
    expect(page.locator("#survey-about")).to_contain_text("on 3 December 2026")

    # Sent with one question left: told at the question, what was chosen kept.
    page.get_by_label("4: good").check()
    page.get_by_role("button", name="Send your answers").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select an answer to “Was the outcome explained?”"
    )
    expect(page.get_by_label("4: good")).to_be_checked()

    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Is there anything else you would like to tell us?").fill(
        "Quick to get through and clear advice."
    )
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_role("heading", name="Thank you for your feedback")).to_be_visible()

    page.goto(link)
    expect(
        page.get_by_role("heading", name="This survey has already been answered")
    ).to_be_visible()
    assert SurveyResponse.objects.get().answers.count() == 2

    # The score is on the results page for a performance analyst.
    User.objects.create_user(
        username="priya", password=PASSWORD, role=Role.PERFORMANCE_ANALYST, first_name="Priya"
    )
    staff = browser.new_context()
    request.addfinalizer(staff.close)
    analyst = staff.new_page()
    analyst.goto(f"{live_server.url}/quality/survey/results/")
    analyst.get_by_label("Username").fill("priya")
    analyst.get_by_label("Password").fill(PASSWORD)
    analyst.get_by_role("button", name="Sign in").click()
    results = analyst.locator("#survey-results")
    expect(results).to_contain_text("Northshire Primary School")
    expect(results).to_contain_text("100.0%")  # 1 invitation, answered
    expect(results).to_contain_text("4.0")
    expect(analyst.locator("#survey-comments")).to_contain_text("Quick to get through")
