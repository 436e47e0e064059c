import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses that
# unless told it is safe, which it is here: one test thread, one live server thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # type: ignore[no-untyped-def]
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed: run `make test` as root to install it")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def _flush_with_audit_deletes_allowed() -> None:
    """Django empties a test database between transactional tests with DELETE on SQLite,
    which the audit log's trigger refuses; let the flush (only the flush) through."""
    from django.core.management.commands import flush

    handle = flush.Command.handle

    def flushing(self, *args, **options):  # type: ignore[no-untyped-def]
        from frontdoor.core.audit import flushing_test_database

        with flushing_test_database():
            return handle(self, *args, **options)

    flush.Command.handle = flushing  # type: ignore[method-assign]


_flush_with_audit_deletes_allowed()


# The browser reports each breach of the Content Security Policy as a DOM event; this script,
# which Playwright adds to every page outside the page's own policy, writes each to the console.
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""


@pytest.fixture(autouse=True)
def _no_content_security_policy_violations(request):  # type: ignore[no-untyped-def]
    """Every browser test runs under the policy and fails on anything it blocks."""
    if "browser" not in request.fixturenames and "page" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    violations: list[str] = []
    new_context = browser.new_context

    def note_violation(message):  # type: ignore[no-untyped-def]
        if message.text.startswith("CSP violation"):
            violations.append(message.text)

    def watched_context(*args, **kwargs):  # type: ignore[no-untyped-def]
        context = new_context(*args, **kwargs)
        context.add_init_script(_REPORT_CSP_VIOLATIONS)
        context.on("console", note_violation)
        return context

    browser.new_context = watched_context
    yield
    browser.new_context = new_context
    assert not violations, violations


@pytest.fixture(autouse=True)
def _no_accessibility_violations(request):  # type: ignore[no-untyped-def]
    """Every page a browser test visits, with JavaScript on or off, passes axe-core's WCAG 2.2
    A and AA rules and its `region` rule (frontdoor/core/tests/accessibility.py)."""
    if "browser" not in request.fixturenames and "page" not in request.fixturenames:
        yield None
        return
    from frontdoor.core.tests.accessibility import watching

    with watching(request.getfixturevalue("browser")) as watch:
        yield watch
    assert not watch.violations, watch.report()
