"""The child protection plan page (reviews, visits, its end) and recording immediate protection."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from frontdoor.casework.clocks import rag_for_day, today
from frontdoor.core.view_helpers import GET_OR_POST, attempt, attempt_once, require_permission
from frontdoor.people.access import CASE_OR_RETURNS, Scope, open_record
from frontdoor.people.models import Person
from frontdoor.safeguarding.models import (
    CpPlan,
)
from frontdoor.safeguarding.protection import selectors, services
from frontdoor.safeguarding.protection.forms import (
    PlanEndForm,
    ProtectionForm,
    ReviewForm,
    VisitForm,
)
from frontdoor.safeguarding.strategy.selectors import person_ids

# --- The child protection plan page ----------------------------------------------------------


@GET_OR_POST
def cp_plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    require_permission(request, "safeguarding.view_safeguarding")
    try:
        plan = selectors.plan_for_page(plan_id=plan_id)
    except CpPlan.DoesNotExist:
        raise Http404 from None
    opened = open_record(
        request,
        people=[plan.person],
        scope=CASE_OR_RETURNS if request.method == "GET" else Scope.CASE,
        obj=plan,
        audit=request.method == "GET",
    )
    can_work = (
        opened.case
        and plan.end_date is None
        and request.user.has_perm("safeguarding.work_on_section47", plan)
    )
    review_form = ReviewForm(prefix="review", initial={"category": plan.latest_category})
    visit_form = VisitForm(prefix="visit")
    end_form = PlanEndForm(prefix="end")
    if request.method == "POST":
        if not request.user.has_perm("safeguarding.work_on_section47", plan):
            raise PermissionDenied
        action, actor = request.POST.get("action", ""), request.user
        done: str | None = None
        message = ""

        def this_page(_: Any) -> str:
            return reverse("safeguarding:cp_plan", args=[plan.pk])

        if action == "review":
            review_form = ReviewForm(request.POST, prefix="review")
            if review_form.is_valid():
                data = review_form.cleaned_data
                done = attempt_once(
                    request,
                    review_form,
                    lambda: services.cp_review_record(
                        actor=actor,
                        plan_id=plan.pk,
                        held_on=data["held_on"],
                        category=data["category"],
                        note=data["note"],
                    ),
                    then=this_page,
                )
                message = "Review conference recorded"
        elif action == "visit":
            visit_form = VisitForm(request.POST, prefix="visit")
            if visit_form.is_valid():
                details = visit_form.details()
                done = attempt_once(
                    request,
                    visit_form,
                    lambda: services.cp_visit_record(actor=actor, plan_id=plan.pk, **details),
                    then=this_page,
                )
                message = "Visit recorded"
        elif action == "end":
            end_form = PlanEndForm(request.POST, prefix="end")
            if end_form.is_valid():
                data = end_form.cleaned_data
                done = attempt_once(
                    request,
                    end_form,
                    lambda: services.cp_plan_end(
                        actor=actor,
                        plan_id=plan.pk,
                        end_date=data["end_date"],
                        reason=data["end_reason"],
                    ),
                    then=this_page,
                )
                message = "Child protection plan ended"
        if done is not None:
            messages.success(request, message)
            return redirect(done)
    on = today()
    forms = {"review_form": review_form, "visit_form": visit_form, "end_form": end_form}
    return render(
        request,
        "safeguarding/cp_plan.html",
        {
            "plan": plan,
            "person": plan.person,
            "section47": plan.conference.section47 if plan.conference else None,
            "review_rag": rag_for_day(plan.next_review_on, on) if plan.next_review_on else None,
            "visit_rag": rag_for_day(plan.next_visit_on, on) if plan.next_visit_on else None,
            "can_work": can_work,
            "case": opened.case,
            "form": next((f for f in forms.values() if f.is_bound), None),
        }
        | {name: f if (f.is_bound or can_work) else None for name, f in forms.items()},
    )


# --- Immediate protection --------------------------------------------------------------------


@GET_OR_POST
def protection_new(request: HttpRequest) -> HttpResponse:
    require_permission(request, "safeguarding.record_strategy")
    ids = person_ids(request.GET.getlist("person"))
    if not ids:
        raise Http404("Open this page from a child's record")
    person = get_object_or_404(Person, pk=ids[0], merged_into__isnull=True)
    open_record(
        request,
        people=[person],
        scope=Scope.CASE,
        obj=person,
        summary="Opened to record immediate protection",
        audit=request.method != "POST",
    )
    form = ProtectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record = attempt(
            form,
            lambda: services.immediate_protection_record(
                actor=request.user,
                person=person,
                kind=data["kind"],
                started_at=data["started_at"],
                authority=data["authority"],
                note=data["note"],
            ),
        )
        if record is not None:
            messages.success(request, f"{record.get_kind_display()} recorded")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "safeguarding/protection_new.html", {"form": form, "person": person})
