"""Two-factor sign-in: an authenticator app (TOTP, django-otp) with ten one-time recovery
codes. Setting up shows a QR code and the secret; signing in asks for the app's code or a
recovery code. Wrong codes are audited and throttled (each doubles the wait)."""

from __future__ import annotations

import re
from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.core.audit import audit_write
from frontdoor.core.forms import GovukForm

from .services import (
    mfa_failure_record,
    recovery_codes_make,
    totp_device_confirm,
    totp_device_start,
)

RECOVERY_CODES_SESSION_KEY = "frontdoor_recovery_codes"
SSO_MFA_SESSION_KEY = "frontdoor_mfa_at_provider"
APP_CODE = re.compile(r"^\d{6}$")


def user_has_confirmed_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mfa_satisfied(request: HttpRequest) -> bool:
    user = request.user
    verified = getattr(user, "is_verified", None)
    return bool((callable(verified) and verified()) or request.session.get(SSO_MFA_SESSION_KEY))


class CodeForm(GovukForm):
    """One code box. It never shows back what was typed."""

    code = forms.CharField(label="Code", max_length=40)

    def cleaned_code(self) -> str:
        return re.sub(r"[\s-]", "", self.cleaned_data["code"]).lower()


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def _wait_message(locked_until: Any) -> str:
    seconds = max(1, round((locked_until - timezone.now()).total_seconds()))
    return (
        f"You have entered too many wrong codes. Wait {seconds} "
        f"second{'s' if seconds != 1 else ''}, then try again"
    )


def _check(device: Device, code: str) -> tuple[bool, bool, Any]:
    """(matched, throttled, locked_until): tried under a row lock so that two tries at once
    cannot both use the same code or dodge the throttle."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, data = locked.verify_is_allowed()
        if not allowed:
            return False, True, (data or {}).get("locked_until")
        return bool(locked.verify_token(code)), False, None


def _qr_svg(device: TOTPDevice) -> str:
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=5, border=2, title="QR code for your authenticator app")
    return mark_safe(svg)  # noqa: S308  (made here from our own URL, nothing a user typed)


def _grouped_secret(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user_has_confirmed_device(user):
        # Somebody who knows only the password must not swap the app for their own.
        return HttpResponseRedirect(_with_next("two_factor_verify", request))
    device = totp_device_start(user=user)  # type: ignore[arg-type]
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_code()
        matched, throttled, until = (
            _check(device, code) if APP_CODE.match(code) else (False, False, None)
        )
        if matched:
            totp_device_confirm(user=user, device=device)  # type: ignore[arg-type]
            device.refresh_from_db()
            otp_login(request, device)
            request.session[RECOVERY_CODES_SESSION_KEY] = recovery_codes_make(user=user)  # type: ignore[arg-type]
            return HttpResponseRedirect(_with_next("two_factor_recovery_codes", request))
        mfa_failure_record(user=user, stage="setting up", throttled=throttled)  # type: ignore[arg-type]
        form.add_error(
            "code",
            _wait_message(until)
            if throttled
            else "Enter the 6-digit code your authenticator app shows now",
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device),
            "secret": _grouped_secret(device),
            "next": _next_url(request),
        },
    )


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user_has_confirmed_device(user):
        return HttpResponseRedirect(_with_next("two_factor_setup", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_code()
        device: Device | None
        if APP_CODE.match(code):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            method = "authenticator app"
        else:
            device = StaticDevice.objects.filter(user=user, confirmed=True).first()
            method = "recovery code"
        matched, throttled, until = _check(device, code) if device else (False, False, None)
        if matched and device is not None:
            otp_login(request, device)
            audit_write(
                actor=user,
                action="signin.mfa_passed",
                obj=user,  # type: ignore[arg-type]
                summary=f"Second factor passed with the {method}",
                changes={"method": method},
            )
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    f"You used a recovery code. You have {left} left: make new ones from "
                    "the two-factor page if you are running low.",
                )
            return HttpResponseRedirect(_next_url(request))
        mfa_failure_record(user=user, stage="signing in", throttled=throttled)  # type: ignore[arg-type]
        form.add_error(
            "code",
            _wait_message(until)
            if throttled
            else "The code is not right. Enter the 6-digit code your authenticator app shows "
            "now, or one of your recovery codes",
        )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The codes just made, shown once (they are taken out of the session as they are
    shown); a signed-in, verified user can make a new set."""
    if request.method == "POST":
        if not mfa_satisfied(request) or not user_has_confirmed_device(request.user):
            return HttpResponseRedirect(reverse("two_factor_verify"))
        request.session[RECOVERY_CODES_SESSION_KEY] = recovery_codes_make(user=request.user)  # type: ignore[arg-type]
        return HttpResponseRedirect(reverse("two_factor_recovery_codes"))
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    return render(
        request,
        "accounts/two_factor_recovery_codes.html",
        {
            "codes": codes,
            "next": _next_url(request),
            "can_make_new": mfa_satisfied(request) and user_has_confirmed_device(request.user),
        },
    )
