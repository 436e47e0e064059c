"""Every write the accounts app makes: keyword-only, audited."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.core.audit import audit_write

from .models import User

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


@transaction.atomic
def signin_unlock(*, actor: User, username: str, ip_address: str | None) -> int:
    """Lift a lockout of one username from one address; returns how many records went."""
    removed = axes_reset(ip=ip_address or None, username=username)
    audit_write(
        actor=actor,
        action="signin.unlocked",
        object_type="user",
        object_id=username[:40],
        summary=f"Sign-in unlocked for {username} from {ip_address or 'any address'}"[:300],
        changes={"ip_address": ip_address, "records": removed},
    )
    return removed


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The user's authenticator app being set up: a new secret, kept until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice) -> None:
    """The code matched: the app becomes the user's second factor (it replaces any other)."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_write(
        actor=user,
        action="mfa.enrolled",
        obj=user,
        summary="Set up an authenticator app for two-factor sign-in",
    )


@transaction.atomic
def recovery_codes_make(*, user: User) -> list[str]:
    """Ten new one-time recovery codes; any older ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_write(
        actor=user,
        action="mfa.recovery_codes_made",
        obj=user,
        summary=f"Made {RECOVERY_CODE_COUNT} new recovery codes",
    )
    return codes


def mfa_failure_record(*, user: User, stage: str, throttled: bool) -> Any:
    return audit_write(
        actor=user,
        action="signin.mfa_failed",
        obj=user,
        summary=("Too many wrong codes: asked to wait" if throttled else f"Wrong code ({stage})"),
        changes={"stage": stage, "throttled": throttled},
    )


@transaction.atomic
def password_reset_completed(*, user: User) -> None:
    """A new password set with a reset link; it also ends any lockout the old one caused."""
    audit_write(
        actor=user,
        action="password_reset.completed",
        obj=user,
        summary="Set a new password with a reset link",
    )
    axes_reset(username=user.get_username())


@transaction.atomic
def two_factor_reset(*, actor: User, user: User) -> None:
    """A user lost their phone and their recovery codes: remove their app and codes, so that
    their next sign-in sets up a new app. For system administrators (staff administration
    asks the permission `accounts.reset_two_factor`)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_write(
        actor=actor,
        action="mfa.reset",
        obj=user,
        summary=f"Two-factor sign-in reset for {user.get_username()}"[:300],
    )
