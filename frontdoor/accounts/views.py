"""Sign-in upkeep pages: locked-out sign-ins for administrators, and the session's
keep-alive and timed sign-out used by the page's timeout warning."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from frontdoor.core.audit import audit_write

from .middleware import duration_words, idle_seconds, seconds_left
from .services import signin_unlock
from .signin import current_lockouts


@require_http_methods(["GET", "POST"])
def lockouts(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("accounts.unlock_signin"):
        raise PermissionDenied("Only a system administrator can unlock sign-ins")
    if request.method == "POST":
        username = request.POST.get("username", "")
        ip_address = request.POST.get("ip_address", "") or None
        if username:
            signin_unlock(actor=request.user, username=username, ip_address=ip_address)  # type: ignore[arg-type]
            messages.success(request, f"{username} can sign in again")
        return HttpResponseRedirect(reverse("signin_lockouts"))
    return render(request, "accounts/lockouts.html", {"lockouts": current_lockouts()})


@require_http_methods(["GET", "POST"])
def keep_alive(request: HttpRequest) -> JsonResponse:
    """GET: how long the session has left, without counting as activity. POST: count as
    activity ("Stay signed in"), which the session middleware has already recorded."""
    return JsonResponse({"signed_in": True, "seconds_left": round(seconds_left(request))})


class SignOutView(auth_views.LogoutView):
    """Signing out (POST). With reason=idle it is the page's timeout warning running out,
    after the page saved its drafts: audited as such, and the sign-in page says why."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        idle = request.POST.get("reason") == "idle"
        message = (
            f"You were signed out after {duration_words(idle_seconds())} without activity. "
            "Sign in again to carry on."
        )
        if idle and user.is_authenticated:
            audit_write(actor=user, action="signin.idle_timeout", obj=user, summary=message)  # type: ignore[arg-type]
        response = super().post(request, *args, **kwargs)
        if idle:
            messages.info(request, message)
        return response
