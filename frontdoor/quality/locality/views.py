"""The locality feedback pages: the team's referrals of the last months with the feedback
given, and one referral's feedback form (give, or withdraw what the team gave)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from frontdoor.casework.models import Referral
from frontdoor.core.errors import DomainError
from frontdoor.core.parsing import parse_id
from frontdoor.core.view_helpers import GET_OR_POST, attempt_once, posted, require_permission
from frontdoor.people.access import Scope, open_record, readable_person_ids
from frontdoor.quality.case_review.sampling import months_before

from . import selectors, services
from .forms import FeedbackForm

PERMISSION = "quality.give_locality_feedback"


def team_list(request: HttpRequest) -> HttpResponse:
    require_permission(request, PERMISSION)
    since = months_before(timezone.localdate(), selectors.RECENT_MONTHS)
    referrals = list(selectors.team_referrals(request.user.team_id, since))  # type: ignore[union-attr]
    readable = readable_person_ids(request.user, {r.person_id for r in referrals}, Scope.IDENTITY)
    referrals = [r for r in referrals if r.person_id in readable]
    if referrals:
        open_record(
            request,
            people=[r.person for r in referrals],
            scope=Scope.IDENTITY,
            obj=request.user.team,  # type: ignore[union-attr]
            summary="Referrals listed for locality feedback",
        )
    feedback = selectors.feedback_on([r.pk for r in referrals])
    rows = [(r, feedback.get(r.pk, [])) for r in referrals]
    return render(
        request,
        "quality/locality/list.html",
        {"rows": rows, "since": since},
    )


@GET_OR_POST
def referral_feedback(request: HttpRequest, referral_id: int) -> HttpResponse:
    require_permission(request, PERMISSION)
    referral = get_object_or_404(
        Referral.objects.select_related("person", "team", "origin__contact"), pk=referral_id
    )
    open_record(
        request,
        people=[referral.person],
        scope=Scope.CASE,
        obj=referral,
        summary="Opened for locality feedback",
        audit=request.method == "GET",
    )
    here = reverse("quality:locality_feedback_give", args=[referral.pk])
    withdrawing = request.method == "POST" and "withdraw" in request.POST
    form = FeedbackForm(None if withdrawing else posted(request))
    if withdrawing:
        try:
            services.feedback_withdraw(
                actor=request.user, feedback_id=parse_id(request.POST.get("withdraw"))
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Feedback withdrawn")
        return redirect(here)
    elif request.method == "POST" and form.is_valid():
        url = attempt_once(
            request,
            form,
            lambda: services.feedback_give(
                actor=request.user,
                referral_id=referral.pk,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
            ),
            lambda _: here,
        )
        if url is not None:
            messages.success(request, "Feedback given: the case review will look at it")
            return redirect(url)
    decision = getattr(referral.origin, "decision", None) if referral.origin else None
    return render(
        request,
        "quality/locality/referral.html",
        {
            "referral": referral,
            "decision": decision,
            "form": form,
            "feedback": selectors.feedback_on([referral.pk]).get(referral.pk, []),
            "may_give": services.holds(request.user, referral),
        },
    )
