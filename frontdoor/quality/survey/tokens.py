"""The survey link's token: the invitation's random id, signed with the site's key under this
survey's own salt, so a link cannot be made up, altered or taken from another signed value.
Single use and expiry are kept in the database (`SurveyInvitation.used_at`, `expires_at`)."""

from __future__ import annotations

import secrets

from django.core import signing

SALT = "frontdoor.quality.survey.invitation"


def new_token_id() -> str:
    return secrets.token_urlsafe(18)


def sign(token_id: str) -> str:
    return signing.Signer(salt=SALT).sign(token_id)


def unsign(token: str) -> str | None:
    """The token id a genuine token carries, or None for a forged or altered one."""
    try:
        return signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
