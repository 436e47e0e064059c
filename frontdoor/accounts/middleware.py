"""Sessions that end when left alone, and two-factor sign-in where it is required."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from frontdoor.core.audit import audit_write

from .signin import SIGNED_IN_AT
from .two_factor import mfa_satisfied, user_has_confirmed_device

LAST_ACTIVITY = "frontdoor_last_activity"
KEEP_ALIVE_PATH = "/accounts/keep-alive/"


def idle_seconds() -> float:
    return float(settings.FRONTDOOR_SESSION_IDLE_MINUTES) * 60


def duration_words(seconds: float) -> str:
    """30 minutes, 10 hours, 1 minute, 6 seconds."""
    seconds = round(seconds)
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def seconds_left(request: HttpRequest) -> float:
    """How long the session has before it is signed out for being left alone."""
    last = request.session.get(LAST_ACTIVITY, time.time())
    return max(0.0, idle_seconds() - (time.time() - last))


class SessionIdleTimeout:
    """Signs a user out on the server after FRONTDOOR_SESSION_IDLE_MINUTES without a request
    (a status check at /accounts/keep-alive/ does not count) and SESSION_COOKIE_AGE after they
    signed in, whatever they did. Every other request counts as activity."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            last = session.get(LAST_ACTIVITY)
            started = session.setdefault(SIGNED_IN_AT, now)
            if last is not None and now - last > idle_seconds():
                return self.sign_out(
                    request,
                    "signin.idle_timeout",
                    f"You were signed out after {duration_words(idle_seconds())} "
                    "without activity. Sign in again to carry on.",
                )
            if now - started > settings.SESSION_COOKIE_AGE:
                return self.sign_out(
                    request,
                    "signin.session_expired",
                    f"You were signed out because you had been signed in for "
                    f"{duration_words(settings.SESSION_COOKIE_AGE)}. Sign in again to carry on.",
                )
            if not (request.path == KEEP_ALIVE_PATH and request.method == "GET"):
                session[LAST_ACTIVITY] = now
        return self.get_response(request)

    @staticmethod
    def sign_out(request: HttpRequest, action: str, message: str) -> HttpResponse:
        user = request.user
        audit_write(actor=user, action=action, obj=user, summary=message[:300])  # type: ignore[arg-type]
        logout(request)
        messages.info(request, message)
        if request.path == KEEP_ALIVE_PATH:
            return JsonResponse({"signed_in": False, "login_url": reverse("login")}, status=401)
        if request.path == reverse("logout"):
            return HttpResponseRedirect(reverse("login"))
        next_path = request.get_full_path() if request.method == "GET" else request.path
        return redirect_to_login(next_path, settings.LOGIN_URL)


# Pages a signed-in user reaches before their second factor: the two-factor pages themselves,
# signing out and session upkeep, and what needs no sign-in at all.
MFA_EXEMPT_PREFIXES = (
    "/accounts/two-factor/",
    "/accounts/login/",
    "/accounts/logout/",
    KEEP_ALIVE_PATH,
    "/accounts/password-reset/",
    "/accounts/sso/",
    "/static/",
    "/healthz",
    "/survey/",
)


class TwoFactorRequired:
    """While FRONTDOOR_REQUIRE_MFA is on, a signed-in user whose session has not passed the
    second factor is sent to enter a code, or to set up an authenticator app if they have
    none, and can open nothing else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.FRONTDOOR_REQUIRE_MFA
            and request.user.is_authenticated
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and not mfa_satisfied(request)
        ):
            page = (
                "two_factor_verify"
                if user_has_confirmed_device(request.user)
                else "two_factor_setup"
            )
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(page)}?{query}")
        return self.get_response(request)
