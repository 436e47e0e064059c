"""Asking to close a referral or step it down to early help (a manager authorises it: see
casework/closures). Asking with a missing primary need sets it first, in the same
transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from frontdoor.casework.closures import services
from frontdoor.casework.closures.models import ClosureRequest
from frontdoor.casework.models import Referral
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.referrals.views import action_page, referral_for_action, referral_url
from frontdoor.casework.transitions.forms import CloseForm, StepDownForm
from frontdoor.core.view_helpers import GET_OR_POST, posted


def _set_need_then(
    request: HttpRequest,
    referral: Referral,
    data: dict[str, Any],
    close: Callable[[int], ClosureRequest],
) -> ClosureRequest:
    """Set the primary need if one was chosen, then ask to close: both or neither."""
    with transaction.atomic():
        version = data["version"]
        if data.get("primary_need"):
            version = referral_services.referral_primary_need_set(
                actor=request.user,
                referral_id=referral.pk,
                version=version,
                primary_need=data["primary_need"],
            ).version
        return close(version)


def _asked(asked: ClosureRequest, done: str) -> str:
    if asked.status == ClosureRequest.Status.WAITING:
        return f"{asked.get_kind_display()} sent to a manager for authorisation"
    return done


@GET_OR_POST
def referral_close(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_for_action(request, referral_id, "casework.work_on_referral")
    form = CloseForm(
        posted(request),
        initial={"version": referral.version},
        ask_primary_need=not referral.primary_need,
    )

    def run(data: dict[str, Any]) -> tuple[str, str]:
        asked = _set_need_then(
            request,
            referral,
            data,
            lambda version: services.closure_request(
                actor=request.user,
                referral_id=referral.pk,
                version=version,
                closed_on=data["closed_on"],
                closure_reason=data["closure_reason"],
                reason=data["reason"],
            ),
        )
        return _asked(asked, "Episode closed"), referral_url(referral)

    return action_page(
        request,
        referral,
        form,
        run,
        title="Close the episode",
        **(
            {
                "button": "Ask to close the episode",
                "intro": "A manager authorises the closure: the episode closes then, "
                "on the date you set.",
            }
            if settings.FRONTDOOR_SIGN_OFF_NEEDED.get("close")
            else {"button": "Close episode"}
        ),
        warning="Any child in need plan still open ends on the closure date.",
    )


@GET_OR_POST
def referral_step_down(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_for_action(request, referral_id, "casework.work_on_referral")
    form = StepDownForm(
        posted(request),
        initial={"version": referral.version},
        ask_primary_need=not referral.primary_need,
    )

    def run(data: dict[str, Any]) -> tuple[str, str]:
        asked = _set_need_then(
            request,
            referral,
            data,
            lambda version: services.step_down_request(
                actor=request.user,
                referral_id=referral.pk,
                version=version,
                stepped_on=data["stepped_on"],
                reason=data["reason"],
            ),
        )
        done = "Stepped down: early help is open for the pathway advisors"
        return _asked(asked, done), referral_url(referral)

    return action_page(
        request,
        referral,
        form,
        run,
        title="Step down to early help",
        **(
            {
                "button": "Ask to step down",
                "intro": "A manager authorises the step down: it happens then, on the date "
                "you set.",
            }
            if services.sign_off_needed(ClosureRequest.Kind.STEP_DOWN, "")
            else {"button": "Step down"}
        ),
        warning="This closes the social work episode (RC9 after an assessment, RC7 before one) "
        "and opens early help for the child.",
    )
