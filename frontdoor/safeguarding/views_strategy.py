"""Strategy discussion, section 47, child protection plan and immediate protection pages.

Views are thin: each form is parsed, one service is called, and a service's `DomainError` is
shown at its field with everything typed kept (the services are all or nothing, so a refusal
saves nothing). Every button submits an ordinary form, so all of it works with JavaScript off:
on the strategy discussion page, adding a sibling or taking a child off re-shows the page with
everything typed so far.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from frontdoor.casework.clocks import rag_for_day, today
from frontdoor.core.audit import audit_view
from frontdoor.core.errors import ConflictError, DomainError
from frontdoor.core.forms import GovukForm
from frontdoor.core.once import create_once, made_once
from frontdoor.core.parsing import parse_id
from frontdoor.core.view_helpers import GET_OR_POST, require_permission
from frontdoor.people.access import Scope, open_record
from frontdoor.people.models import Person

from . import selectors_strategy as selectors
from . import services
from .forms_strategy import (
    ActionDoneForm,
    ConferenceForm,
    PlanEndForm,
    PlanStartForm,
    ProtectionForm,
    ReviewForm,
    Section47OutcomeForm,
    StrategyDiscussionForm,
    VisitForm,
    as_typed,
)
from .models import (
    Conference,
    CpPlan,
    MashEnquiry,
    Section47,
    Section47Outcome,
    StrategyAction,
    StrategyDiscussion,
)

# Section 47 and plan pages open to the whole record, or (for performance analysts) to what
# the statutory returns need.
READ_SCOPES = (Scope.CASE, Scope.RETURNS)


def _try(form: GovukForm, call: Callable[[], Any]) -> Any:
    """Call a service; on refusal show why on `form` (at the field the service names) and
    return None."""
    try:
        return call()
    except DomainError as error:  # conflicts and refusals included: shown on the form
        form.add_domain_error(error.field, error.message)
        return None


def _once(request: HttpRequest, form: GovukForm, call: Callable[[], Any], then: Any) -> Any:
    """`_try`, once for each time the form was shown (`core/once.py`): sent twice, it records
    once. The URL to go to next (`then` of what was made), or None on a refusal."""
    return made_once(request, lambda: _try(form, call), then)


# --- Recording a strategy discussion ---------------------------------------------------------


def _enquiry(value: str | None) -> MashEnquiry | None:
    if not value:
        return None
    pk = parse_id(value)
    if pk is None:
        raise Http404
    return get_object_or_404(MashEnquiry.objects.select_related("person"), pk=pk)


@GET_OR_POST
def strategy_new(request: HttpRequest) -> HttpResponse:
    """One page for the whole discussion, about the children in `?person=` (and the child of
    `?enquiry=`); siblings and other related children can be added on the page."""
    require_permission(request, "safeguarding.record_strategy")
    source = request.POST if request.method == "POST" else request.GET
    enquiry = _enquiry(source.get("enquiry"))
    ids = selectors.person_ids(source.getlist("children" if request.method == "POST" else "person"))
    if enquiry is not None and enquiry.person_id not in ids:
        ids.insert(0, enquiry.person_id)
    action = request.POST.get("action", "record") if request.method == "POST" else ""
    if request.method == "POST":
        added = selectors.person_ids([request.POST.get("add", "")])
        removed = selectors.person_ids([request.POST.get("remove", "")])
        if added:
            action, ids = "add", ids + [pk for pk in added if pk not in ids]
        elif removed:
            action, ids = "remove", [pk for pk in ids if pk not in removed]
    children = selectors.children_for(ids)
    if request.method == "GET" and not children:
        raise Http404("Open this page from a child's record")
    if children:  # the discussion is about the family: open to whoever holds one of them
        open_record(request, people=children, scope=Scope.CASE, obj=children[0], audit=False)
    chairs = selectors.chairs()
    options: dict[str, Any] = {
        "children": children,
        "chairs": chairs,
        "owners": selectors.action_owners(),
    }
    children_error = ""
    if action == "record":
        form = StrategyDiscussionForm(request.POST, **options)
        if form.is_valid():

            def record() -> str:
                discussion = services.strategy_discussion_record(
                    actor=request.user,
                    enquiry_id=enquiry.pk if enquiry else None,
                    **form.details(),
                )
                messages.success(request, "Strategy discussion recorded")
                return reverse("safeguarding:strategy", args=[discussion.pk])

            try:
                return redirect(create_once(request, record))
            except DomainError as error:
                if error.field == "children":
                    children_error = error.message
                else:
                    form.add_domain_error(error.field, error.message)
    elif action:  # a child added or taken off: nothing submitted yet, so no errors to show
        typed = as_typed(StrategyDiscussionForm(**options), request.POST)
        form = StrategyDiscussionForm(initial=typed, **options)
    else:
        for child in children:
            audit_view(
                actor=request.user, obj=child, summary="Opened to record a strategy discussion"
            )
        # The user chairs by default, if they may.
        chair = next((user for user in chairs if user.pk == request.user.pk), None)
        form = StrategyDiscussionForm(initial={"chair": chair.pk if chair else None}, **options)
    return render(
        request,
        "safeguarding/strategy_new.html",
        {
            "form": form,
            "enquiry": enquiry,
            "children": children,
            "children_error": children_error,
            "candidates": selectors.children_to_add(children),
            "agencies": form.agency_rows(),
            "child_rows": form.child_rows(),
            "action_rows": form.action_rows(),
        },
    )


# --- The strategy discussion page ------------------------------------------------------------


def _may_mark_done(user: Any, action: StrategyAction) -> bool:
    return user.pk == action.owner_id or user.has_perm("safeguarding.record_strategy")


def _discussion(discussion_id: int) -> StrategyDiscussion:
    try:
        return selectors.discussion_for_page(discussion_id=discussion_id)
    except StrategyDiscussion.DoesNotExist:
        raise Http404 from None


def _strategy_page(
    request: HttpRequest, discussion: StrategyDiscussion, forms: dict[int, ActionDoneForm]
) -> HttpResponse:
    on = today()
    actions = [
        {
            "action": action,
            "rag": None if action.done_at else rag_for_day(action.due_on, on),
            "form": forms.get(action.pk) or ActionDoneForm(prefix=f"done-{action.pk}"),
            "can_mark": not action.done_at and _may_mark_done(request.user, action),
        }
        for action in discussion.actions.all()
    ]
    bound = [form for form in forms.values() if form.is_bound]
    return render(
        request,
        "safeguarding/strategy.html",
        {
            "discussion": discussion,
            "attendance": selectors.attendance_by_agency(discussion),
            "children": discussion.children.all(),
            "actions": actions,
            "form": bound[0] if bound else None,
        },
    )


def strategy_detail(request: HttpRequest, discussion_id: int) -> HttpResponse:
    require_permission(request, "safeguarding.view_safeguarding")
    discussion = _discussion(discussion_id)
    _open_discussion(request, discussion)
    return _strategy_page(request, discussion, {})


def _open_discussion(
    request: HttpRequest, discussion: StrategyDiscussion, audit: bool = True
) -> None:
    people = [child.person_id for child in discussion.children.all()]
    open_record(request, people=people, scope=Scope.CASE, obj=discussion, audit=audit)


@require_POST
def strategy_action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    require_permission(request, "safeguarding.view_safeguarding")
    action = get_object_or_404(StrategyAction, pk=action_id)
    if not _may_mark_done(request.user, action):
        raise PermissionDenied
    _open_discussion(request, action.discussion, audit=False)
    form = ActionDoneForm(request.POST, prefix=f"done-{action.pk}")
    if form.is_valid():
        done = _try(
            form,
            lambda: services.strategy_action_done(
                actor=request.user, action_id=action.pk, note=form.cleaned_data["note"]
            ),
        )
        if done is not None:
            messages.success(request, "Action marked as done")
            return redirect(
                reverse("safeguarding:strategy", args=[action.discussion_id]) + "#actions"
            )
    return _strategy_page(request, _discussion(action.discussion_id), {action.pk: form})


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
        scope=READ_SCOPES if request.method == "GET" else Scope.CASE,
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
                page = _once(
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
                page = _once(
                    request,
                    plan_form,
                    lambda: services.cp_plan_start(
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
        scope=READ_SCOPES if request.method == "GET" else Scope.CASE,
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
                done = _once(
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
                done = _once(
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
                done = _once(
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
    ids = selectors.person_ids(request.GET.getlist("person"))
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
        record = _try(
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
