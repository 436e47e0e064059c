"""The disagreement pages: raising one (the decision found by its contact's reference), one
disagreement with its stages and the outcome form, and the open ones for managers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from frontdoor.contacts.models import Contact, Decision
from frontdoor.core.parsing import parse_id
from frontdoor.core.view_helpers import (
    GET_OR_POST,
    attempt,
    attempt_once,
    posted,
    require_permission,
)
from frontdoor.people.access import Scope, open_record
from frontdoor.quality.calls.forms import contact_id_from

from . import selectors, services
from .forms import FindContactForm, OutcomeForm, RaiseForm
from .models import Disagreement


def _find_decision(request: HttpRequest) -> HttpResponse:
    """Find the decision by its contact's reference: the contact's children's decisions, each
    a link to raising a disagreement with it."""
    form = FindContactForm(request.GET if "contact" in request.GET else None)
    decisions: list[Decision] = []
    contact = None
    if form.is_bound and form.is_valid():
        typed = form.cleaned_data["contact"]
        pk = contact_id_from(typed)
        contact = Contact.objects.filter(pk=pk).first() if pk else None
        if not typed.strip():
            form.add_error("contact", "Enter the contact reference")
        elif contact is None:
            form.add_error("contact", "Enter a contact reference that exists, like C000123")
        else:
            links = list(contact.contact_children.select_related("person"))
            open_record(
                request,
                people=[link.person for link in links],
                scope=Scope.INTAKE,
                obj=contact,
                summary="Opened to raise a disagreement",
            )
            decisions = list(
                Decision.objects.filter(contact_child__contact=contact)
                .select_related("contact_child__person", "decided_by")
                .order_by("contact_child_id")
            )
    return render(
        request,
        "quality/disagreements/find.html",
        {"form": form, "contact": contact, "decisions": decisions},
    )


@GET_OR_POST
def disagreement_raise(request: HttpRequest) -> HttpResponse:
    require_permission(request, "quality.raise_disagreement")
    decision_id = parse_id(request.GET.get("decision"))
    if decision_id is None:
        if request.method == "POST":  # the decision is found by a GET form
            return HttpResponseNotAllowed(["GET"])
        return _find_decision(request)
    decision = get_object_or_404(
        Decision.objects.select_related(
            "contact_child__person", "contact_child__contact", "decided_by"
        ),
        pk=decision_id,
    )
    open_record(
        request,
        people=[decision.contact_child.person],
        scope=Scope.INTAKE,
        obj=decision,
        summary="Opened to raise a disagreement",
        audit=request.method == "GET",
    )
    form = RaiseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        url = attempt_once(
            request,
            form,
            lambda: services.disagreement_raise(
                actor=request.user, decision_id=decision.pk, **form.details()
            ),
            lambda made: reverse("quality:disagreement", args=[made.pk]),
        )
        if url is not None:
            messages.success(request, "Disagreement raised: it is with the first stage now")
            return redirect(url)
    return render(request, "quality/disagreements/raise.html", {"form": form, "decision": decision})


@GET_OR_POST
def disagreement_detail(request: HttpRequest, disagreement_id: int) -> HttpResponse:
    require_permission(request, "quality.view_disagreement")
    disagreement = get_object_or_404(
        Disagreement.objects.select_related(
            "decision__contact_child__contact",
            "decision__decided_by",
            "person",
            "raised_by",
        ),
        pk=disagreement_id,
    )
    open_record(
        request,
        people=[disagreement.person],
        scope=Scope.INTAKE,
        obj=disagreement,
        summary="Opened the disagreement",
        audit=request.method == "GET",
    )
    stages = list(disagreement.stages.select_related("responsible", "recorded_by", "team"))
    current = next((s for s in stages if s.is_open), None) if disagreement.is_open else None
    last = current is not None and current.number >= len(services.stage_rules())
    form = OutcomeForm(posted(request), initial={"version": disagreement.version}, last=last)
    if request.method == "POST":
        if not request.user.has_perm("quality.answer_disagreement"):
            raise PermissionDenied
        if form.is_valid() and attempt(
            form,
            lambda: services.disagreement_outcome(
                actor=request.user, disagreement_id=disagreement.pk, **form.details()
            ),
        ):
            messages.success(request, "Outcome recorded")
            return redirect("quality:disagreement", disagreement_id=disagreement.pk)
    own = request.user.pk in services.authors_of(disagreement.decision)
    return render(
        request,
        "quality/disagreements/disagreement.html",
        {
            "disagreement": disagreement,
            "stages": stages,
            "current": current,
            "overdue": current is not None and selectors.is_overdue(current),
            "last": last,
            "form": form,
            "own_decision": own and current is not None,
            "can_answer": current is not None
            and not own
            and services.may_answer(request.user, current),
        },
    )


def disagreements_open(request: HttpRequest) -> HttpResponse:
    require_permission(request, "quality.view_disagreements")
    stages = selectors.open_for(request.user)
    rows = [(stage, selectors.is_overdue(stage)) for stage in stages]
    return render(request, "quality/disagreements/open.html", {"rows": rows})
