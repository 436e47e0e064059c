from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from frontdoor.core.errors import DomainError

from . import services
from .forms import PersonForm, PersonSearchForm
from .selectors import people_matching


def person_search(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("people.view_person"):
        raise PermissionDenied
    form = PersonSearchForm(request.GET or None)
    matches = []
    if form.is_bound and form.is_valid():
        matches = people_matching(**form.criteria())
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
        try:
            person = services.person_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
        else:
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/create.html", {"form": form})
