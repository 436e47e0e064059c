"""Single sign-on with the council's identity provider (OpenID Connect, authorization code
flow, RS256-signed ID tokens, mozilla-django-oidc). Off unless FRONTDOOR_OIDC_ENABLED.

Somebody signing on is matched to an existing Frontdoor user by one claim (the email address
by default); nobody is created and nobody is given a role here. No match, more than one, a
user who is inactive or has no role: refused, with a page that says why, and audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from frontdoor.core.audit import audit_write

from .two_factor import SSO_MFA_SESSION_KEY

REFUSAL_SESSION_KEY = "frontdoor_sso_refusal"

REFUSALS = {
    "no_match": "There is no Frontdoor account for your council account.",
    "several": "More than one Frontdoor account has your email address.",
    "inactive": "Your Frontdoor account is switched off.",
    "no_role": "Your Frontdoor account has no role yet.",
    "bad_token": "Your council's sign-in service sent an answer Frontdoor could not check.",
}


def _refuse(request: HttpRequest, reason: str, claimed: str) -> None:
    request.session[REFUSAL_SESSION_KEY] = reason
    audit_write(
        actor=None,
        action="signin.sso_refused",
        object_type="user",
        object_id=claimed[:40],
        summary=REFUSALS[reason][:300],
        changes={"reason": reason},
    )


class CouncilSignOnBackend(OIDCAuthenticationBackend):
    """Acts only on the sign-on callback, and only when single sign-on is configured."""

    def authenticate(self, request: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if (
            not settings.FRONTDOOR_OIDC_ENABLED
            or request is None
            or request.path != reverse("oidc_authentication_callback")
        ):
            return None
        try:
            return super().authenticate(request, **kwargs)
        except SuspiciousOperation:
            _refuse(request, "bad_token", "")
            return None

    def verify_token(self, token: str, **kwargs: Any) -> Any:
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is for another client")
        issuer = settings.FRONTDOOR_OIDC_ISSUER
        if issuer and payload.get("iss", "").rstrip("/") != issuer.rstrip("/"):
            raise SuspiciousOperation("The ID token is from another issuer")
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get(settings.FRONTDOOR_OIDC_MATCH_CLAIM))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[Any]:
        claimed = str(claims.get(settings.FRONTDOOR_OIDC_MATCH_CLAIM) or "").strip()
        if not claimed:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(email__iexact=claimed)

    def get_or_create_user(self, access_token: str, id_token: str, payload: Any) -> Any:
        claims = self.get_userinfo(access_token, id_token, payload)
        claimed = str(claims.get(settings.FRONTDOOR_OIDC_MATCH_CLAIM) or "")
        users = list(self.filter_users_by_claims(claims)[:2])
        if not users:
            return _refuse(self.request, "no_match", claimed)
        if len(users) > 1:
            return _refuse(self.request, "several", claimed)
        user = users[0]
        if not user.is_active:
            return _refuse(self.request, "inactive", claimed)
        if not user.role:
            return _refuse(self.request, "no_role", claimed)
        return user


class CouncilSignOnStart(OIDCAuthenticationRequestView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.FRONTDOOR_OIDC_ENABLED:
            raise Http404("Single sign-on is not set up")
        return super().get(request)


class CouncilSignOnCallback(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.FRONTDOOR_OIDC_ENABLED:
            raise Http404("Single sign-on is not set up")
        return super().get(request)

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        if settings.FRONTDOOR_OIDC_MFA_AT_PROVIDER:
            self.request.session[SSO_MFA_SESSION_KEY] = True
        audit_write(
            actor=self.user,
            action="signin.succeeded",
            obj=self.user,
            summary="Signed in with the council's single sign-on",
        )
        return response


def refused(request: HttpRequest) -> HttpResponse:
    reason = request.session.pop(REFUSAL_SESSION_KEY, "")
    return render(
        request,
        "accounts/sso_refused.html",
        {"reason": REFUSALS.get(reason, "Your council's sign-in service did not sign you in.")},
        status=403,
    )
