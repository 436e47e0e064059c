"""axe-core in the browser tests: every page a browser test visits, with JavaScript on or off,
is checked once when it has loaded, against WCAG 2.2 A and AA and the `region` rule (all the
content in landmarks); conftest.py fails the test on any violation.

When: Playwright's events arrive while the test runs on, so a check started from a "load"
event would race the test's next click away from the page. Instead each page counts the
documents it commits ("framenavigated" on its main frame), and before the test's next call
into Playwright (any call: a click, an assertion, a goto) the new document is checked; the
pages still open when a context closes are checked then. Playwright's sync API has no public
hook before a call, so this wraps the one method every sync call goes through
(`SyncBase._sync`); the proof tests in test_browser_accessibility.py fail if it stops working.

How: axe-core (bundled by the axe-playwright-python package, which is used for its copy of
axe.min.js only) is evaluated in the page; Playwright's evaluate is not subject to the page's
Content-Security-Policy. With JavaScript off a page still evaluates what Playwright sends, but
runs no timers, and axe waits on `setTimeout(..., 0)` between its steps: for its run,
`setTimeout` is replaced by one that queues short delays as microtasks (and never fires longer
ones, which axe only uses as time limits), so the whole run completes inside one evaluation,
in pages with and without JavaScript alike (and under Playwright's fake clock, as the autosave
test installs); the page's own `setTimeout` is put back as the run ends, within the same
evaluation, so no script of the page runs while it is replaced. A run that did not end there
is reported as an error, never waited for."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import greenlet
from playwright._impl._sync_base import SyncBase
from playwright.sync_api import Browser, BrowserContext, Error, Page

AXE_SOURCE = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")

# WCAG 2.2 A and AA as axe tags them (each version's new criteria carry their own tag), and
# `region`, a best practice: every piece of content is inside a landmark.
RUN_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
    },
    "rules": {"region": {"enabled": True}},
    "resultTypes": ["violations"],
}

# One evaluation: axe's run with the microtask setTimeout, its violations left in
# window.__frontdoorAxe (read by the next evaluation, so a run that could not finish inside
# this one is reported, not waited for for ever: with JavaScript off nothing else would end it).
_RUN = """(options) => {
  const realSetTimeout = window.setTimeout;
  const finish = (outcome) => {
    window.setTimeout = realSetTimeout;
    window.__frontdoorAxe = { done: true, ...outcome };
  };
  window.__frontdoorAxe = { done: false, restore: () => { window.setTimeout = realSetTimeout; } };
  window.setTimeout = (callback, delay, ...args) => {
    if (!(delay > 1)) Promise.resolve().then(() => callback(...args));
    return 0;
  };
  window.axe.run(document, options).then(
    (results) => finish({
      violations: results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(" ")),
      })),
    }),
    (error) => finish({ error: String(error) }),
  );
}"""
_RESULT = """() => {
  const result = window.__frontdoorAxe;
  if (result && !result.done) result.restore();
  return result && { done: result.done, violations: result.violations, error: result.error };
}"""

_CHECKED = "() => Boolean(window.__frontdoorAxe && window.__frontdoorAxe.done)"


@dataclass
class Violation:
    url: str
    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}) at {self.url}: {self.help}: {', '.join(self.targets)}"


def run_axe(page: Page) -> list[Violation]:
    """axe's violations on the page as it is now."""
    url = page.url
    if page.evaluate("() => typeof window.axe") == "undefined":
        page.evaluate(AXE_SOURCE)
    page.evaluate(_RUN, RUN_OPTIONS)
    result = page.evaluate(_RESULT)
    if not result or not result.get("done"):
        raise AssertionError(f"axe did not finish its run on {url}")
    if result.get("error"):
        raise AssertionError(f"axe failed on {url}: {result['error']}")
    return [
        Violation(url, found["id"], found["impact"] or "", found["help"], found["targets"])
        for found in result["violations"]
    ]


@dataclass
class _Watched:
    page: Page
    committed: int = 0  # documents the page's main frame has committed
    checked: int = 0  # the last of them checked


@dataclass
class AccessibilityWatch:
    """Checks each document once, in every page of the contexts made while it watches."""

    violations: list[Violation] = field(default_factory=list)
    checks: int = 0
    _pages: list[_Watched] = field(default_factory=list)
    _busy: bool = False
    _test_greenlet: Any = None

    def watch_context(self, context: BrowserContext) -> None:
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)
        close = context.close

        def checked_close(*args: Any, **kwargs: Any) -> None:
            try:
                self.check_pending(context)
            finally:
                close(*args, **kwargs)

        context.close = checked_close  # type: ignore[method-assign]

    def _watch_page(self, page: Page) -> None:
        watched = _Watched(page)
        self._pages.append(watched)

        def committed(frame: Any) -> None:
            if frame == page.main_frame:
                watched.committed += 1

        page.on("framenavigated", committed)
        page.on("close", lambda _: self._pages.remove(watched) if watched in self._pages else None)

    def pending(self) -> bool:
        return any(watched.committed != watched.checked for watched in self._pages)

    def check_pending(self, context: BrowserContext | None = None) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            for watched in list(self._pages):
                if context is None or watched.page.context == context:
                    self._check(watched)
        finally:
            self._busy = False

    def _check(self, watched: _Watched) -> None:
        page = watched.page
        while watched.committed != watched.checked and not page.is_closed():
            document = watched.committed
            try:
                page.wait_for_load_state("load")
                # A page shown again from the back-forward cache, or moved to an anchor, is
                # the document already checked.
                if page.url.startswith(("http://", "https://")) and not page.evaluate(_CHECKED):
                    self.violations.extend(run_axe(page))
                    self.checks += 1
            except Error:
                # The page went on to another document while it was checked (a script's
                # redirect) or closed: check that one instead; anything else is an error.
                if page.is_closed() or watched.committed != document:
                    continue
                raise
            watched.checked = document

    @contextmanager
    def before_every_call(self) -> Iterator[None]:
        """Checks any new document before each call the test makes into Playwright."""
        original: Callable[..., Any] = SyncBase._sync
        self._test_greenlet = greenlet.getcurrent()

        def checking_sync(sync_base: SyncBase, awaitable: Any) -> Any:
            __tracebackhide__ = True
            if not self._busy and greenlet.getcurrent() is self._test_greenlet and self.pending():
                self.check_pending()
            return original(sync_base, awaitable)

        SyncBase._sync = checking_sync  # type: ignore[method-assign, assignment]
        try:
            yield
        finally:
            SyncBase._sync = original  # type: ignore[method-assign]

    def report(self) -> str:
        return "axe found accessibility violations:\n" + "\n".join(map(str, self.violations))


@contextmanager
def watching(browser: Browser) -> Iterator[AccessibilityWatch]:
    """Every context made on `browser` meanwhile is watched; the pages left open are checked
    at the end."""
    watch = AccessibilityWatch()
    new_context = browser.new_context

    def watched_context(*args: Any, **kwargs: Any) -> BrowserContext:
        context = new_context(*args, **kwargs)
        watch.watch_context(context)
        return context

    browser.new_context = watched_context  # type: ignore[method-assign]
    try:
        with watch.before_every_call():
            yield watch
            watch.check_pending()
    finally:
        browser.new_context = new_context  # type: ignore[method-assign]
