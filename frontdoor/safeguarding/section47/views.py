"""The section 47 page: its outcome, its conference and the plan the conference decides."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from frontdoor.casework.clocks import rag_for_day, today
from frontdoor.core.errors import ConflictError, DomainError
from frontdoor.core.view_helpers import GET_OR_POST, attempt_once, require_permission
from frontdoor.people.access import CASE_OR_RETURNS, Scope, open_record
from frontdoor.safeguarding.models import (
    Conference,
    CpPlan,
    Section47,
    Section47Outcome,
)
from frontdoor.safeguarding.protection import services as protection_services
from frontdoor.safeguarding.protection.forms import PlanStartForm
from frontdoor.safeguarding.section47 import selectors, services
from frontdoor.safeguarding.section47.forms import ConferenceForm, Section47OutcomeForm

# --- The section 47 page ---------------------------------------------------------------------


def _conference_of(section47: Section47) -> Conference | None:
    try:
        return section47.conference
    except Conference.DoesNotExist:
        return None


def _plan_of(conference: Conference | None) -> CpPlan | None:
    if conference is None:
        return None
    try:
        return conference.cp_plan
    except CpPlan.DoesNotExist:
        return None


@GET_OR_POST
def section47_detail(request: HttpRequest, section47_id: int) -> HttpResponse:
    require_permission(request, "safeguarding.view_safeguarding")
    try:
        section47 = selectors.section47_for_page(section47_id=section47_id)
    except Section47.DoesNotExist:
        raise Http404 from None
    opened = open_record(
        request,
        people=[section47.person],
        scope=CASE_OR_RETURNS if request.method == "GET" else Scope.CASE,
        obj=section47,
        audit=request.method == "GET",
    )
    can_work = opened.case and request.user.has_perm("safeguarding.work_on_section47", section47)
    outcome_form = Section47OutcomeForm(
        initial={"version": section47.version, "outcome_on": today()}, prefix="outcome"
    )
    conference_form = ConferenceForm(prefix="conference")
    plan_form = PlanStartForm(prefix="plan")
    if request.method == "POST":
        if not can_work:
            raise PermissionDenied
        action, actor = request.POST.get("action", ""), request.user
        if action == "outcome":
            outcome_form = Section47OutcomeForm(request.POST, prefix="outcome")
            if outcome_form.is_valid():
                data = outcome_form.cleaned_data
                try:
                    services.section47_outcome_record(
                        actor=actor,
                        section47_id=section47.pk,
                        version=data["version"],
                        outcome=data["outcome"],
                        outcome_on=data["outcome_on"],
                    )
                except ConflictError as error:
                    section47.refresh_from_db()
                    outcome_form.add_error(None, error.message)
                except DomainError as error:
                    outcome_form.add_domain_error(error.field, error.message)
                else:
                    messages.success(request, "Outcome of the enquiry recorded")
                    return redirect("safeguarding:section47", section47_id=section47.pk)
        elif action == "conference":
            conference_form = ConferenceForm(request.POST, prefix="conference")
            if conference_form.is_valid():
                data = conference_form.cleaned_data
                page = attempt_once(
                    request,
                    conference_form,
                    lambda: services.conference_record(
                        actor=actor,
                        section47_id=section47.pk,
                        held_on=data["held_on"],
                        outcome=data["outcome"],
                        chair=data["chair"],
                    ),
                    then=lambda _: reverse("safeguarding:section47", args=[section47.pk]),
                )
                if page is not None:
                    messages.success(request, "Initial conference recorded")
                    return redirect(page)
        elif action == "plan":
            plan_form = PlanStartForm(request.POST, prefix="plan")
            conference = _conference_of(section47)
            if plan_form.is_valid() and conference is not None:
                data, conference_id = plan_form.cleaned_data, conference.pk
                page = attempt_once(
                    request,
                    plan_form,
                    lambda: protection_services.cp_plan_start(
                        actor=actor,
                        conference_id=conference_id,
                        start_date=data["start_date"],
                        category=data["category"],
                    ),
                    then=lambda plan: reverse("safeguarding:cp_plan", args=[plan.pk]),
                )
                if page is not None:
                    messages.success(request, "Child protection plan started")
                    return redirect(page)
            elif conference is None:
                plan_form.add_error(None, "Record the initial conference first")
    conference = _conference_of(section47)
    plan = _plan_of(conference)
    is_icpc = section47.outcome == Section47Outcome.ICPC
    return render(
        request,
        "safeguarding/section47.html",
        {
            "section47": section47,
            "person": section47.person,
            "discussion": section47.strategy_child.discussion,
            "conference": conference,
            "plan": plan,
            "conference_rag": rag_for_day(section47.conference_due_on, today())
            if is_icpc and conference is None
            else None,
            "waiting_for_outcome": not section47.outcome,
            # A form with typed text stays on the page even if it can no longer be saved,
            # so that nothing typed is lost.
            "outcome_form": outcome_form
            if outcome_form.is_bound or (can_work and not section47.outcome)
            else None,
            "conference_form": conference_form
            if conference_form.is_bound or (can_work and is_icpc and conference is None)
            else None,
            "plan_form": plan_form
            if plan_form.is_bound
            or (can_work and conference and conference.plan_followed and plan is None)
            else None,
            "form": next(
                (f for f in (outcome_form, conference_form, plan_form) if f.is_bound), None
            ),
            "case": opened.case,
        },
    )
