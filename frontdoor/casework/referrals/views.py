"""The referral page, its team, worker, risk review and primary need pages, and the
unallocated list; and the one runner every action page on a referral shares.

Views are thin: each form is parsed, one service is called, and a service's `DomainError`
is shown at its field with everything typed kept. Each action on a referral has its own page
and URL, so all of it works with JavaScript off; the referral page links to the actions the
user may take."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from frontdoor.accounts.models import Role
from frontdoor.casework.clocks import rag_for_day, today
from frontdoor.casework.models import Referral
from frontdoor.casework.referrals import selectors, services
from frontdoor.casework.referrals.forms import (
    AllocateForm,
    PrimaryNeedForm,
    RiskReviewForm,
    TeamChangeForm,
)
from frontdoor.core.audit import audit_view
from frontdoor.core.errors import ConflictError, DomainError
from frontdoor.core.forms import GovukForm
from frontdoor.core.once import create_once
from frontdoor.core.record_checks import record_checks
from frontdoor.core.view_helpers import GET_OR_POST, posted, require_permission
from frontdoor.core.working_days import calendar
from frontdoor.people.access import CASE_OR_RETURNS, Scope, open_record


def referral_url(referral: Referral) -> str:
    return reverse("casework:referral", args=[referral.pk])


def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    require_permission(request, "casework.view_casework")
    try:
        referral = selectors.referral_for_page(referral_id=referral_id)
    except Referral.DoesNotExist:
        raise Http404 from None
    opened = open_record(request, people=[referral.person], scope=CASE_OR_RETURNS, obj=referral)
    on, cal = today(), calendar()
    can_work = referral.is_open and request.user.has_perm("casework.work_on_referral", referral)
    return render(
        request,
        "casework/referral.html",
        {
            "referral": referral,
            "person": referral.person,
            "clocks": selectors.referral_clocks(referral, on, cal),
            "actions": selectors.referral_actions(request.user, referral),
            "can_work": can_work,
            # The census asks for it: set where the worker reads that it is missing.
            "primary_need_form": PrimaryNeedForm(initial={"version": referral.version})
            if can_work and not referral.primary_need
            else None,
            "steps": referral.steps.select_related("early_help"),
            "closure": selectors.closure_state(referral),
            "may_authorise_closure": request.user.has_perm("casework.authorise_closure", referral),
            "record_checks": record_checks(referral.person_id),
            "case": opened.case,
        },
    )


# --- One page per action ---------------------------------------------------------------------

# What an action does once its form is valid: call the service, and say where to go next
# and what to tell the user.
Run = Callable[[dict[str, Any]], tuple[str, str]]


def referral_for_action(request: HttpRequest, referral_id: int, permission: str) -> Referral:
    require_permission(request, "casework.view_casework")
    referral = get_object_or_404(
        Referral.objects.select_related("person", "team", "worker"), pk=referral_id
    )
    require_permission(request, permission, referral)
    open_record(request, people=[referral.person], scope=Scope.CASE, obj=referral, audit=False)
    return referral


def refresh_version(form: GovukForm, version: int) -> None:
    """Keep what was typed but take the latest version, so saving again is not a conflict."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data["version"] = str(version)
    form.data = data


def action_page(
    request: HttpRequest,
    referral: Referral,
    form: GovukForm,
    run: Run,
    *,
    title: str,
    button: str,
    **extra: Any,
) -> HttpResponse:
    if request.method == "POST":
        if form.is_valid():

            def act() -> str:
                message, url = run(form.cleaned_data)
                messages.success(request, message)
                return url

            try:
                return redirect(create_once(request, act))
            except ConflictError as error:
                referral.refresh_from_db()
                if "version" in form.fields:
                    refresh_version(form, referral.version)
                form.add_error(None, error.message)
            except DomainError as error:
                form.add_domain_error(error.field, error.message)
    else:
        audit_view(
            actor=request.user, obj=referral, summary=f"Opened to {title[0].lower()}{title[1:]}"
        )
    return render(
        request,
        "casework/referral_action.html",
        {"referral": referral, "person": referral.person, "form": form, "title": title}
        | {"button": button}
        | extra,
    )


@GET_OR_POST
def referral_team(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_for_action(request, referral_id, "casework.change_referral_team")
    form = TeamChangeForm(
        posted(request), initial={"version": referral.version, "team": referral.team_id}
    )

    def run(data: dict[str, Any]) -> tuple[str, str]:
        changed = services.referral_team_change(
            actor=request.user,
            referral_id=referral.pk,
            version=data["version"],
            team_id=data["team"].pk if data["team"] else None,
            reason=data["reason"],
        )
        return f"Referral sent to {changed.team}", referral_url(referral)

    return action_page(
        request,
        referral,
        form,
        run,
        title="Change locality team",
        button="Change team",
        intro="Any worker allocated now is taken off the case: the new team allocates it.",
    )


@GET_OR_POST
def referral_allocate(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_for_action(request, referral_id, "casework.allocate_referral")
    caseloads = selectors.caseloads(team=referral.team) if referral.team else []
    form = AllocateForm(
        posted(request),
        initial={"version": referral.version, "worker": referral.worker_id},
        caseloads=caseloads,
    )

    def run(data: dict[str, Any]) -> tuple[str, str]:
        allocated = services.referral_allocate(
            actor=request.user,
            referral_id=referral.pk,
            version=data["version"],
            worker_id=form.worker_id(),
        )
        return f"Allocated to {allocated.worker}", referral_url(referral)

    return action_page(
        request,
        referral,
        form,
        run,
        title="Allocate to a worker",
        button="Allocate",
        intro=f"Workers in {referral.team}, fewest open cases first."
        if referral.team
        else "Choose the locality team before allocating a worker.",
    )


@GET_OR_POST
def referral_risk_review(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_for_action(request, referral_id, "casework.allocate_referral")
    form = RiskReviewForm(posted(request))

    def run(data: dict[str, Any]) -> tuple[str, str]:
        review = services.risk_review_record(
            actor=request.user,
            referral_id=referral.pk,
            note=data["note"],
            next_review_on=data["next_review_on"],
        )
        return (
            f"Risk review recorded: next due {review.next_review_on:%-d %B %Y}",
            referral_url(referral),
        )

    return action_page(
        request,
        referral,
        form,
        run,
        title="Record a risk review",
        button="Record risk review",
        intro="While the case waits for a worker, review the risk to the child and set the "
        "date of the next review.",
    )


@GET_OR_POST
def referral_primary_need(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_for_action(request, referral_id, "casework.work_on_referral")
    form = PrimaryNeedForm(
        posted(request),
        initial={"version": referral.version, "primary_need": referral.primary_need},
    )

    def run(data: dict[str, Any]) -> tuple[str, str]:
        changed = services.referral_primary_need_set(
            actor=request.user,
            referral_id=referral.pk,
            version=data["version"],
            primary_need=data["primary_need"],
        )
        return f"Primary need: {changed.get_primary_need_display()}", referral_url(referral)

    return action_page(request, referral, form, run, title="Set primary need", button="Save")


# --- The unallocated list --------------------------------------------------------------------


def unallocated(request: HttpRequest) -> HttpResponse:
    require_permission(request, "casework.allocate_referral")
    on, cal = today(), calendar()
    teams: list[tuple[Any, Any]] = [
        (team, selectors.unallocated_referrals(team=team))
        for team in selectors.teams_managed_by(request.user)
    ]
    if getattr(request.user, "role", "") == Role.HEAD_OF_SERVICE:
        teams.append((None, selectors.unallocated_referrals(team=None)))
    groups = []
    for team, referrals in teams:
        if team is not None:
            audit_view(actor=request.user, obj=team, summary="Unallocated cases")
        rows = [
            {
                "referral": referral,
                "days_waiting": (on - referral.referral_date).days,
                "rag": rag_for_day(referral.risk_review_due_on, on, cal)
                if referral.risk_review_due_on
                else None,
                "allocation_rag": rag_for_day(referral.allocation_due_on, on, cal),
            }
            for referral in referrals
        ]
        groups.append({"team": team, "rows": rows})
    return render(request, "casework/unallocated.html", {"groups": groups, "on": on})
