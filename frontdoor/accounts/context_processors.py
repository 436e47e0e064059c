from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def session_timeout(request: HttpRequest) -> dict[str, object]:
    """What the page's timeout warning needs to know (base.html puts it on <body>)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_idle_seconds": round(float(settings.FRONTDOOR_SESSION_IDLE_MINUTES) * 60),
        "session_warning_seconds": settings.FRONTDOOR_SESSION_WARNING_SECONDS,
    }
