"""Recording a strategy discussion, its page, and completing its actions.

Views are thin: each form is parsed, one service is called, and a service's `DomainError` is
shown at its field with everything typed kept (the services are all or nothing, so a refusal
saves nothing). Every button submits an ordinary form, so all of it works with JavaScript off:
adding a sibling or taking a child off re-shows the page with everything typed so far."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from frontdoor.casework.clocks import rag_for_day, today
from frontdoor.core.audit import audit_view
from frontdoor.core.errors import DomainError
from frontdoor.core.once import create_once
from frontdoor.core.parsing import parse_id
from frontdoor.core.view_helpers import GET_OR_POST, attempt, require_permission
from frontdoor.people.access import Scope, open_record
from frontdoor.safeguarding.models import (
    MashEnquiry,
    StrategyAction,
    StrategyDiscussion,
)
from frontdoor.safeguarding.strategy import selectors, services
from frontdoor.safeguarding.strategy.forms import ActionDoneForm, StrategyDiscussionForm, as_typed

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
        done = attempt(
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
