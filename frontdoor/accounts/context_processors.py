from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from .two_factor import mfa_satisfied


def session_timeout(request: HttpRequest) -> dict[str, object]:
    """What the page's timeout warning needs to know (base.html puts it on <body>)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        # Signed in with a password, second factor still to come: no menu to offer yet.
        "mfa_pending": settings.FRONTDOOR_REQUIRE_MFA and not mfa_satisfied(request),
        "session_idle_seconds": round(float(settings.FRONTDOOR_SESSION_IDLE_MINUTES) * 60),
        "session_warning_seconds": settings.FRONTDOOR_SESSION_WARNING_SECONDS,
    }
