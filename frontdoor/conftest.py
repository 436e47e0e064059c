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
