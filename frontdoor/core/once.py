"""One-time tokens for the forms that create a record (start a contact, add a person, record
a strategy discussion, every action on a referral, a conference, a plan's review or visit):
the form carries a token (`{% submit_once %}`), and the view makes
the record through `create_once`, so the same form submitted twice makes one record. The
second submission waits for the first (the token is unique in the database) and is shown
what the first made."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction

from .models import SubmittedOnce

FIELD = "once"
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def posted_token(request: Any) -> str:
    """The token the form was sent with, or "" when there is none (or it is not one)."""
    token = request.POST.get(FIELD, "")
    return token if TOKEN.fullmatch(token) else ""


def create_once(request: Any, create: Callable[[], str]) -> str:
    """Run `create` (it makes the record and returns the URL of its page) unless this form's
    token has been used already; either way, return the URL of the record the token made.
    The token is claimed in the same transaction as the record: a failed `create` (a form
    error) leaves it unused, so the corrected form can be sent with it."""
    token = posted_token(request)
    if not token:
        return create()
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = SubmittedOnce.objects.create(token=token, user=request.user)
        except IntegrityError:
            first = SubmittedOnce.objects.filter(token=token, user=request.user).first()
            if first is None:  # somebody else's token: theirs to reuse, not this user's
                return create()
            messages.info(request, "This was sent twice: it has been saved once, here")
            return first.result_url
        claim.result_url = create()
        claim.save(update_fields=["result_url"])
        return claim.result_url


class _NotMade(Exception):
    pass


def made_once(request: Any, make: Callable[[], Any], url_of: Callable[[Any], str]) -> str | None:
    """`create_once` for views whose `make` answers None when the form has errors (it showed
    them at the fields): the URL of what the token made, or None, leaving the token unused."""

    def create() -> str:
        made = make()
        if made is None:
            raise _NotMade
        return url_of(made)

    try:
        return create_once(request, create)
    except _NotMade:
        return None
