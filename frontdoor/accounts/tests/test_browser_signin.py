"""Sign-in journeys in a real browser: locked out after five wrong passwords, setting up
two-factor sign-in, and the session timeout warning with the server's own sign-out."""

from __future__ import annotations

import time

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from frontdoor.accounts.models import Role, Team, User
from frontdoor.contacts.models import Contact

PASSWORD = "a-long-test-password"


@pytest.fixture
def worker(transactional_db) -> User:  # type: ignore[no-untyped-def]
    team = Team.objects.create(name="CADS consultant social workers", kind=Team.Kind.CADS)
    return User.objects.create_user(
        username="amara",
        password=PASSWORD,
        first_name="Amara",
        last_name="Okafor",
        role=Role.CSW,
        team=team,
        swe_registration="SW100001",
    )


def sign_in(page: Page, url: str, password: str = PASSWORD) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill("amara")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


@pytest.mark.browser
def test_five_wrong_passwords_lock_out_and_the_right_one_is_refused(
    page: Page, live_server, worker: User
) -> None:
    for _ in range(4):
        sign_in(page, live_server.url, "not-the-password")
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Enter a correct username and password"
        )
    sign_in(page, live_server.url, "not-the-password")
    expect(page.get_by_role("heading", name="You have been locked out")).to_be_visible()
    sign_in(page, live_server.url)
    expect(page.get_by_role("heading", name="You have been locked out")).to_be_visible()
    expect(page.locator("main")).to_contain_text(
        "ask your system administrator to unlock your account"
    )
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")


@pytest.mark.browser
@override_settings(FRONTDOOR_REQUIRE_MFA=True)
def test_setting_up_two_factor_sign_in(page: Page, live_server, worker: User) -> None:
    sign_in(page, live_server.url)
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.locator("#qr-code svg")).to_be_visible()
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("Code").fill(f"{code:06d}")
    page.get_by_role("button", name="Confirm code").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("button", name="I have kept my recovery codes").click()
    expect(page.get_by_role("heading", name="Work tray")).to_be_visible()


@pytest.mark.browser
@override_settings(FRONTDOOR_SESSION_IDLE_MINUTES=0.15, FRONTDOOR_SESSION_WARNING_SECONDS=4)
def test_the_timeout_warning_saves_the_draft_and_the_server_signs_out_too(
    browser: Browser, page: Page, live_server, worker: User
) -> None:
    # Without JavaScript there is no warning: this page is left alone meanwhile, and the
    # server signs it out all the same (asked at the end).
    context = browser.new_context(java_script_enabled=False)
    quiet = context.new_page()
    sign_in(quiet, live_server.url)
    expect(quiet.get_by_role("heading", name="Work tray")).to_be_visible()
    quiet_since = time.monotonic()

    sign_in(page, live_server.url)
    page.get_by_role("link", name="Record a contact").click()
    page.get_by_role("button", name="Start recording a call").click()
    page.get_by_label("What is the concern?").fill("Caller worried about a baby left alone.")
    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    expect(dialog).to_be_visible(timeout=8000)
    expect(page.locator("#session-timeout-heading")).to_be_focused()
    expect(dialog).to_contain_text("we will sign you out in")
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    # Left alone again: the warning comes back, and then the page signs out saying why.
    expect(dialog).to_be_visible(timeout=8000)
    expect(page).to_have_url(f"{live_server.url}/accounts/login/", timeout=10000)
    expect(page.locator("main")).to_contain_text(
        "You were signed out after 9 seconds without activity"
    )
    # The draft was saved before signing out (the autosave timer had not come round yet).
    contact = Contact.objects.get(recorded_by=worker)
    assert contact.concern_summary == "Caller worried about a baby left alone."

    time.sleep(max(0.0, 9.5 - (time.monotonic() - quiet_since)))
    quiet.goto(f"{live_server.url}/people/")
    expect(quiet).to_have_url(f"{live_server.url}/accounts/login/?next=/people/")
    expect(quiet.locator("main")).to_contain_text(
        "You were signed out after 9 seconds without activity"
    )
    context.close()
