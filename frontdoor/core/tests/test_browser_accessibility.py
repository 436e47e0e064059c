"""The browser tests' accessibility check is not vacuous: a page with known faults (an image
without a text alternative, a paragraph outside every landmark) is reported with JavaScript on
and off, under a fake clock too, whether the test acts on it, leaves it at once or closes its
context on it; a page without faults is checked and passes. The pages come from a route, not
a server."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from frontdoor.core.tests.accessibility import AccessibilityWatch

SITE = "http://frontdoor.test"
GOOD = """<!DOCTYPE html><html lang="en"><head><title>Good</title></head>
<body><main><h1>Good</h1><p>Every word in a landmark.</p>
<a href="/bad">A faulty page</a></main></body></html>"""
BAD = """<!DOCTYPE html><html lang="en"><head><title>Bad</title></head>
<body><p id="outside">Outside every landmark.</p>
<main><h1>Bad</h1><img id="no-alt" src="/picture.png"></main></body></html>"""


def serve(context: BrowserContext) -> None:
    def fulfil(route: Route) -> None:
        path = route.request.url.removeprefix(SITE)
        if path.startswith("/bad"):
            route.fulfill(body=BAD, content_type="text/html")
        elif path.startswith("/good"):
            route.fulfill(body=GOOD, content_type="text/html")
        else:
            route.fulfill(status=404, body="")

    context.route(f"{SITE}/**", fulfil)


def found(watch: AccessibilityWatch) -> set[tuple[str, str, str]]:
    return {(v.url, v.rule, ", ".join(v.targets)) for v in watch.violations}


FAULTS_OF_BAD = {
    (f"{SITE}/bad", "image-alt", "#no-alt"),
    (f"{SITE}/bad", "region", "#outside"),
}


@pytest.fixture
def watch(_no_accessibility_violations: AccessibilityWatch):  # type: ignore[no-untyped-def]
    """The test's own watch, emptied at the end: the faults found here are the point."""
    yield _no_accessibility_violations
    _no_accessibility_violations.violations.clear()


@pytest.fixture
def open_page(browser: Browser, request: pytest.FixtureRequest) -> Callable[[bool], Page]:
    def opened(javascript: bool) -> Page:
        context = browser.new_context(java_script_enabled=javascript)
        request.addfinalizer(context.close)
        serve(context)
        return context.new_page()

    return opened


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_page_left_at_once_is_checked_before_the_next_call(
    open_page: Callable[[bool], Page], watch: AccessibilityWatch, javascript: bool
) -> None:
    page = open_page(javascript)
    page.goto(f"{SITE}/good")
    page.goto(f"{SITE}/bad")
    page.goto(f"{SITE}/good")
    assert found(watch) == FAULTS_OF_BAD
    assert watch.checks == 2  # the good page again is checked at the next call, or the end
    expect(page.get_by_role("heading", name="Good")).to_be_visible()
    assert watch.checks == 3
    # Moving to an anchor is no new page: nothing more is checked.
    page.goto(f"{SITE}/good#top")
    expect(page.get_by_role("heading", name="Good")).to_be_visible()
    assert watch.checks == 3


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_page_a_click_leads_to_is_checked_and_so_is_the_last_at_the_close(
    browser: Browser, watch: AccessibilityWatch, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    serve(context)
    page = context.new_page()
    page.goto(f"{SITE}/good")
    page.get_by_role("link", name="A faulty page").click()
    assert found(watch) == set()  # the good page only, so far
    context.close()
    assert found(watch) == FAULTS_OF_BAD
    assert watch.checks == 2


@pytest.mark.browser
def test_the_check_finishes_under_a_fake_clock_and_gives_the_page_its_timers_back(
    open_page: Callable[[bool], Page], watch: AccessibilityWatch
) -> None:
    page = open_page(True)
    page.clock.install()
    page.context.add_init_script("window.pageSetTimeout = window.setTimeout")
    page.goto(f"{SITE}/bad")
    expect(page.get_by_role("heading", name="Bad")).to_be_visible()
    assert found(watch) == FAULTS_OF_BAD
    assert page.evaluate("() => window.setTimeout === window.pageSetTimeout")
