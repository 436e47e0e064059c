from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from frontdoor.core.audit import audit_search
from frontdoor.core.errors import DomainError
from frontdoor.core.once import create_once

from . import services
from .access import shield_restricted
from .forms import PersonForm, PersonSearchForm
from .selectors import people_matching


def person_search(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("people.view_person"):
        raise PermissionDenied
    form = PersonSearchForm(request.GET or None)
    matches: list[Any] = []
    if form.is_bound and form.is_valid():
        criteria = form.criteria()
        matches = people_matching(**criteria)
        audit_search(actor=request.user, kind="people", terms=criteria, found=len(matches))
        matches = shield_restricted(request.user, matches)
    return render(
        request,
        "people/search.html",
        {"form": form, "matches": matches, "searched": form.is_bound and form.is_valid()},
    )


def person_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("people.add_person"):
        raise PermissionDenied
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def create() -> str:
            person = services.person_create(actor=request.user, **form.cleaned_data)
            return reverse("people:detail", args=[person.pk])

        try:
            return redirect(create_once(request, create))
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
    return render(request, "people/create.html", {"form": form})
