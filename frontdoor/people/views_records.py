"""A person's record: details, names, addresses, family and household, and their upkeep."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from frontdoor.core.audit import audit_search
from frontdoor.core.errors import ConflictError, DomainError
from frontdoor.core.once import create_once
from frontdoor.core.record_checks import record_checks

from . import services
from .access import Opened, Scope, open_record, shield_restricted
from .chronology import chronology_for
from .family import household_of, relatives_of
from .forms_records import MoveForm, PersonDetailsForm, PersonNameForm, RelationshipForm
from .involvement import open_involvements
from .models import Person
from .selectors import people_matching

# Changing who a person is needs more than finding them: work with them (a relationship,
# INTAKE or CASE), or the analyst's duty to put right what the returns need (RETURNS).
CHANGE_SCOPES = (Scope.CASE, Scope.INTAKE, Scope.RETURNS)


def _person_for(request: HttpRequest, person_id: int, permission: str) -> Person:
    if not request.user.has_perm(permission):
        raise PermissionDenied
    person = get_object_or_404(Person, pk=person_id)
    open_record(
        request,
        people=[person],
        scope=CHANGE_SCOPES,
        obj=person,
        summary="Opened to change",
        audit=request.method == "GET",
    )
    return person


def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_id)
    opened: Opened = open_record(request, people=[person], scope=Scope.IDENTITY, obj=person)
    access = opened.accesses[person.pk]
    return render(
        request,
        "people/record.html",
        {
            "person": person,
            "access": access,
            "names": person.names.exclude(kind="current"),
            "addresses": person.addresses.all(),
            "relatives": shield_restricted(request.user, relatives_of(person)),
            "household": shield_restricted(request.user, household_of(person)),
            "involvements": open_involvements([person.pk]).get(person.pk, []),
            "recent_events": chronology_for(person=person)[:10] if access.case else [],
            "merged_into": person.merged_into,
            "record_checks": record_checks(person.pk),
            "may_change": request.user.has_perm("people.change_person")
            and any(access.allows(scope) for scope in CHANGE_SCOPES),
        },
    )


def _form_page(
    request: HttpRequest, person: Person, form: Any, title: str, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "people/record_form.html",
        {"person": person, "form": form, "title": title} | extra,
        status=status,
    )


def _details_initial(person: Person) -> dict[str, Any]:
    initial = {field: getattr(person, field) for field in services.PERSON_FIELDS}
    initial["interpreter_needed"] = "yes" if person.interpreter_needed else "no"
    initial["version"] = person.version
    return initial


def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_for(request, person_id, "people.change_person")
    form = PersonDetailsForm(request.POST or None, initial=_details_initial(person))
    if request.method == "POST" and form.is_valid():
        details = dict(form.cleaned_data)
        version = details.pop("version")
        try:
            services.person_update(
                actor=request.user, person_id=person.pk, version=version, **details
            )
        except ConflictError as error:
            return _details_conflict(request, person, error)
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
        else:
            return redirect("people:detail", person_id=person.pk)
    return _form_page(request, person, form, "Change details")


def _details_conflict(request: HttpRequest, person: Person, error: ConflictError) -> HttpResponse:
    """Somebody saved the details since this form was filled in: keep what was typed, show
    what is saved now beside it, and let the user save again over the latest version."""
    latest = Person.objects.get(pk=person.pk)
    data = request.POST.copy()
    data["version"] = str(latest.version)
    form = PersonDetailsForm(data, initial=_details_initial(latest))
    form.is_valid()
    form.add_error(None, error.message)
    saved = _details_initial(latest)
    typed = form.cleaned_data
    differences = [
        (
            form[name].label,
            _shown(form, name, saved.get(name)),
            _shown(form, name, typed.get(name, form[name].value())),
        )
        for name in form.changed_data
        if name != "version"
    ]
    return _form_page(request, latest, form, "Change details", conflict=differences, status=409)


def _shown(form: PersonDetailsForm, name: str, value: Any) -> str:
    """A detail as a person reads it: a date in words, the label of a choice, not its code."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    choices = {str(k): label for k, label in getattr(form.fields[name], "choices", [])}
    values = value if isinstance(value, list | tuple) else [value]
    shown = [str(choices.get(str(v), v)) for v in values if v not in (None, "")]
    return ", ".join(shown) or "Not given"


def _once(request: HttpRequest, person: Person, call: Callable[[], Any]) -> HttpResponse:
    """Add to the person's record once for each time the form was shown (`core/once.py`: a
    form sent twice adds once), then back to their record."""

    def add() -> str:
        call()
        return reverse("people:detail", args=[person.pk])

    return redirect(create_once(request, add))


def person_name_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_for(request, person_id, "people.change_person")
    form = PersonNameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            return _once(
                request,
                person,
                lambda: services.person_name_add(actor=request.user, person_id=person.pk, **data),
            )
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
    return _form_page(request, person, form, "Add another name")


def person_move(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_for(request, person_id, "people.change_person")
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            return _once(
                request,
                person,
                lambda: services.person_move(actor=request.user, person_id=person.pk, **data),
            )
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
    return _form_page(request, person, form, "Record a new address")


def relationship_add(request: HttpRequest, person_id: int) -> HttpResponse:
    """Search for the other person (GET), then say what they are to this person (POST)."""
    person = _person_for(request, person_id, "people.change_person")
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()[:100]
    candidates = []
    if query:
        matches = people_matching(name=query)
        audit_search(
            actor=request.user, kind="relationship", terms={"name": query}, found=len(matches)
        )
        candidates = [
            m.person
            for m in shield_restricted(request.user, matches)
            if m.person is not None and m.person.pk != person.pk
        ]
    form = RelationshipForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            return _once(
                request,
                person,
                lambda: services.relationship_add(
                    actor=request.user,
                    person_id=data["other"],
                    relative_id=person.pk,
                    kind=data["kind"],
                    parental_responsibility=data["parental_responsibility"],
                    description=data["description"],
                    started=data["started"],
                ),
            )
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
    return render(
        request,
        "people/relationship_add.html",
        {"person": person, "form": form, "query": query, "searched": bool(query)},
    )
