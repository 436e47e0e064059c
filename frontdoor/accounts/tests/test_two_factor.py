"""Two-factor sign-in where it is required: setting up an authenticator app, codes,
recovery codes, throttling, and the pages nobody reaches before the second factor."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.accounts.models import Role, User
from frontdoor.accounts.tests.factories import audit_since_now, error_summary, make_user

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice) -> str:
    """The code an authenticator app shows now, worked out from the device's key (RFC 6238)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def enrol(user: User) -> TOTPDevice:
    """Set the user up with a confirmed app, as the setup page would."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def test_without_the_requirement_nobody_is_asked() -> None:
    client = signed_in(make_user(Role.CSW))
    assert client.get("/").status_code == 200


@override_settings(FRONTDOOR_REQUIRE_MFA=True)
def test_a_user_without_an_app_is_sent_to_set_one_up_and_can_open_nothing_else() -> None:
    client = signed_in(make_user(Role.CSW))
    for path in ["/", "/people/", "/audit/", "/admin/", "/accounts/locked/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/two-factor/setup/?next="), path
    page = client.get("/accounts/two-factor/setup/")
    assert page.status_code == 200
    assert b"<svg" in page.content and b"QR code" in page.content
    assert b'aria-label="Menu"' not in page.content  # no menu before the second factor
    device = TOTPDevice.objects.get(confirmed=False)
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    shown = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page.content.decode())
    assert shown and shown.group(1).replace(" ", "") == secret
    # signing out and the session's upkeep stay open
    assert client.get("/accounts/keep-alive/").status_code == 200
    assert client.get("/healthz").status_code == 200


@override_settings(FRONTDOOR_REQUIRE_MFA=True)
def test_setting_up_confirms_the_app_and_shows_ten_recovery_codes_once() -> None:
    user = make_user(Role.CSW)
    client = signed_in(user)
    client.get("/accounts/two-factor/setup/?next=/people/")
    device = TOTPDevice.objects.get(user=user)
    events = audit_since_now()
    response = client.post(
        "/accounts/two-factor/setup/", {"code": code_for(device), "next": "/people/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/recovery-codes/?next=%2Fpeople%2F"
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(response["Location"]).content.decode()
    shown = re.findall(r"<li><code>([a-z2-7]+)</code></li>", codes_page)
    assert len(shown) == 10
    assert sorted(shown) == sorted(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    assert 'href="/people/"' in codes_page
    again = client.get("/accounts/two-factor/recovery-codes/").content.decode()
    assert not re.findall(r"<li><code>", again)
    people = client.get("/people/")
    assert people.status_code == 200 and b'aria-label="Menu"' in people.content
    assert {"mfa.enrolled", "mfa.recovery_codes_made"} <= set(
        events.values_list("action", flat=True)
    )


@override_settings(FRONTDOOR_REQUIRE_MFA=True)
def test_a_wrong_code_while_setting_up_is_an_error_at_the_box_audited_and_not_shown_back() -> None:
    user = make_user(Role.CSW)
    client = signed_in(user)
    client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    events = audit_since_now()
    page = client.post("/accounts/two-factor/setup/", {"code": wrong})
    html = page.content.decode()
    assert page.status_code == 200
    assert error_summary(html) == [
        ("#id_code", "Enter the 6-digit code your authenticator app shows now")
    ]
    assert 'class="govuk-error-message"' in html and 'aria-describedby="id_code-error"' in html
    assert wrong not in html
    assert "<title>Error:" in html
    failed = events.get(action="signin.mfa_failed")
    assert failed.actor == user and failed.changes["throttled"] is False
    device.refresh_from_db()
    assert not device.confirmed


@override_settings(FRONTDOOR_REQUIRE_MFA=True)
def test_somebody_with_only_the_password_cannot_replace_a_confirmed_app() -> None:
    user = make_user(Role.CSW)
    enrol(user)
    client = signed_in(user)
    response = client.get("/accounts/two-factor/setup/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/")
    assert TOTPDevice.objects.filter(user=user).count() == 1


@override_settings(FRONTDOOR_REQUIRE_MFA=True)
def test_a_user_with_an_app_enters_its_code_to_get_in() -> None:
    user = make_user(Role.CSW)
    device = enrol(user)
    client = signed_in(user)
    response = client.get("/people/")
    assert response["Location"] == "/accounts/two-factor/?next=%2Fpeople%2F"
    events = audit_since_now()
    response = client.post("/accounts/two-factor/", {"code": code_for(device), "next": "/people/"})
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert client.get("/people/").status_code == 200
    assert events.get(action="signin.mfa_passed").actor == user


@override_settings(FRONTDOOR_REQUIRE_MFA=True)
def test_a_code_works_once() -> None:
    user = make_user(Role.CSW)
    device = enrol(user)
    code = code_for(device)
    first = signed_in(user)
    assert first.post("/accounts/two-factor/", {"code": code})["Location"] == "/"
    second = signed_in(user)
    again = second.post("/accounts/two-factor/", {"code": code})
    assert again.status_code == 200 and b"The code is not right" in again.content


@override_settings(FRONTDOOR_REQUIRE_MFA=True)
def test_wrong_codes_are_throttled_and_audited() -> None:
    user = make_user(Role.CSW)
    device = enrol(user)
    client = signed_in(user)
    events = audit_since_now()
    first = client.post("/accounts/two-factor/", {"code": "000000"})
    assert b"The code is not right" in first.content
    # Straight after a wrong code even the right one waits.
    second = client.post("/accounts/two-factor/", {"code": code_for(device)})
    assert b"You have entered too many wrong codes. Wait" in second.content
    assert client.get("/").status_code == 302
    throttled = [
        e.changes["throttled"] for e in events.filter(action="signin.mfa_failed").order_by("id")
    ]
    assert throttled == [False, True]
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


@override_settings(FRONTDOOR_REQUIRE_MFA=True)
def test_a_recovery_code_gets_in_once() -> None:
    user = make_user(Role.CSW)
    enrol(user)
    from frontdoor.accounts.services import recovery_codes_make

    codes = recovery_codes_make(user=user)
    client = signed_in(user)
    response = client.post("/accounts/two-factor/", {"code": codes[0].upper()}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert b"You have 9 left" in response.content
    assert StaticToken.objects.filter(device__user=user).count() == 9
    other = signed_in(user)
    assert (
        b"The code is not right" in other.post("/accounts/two-factor/", {"code": codes[0]}).content
    )


@override_settings(FRONTDOOR_REQUIRE_MFA=True)
def test_next_must_stay_on_this_site() -> None:
    user = make_user(Role.CSW)
    device = enrol(user)
    client = signed_in(user)
    response = client.post(
        "/accounts/two-factor/", {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@override_settings(FRONTDOOR_REQUIRE_MFA=True)
def test_after_a_reset_the_user_sets_up_a_new_app() -> None:
    from frontdoor.accounts.services import recovery_codes_make, two_factor_reset

    user = make_user(Role.CSW)
    enrol(user)
    recovery_codes_make(user=user)
    admin = make_user(Role.SYSTEM_ADMINISTRATOR)
    assert admin.has_perm("accounts.reset_two_factor") and not user.has_perm(
        "accounts.reset_two_factor"
    )
    events = audit_since_now()
    two_factor_reset(actor=admin, user=user)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert events.get(action="mfa.reset").actor == admin
    response = signed_in(user).get("/")
    assert response["Location"].startswith("/accounts/two-factor/setup/")
