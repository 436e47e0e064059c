from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from frontdoor.contacts import selectors as contact_selectors

from .forms import GovukDateField, GovukForm
from .selectors import audit_events


def home(request: HttpRequest) -> HttpResponse:
    """The work tray: what is waiting for this person, most urgent first."""
    user = request.user
    context: dict[str, object] = {}
    if user.has_perm("contacts.decide_contact"):
        awaiting = list(contact_selectors.contacts_awaiting_decision(user=user))
        context["awaiting"] = [(c, contact_selectors.rag_for(c.decision_due_at)) for c in awaiting]
        context["returned"] = contact_selectors.decisions_returned_to(user=user)
        context["decided_today"] = contact_selectors.decisions_decided_today(user=user)
    if user.has_perm("contacts.record_contact"):
        context["drafts"] = contact_selectors.contacts_in_draft(user=user)
    if user.has_perm("contacts.authorise_decision"):
        context["to_authorise"] = contact_selectors.decisions_awaiting_authorisation(user=user)
    return render(request, "core/home.html", context)


class AuditSearchForm(GovukForm):
    actor = forms.CharField(label="Username", required=False)
    action = forms.CharField(
        label="Action", required=False, help_text="For example, contact.record or view"
    )
    object_type = forms.CharField(
        label="Record type", required=False, help_text="For example, people.person"
    )
    object_id = forms.CharField(label="Record ID", required=False)
    date_from = GovukDateField(label="From", required=False)
    date_to = GovukDateField(label="To", required=False)


def audit_log(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("accounts.view_audit_log"):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    events = audit_events(**form.cleaned_data) if form.is_bound and form.is_valid() else None
    if events is None:
        events = audit_events()
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "core/audit_log.html", {"form": form, "page": page, "query": query.urlencode()}
    )
