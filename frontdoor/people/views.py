from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from frontdoor.core.audit import audit_search
from frontdoor.core.errors import DomainError
from frontdoor.core.once import create_once

from . import services
from .access import shield_restricted
from .forms import PersonForm, PersonSearchForm
from .involvement import Involvement, last_involved, open_involvements
from .selectors import PersonMatch, people_matching


@dataclass(frozen=True)
class SearchResult:
    """A match as the results page shows it: enough to tell namesakes apart."""

    match: PersonMatch
    age: int | None
    open_work: list[Involvement]
    last_involved: datetime | None
    restricted: bool = False


def search_results(matches: list[Any]) -> list[Any]:
    """Each match the user may see with its age, open work and when the service was last
    involved; restricted rows as they are."""
    shown = [match for match in matches if not getattr(match, "restricted", False)]
    ids = [match.person.pk for match in shown]
    open_work = open_involvements(ids)
    latest = last_involved(ids, open_work)
    today = timezone.localdate()
    results = {
        match.person.pk: SearchResult(
            match=match,
            age=match.person.age_on(today),
            open_work=open_work.get(match.person.pk, []),
            last_involved=latest.get(match.person.pk),
        )
        for match in shown
    }
    return [
        match if getattr(match, "restricted", False) else results[match.person.pk]
        for match in matches
    ]


def person_search(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("people.view_person"):
        raise PermissionDenied
    form = PersonSearchForm(request.GET or None)
    matches: list[Any] = []
    if form.is_bound and form.is_valid():
        criteria = form.criteria()
        matches = people_matching(**criteria)
        audit_search(actor=request.user, kind="people", terms=criteria, found=len(matches))
        matches = search_results(shield_restricted(request.user, matches))
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
