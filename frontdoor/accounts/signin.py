"""Signing in with a password: the lockout after repeated failures (django-axes), the page
it shows, what the audit log records of every attempt, and the sign-in page itself.

A wrong password, a lockout and a try while locked out are each written to the audit log
with the username as typed (never the password) and no actor: nobody is signed in yet."""

from __future__ import annotations

import time
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.validators import MaxLengthValidator
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from frontdoor.core.audit import audit_write, client_ip

SIGNED_IN_AT = "frontdoor_signed_in_at"


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, first of the backends: a locked-out username and address are
    refused before any password is compared. Calls without a request (the test client's
    `login`, a shell) come from no address and are not throttled."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def not_a_password_sign_in(request: HttpRequest | None, credentials: Any = None) -> bool:
    """django-axes leaves the single sign-on callback alone: it carries no password, and
    counting its refusals by address alone would lock out everybody behind the council's
    one outgoing address. Refused sign-ons are audited by sso.py instead."""
    return request is not None and request.path == reverse("oidc_authentication_callback")


def client_address(request: HttpRequest) -> str | None:
    """The address lockouts count by: the one the audit log records."""
    return client_ip(request)


def typed_username(credentials: dict[str, Any] | None, request: HttpRequest | None) -> str:
    name = (credentials or {}).get("username")
    if not name and request is not None and request.method == "POST":
        name = request.POST.get("username", "")
    return str(name or "")[:40]


def locked_until(username: str, ip_address: str | None) -> Any:
    """When the pair's lockout ends: 15 minutes after its latest failure."""
    latest = AccessAttempt.objects.filter(username=username, ip_address=ip_address).aggregate(
        latest=Max("attempt_time")
    )["latest"]
    return (latest or timezone.now()) + settings.AXES_COOLOFF_TIME


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    username = typed_username(credentials, request)
    until = timezone.localtime(locked_until(username, client_address(request)))
    return render(
        request,
        "accounts/locked_out.html",
        {"until": until, "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def current_lockouts() -> list[dict[str, Any]]:
    """Every username and address locked out now, newest first."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), latest=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-latest")
    )
    return [
        {**row, "until": timezone.localtime(row["latest"] + settings.AXES_COOLOFF_TIME)}
        for row in rows
    ]


# --- the audit log's record of sign-in -------------------------------------------------------


def _refused_while_locked(request: Any) -> bool:
    # The lockout backend flags the request before any failure is counted; a failure that
    # reaches the limit is counted first (axes_failures_since_start is set).
    return bool(
        getattr(request, "axes_locked_out", False)
        and getattr(request, "axes_failures_since_start", None) is None
    )


@receiver(user_login_failed, dispatch_uid="frontdoor_signin_failed")
def audit_signin_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = typed_username(credentials, request)
    if not username and "username" not in credentials:
        return  # a single sign-on callback that matched nobody: sso.py audits it
    refused = _refused_while_locked(request)
    audit_write(
        actor=None,
        action="signin.refused_locked_out" if refused else "signin.failed",
        object_type="user",
        object_id=username,
        summary=(
            "Sign-in refused: this username is locked out from this address"
            if refused
            else "Wrong username or password"
        ),
    )


@receiver(user_locked_out, dispatch_uid="frontdoor_signin_locked_out")
def audit_locked_out(sender: Any, request: Any = None, username: Any = None, **kwargs: Any) -> None:
    if request is not None and _refused_while_locked(request):
        return  # a try while already locked out: audit_signin_failed wrote it
    audit_write(
        actor=None,
        action="signin.locked_out",
        object_type="user",
        object_id=str(username or "")[:40],
        summary=f"Locked out after {settings.AXES_FAILURE_LIMIT} wrong passwords",
        changes={"ip_address": kwargs.get("ip_address")},
    )


@receiver(user_logged_in, dispatch_uid="frontdoor_signed_in_at")
def remember_sign_in_time(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session[SIGNED_IN_AT] = time.time()


class SignInForm(AuthenticationForm):
    """Django's sign-in form shows the username's maximum length but does not check it: a
    long paste reached django-axes, whose record of the attempt could not hold it (a 500)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        assert isinstance(username, forms.CharField) and username.max_length
        username.validators.append(MaxLengthValidator(username.max_length))


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = settings.FRONTDOOR_OIDC_ENABLED
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_write(
            actor=self.request.user,
            action="signin.succeeded",
            obj=self.request.user,  # type: ignore[arg-type]
            summary="Signed in with a password",
        )
        return response
