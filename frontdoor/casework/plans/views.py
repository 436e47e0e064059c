"""Starting, ending and reviewing a child in need plan, each on its own page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from frontdoor.casework.models import CinPlan, Referral
from frontdoor.casework.plans import services
from frontdoor.casework.plans.forms import CinPlanEndForm, CinPlanStartForm, PlanReviewForm
from frontdoor.casework.referrals.views import action_page, referral_for_action, referral_url
from frontdoor.core.view_helpers import GET_OR_POST, posted


@GET_OR_POST
def cin_plan_start(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_for_action(request, referral_id, "casework.work_on_referral")
    form = CinPlanStartForm(posted(request))

    def run(data: dict[str, Any]) -> tuple[str, str]:
        plan = services.cin_plan_start(
            actor=request.user, referral_id=referral.pk, start_date=data["start_date"]
        )
        return (
            f"Child in need plan started: first review due {plan.next_review_on:%-d %B %Y}",
            referral_url(referral),
        )

    return action_page(
        request, referral, form, run, title="Start a child in need plan", button="Start plan"
    )


def _plan(referral: Referral, plan_id: int) -> CinPlan:
    return get_object_or_404(CinPlan, pk=plan_id, referral=referral)


@GET_OR_POST
def cin_plan_end(request: HttpRequest, referral_id: int, plan_id: int) -> HttpResponse:
    referral = referral_for_action(request, referral_id, "casework.work_on_referral")
    plan = _plan(referral, plan_id)
    form = CinPlanEndForm(posted(request))

    def run(data: dict[str, Any]) -> tuple[str, str]:
        services.cin_plan_end(actor=request.user, plan_id=plan.pk, end_date=data["end_date"])
        return "Child in need plan ended", referral_url(referral)

    return action_page(
        request,
        referral,
        form,
        run,
        title="End the child in need plan",
        button="End plan",
        intro=f"The plan started on {plan.start_date:%-d %B %Y}.",
    )


@GET_OR_POST
def cin_plan_review(request: HttpRequest, referral_id: int, plan_id: int) -> HttpResponse:
    referral = referral_for_action(request, referral_id, "casework.work_on_referral")
    plan = _plan(referral, plan_id)
    form = PlanReviewForm(posted(request))

    def run(data: dict[str, Any]) -> tuple[str, str]:
        review = services.plan_review_record(
            actor=request.user,
            cin_plan_id=plan.pk,
            reviewed_on=data["reviewed_on"],
            note=data["note"],
        )
        return (
            f"Plan review recorded: next due {review.next_review_on:%-d %B %Y}",
            referral_url(referral),
        )

    return action_page(
        request,
        referral,
        form,
        run,
        title="Record a child in need plan review",
        button="Record review",
        intro=f"The plan started on {plan.start_date:%-d %B %Y}."
        + (f" Review due {plan.next_review_on:%-d %B %Y}." if plan.next_review_on else ""),
    )
