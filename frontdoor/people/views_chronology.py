"""A child's chronology: the page (with a printable version), its CSV, and adding an event."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from frontdoor.core.errors import DomainError
from frontdoor.core.spreadsheets import csv_cell

from . import services
from .access import Scope, open_record
from .chronology import ChronologyEvent, chronology_for, chronology_people, event_kinds
from .forms_chronology import ChronologyFilterForm, SignificantEventForm
from .models import Person

CSV_HEADER = ["date", "type", "title", "detail", "recorded by", "link"]
# A spreadsheet runs a cell starting with one of these as a formula (OWASP: CSV injection).


def _open(request: HttpRequest, person_id: int, summary: str, audit: bool = True) -> Person:
    """The person, if the user may read their whole record (the chronology is all of it)."""
    person = get_object_or_404(Person, pk=person_id)
    open_record(
        request, people=[person], scope=Scope.CASE, obj=person, summary=summary, audit=audit
    )
    return person


def _chronology(request: HttpRequest, person: Person) -> dict[str, Any]:
    """The filters from the URL and, when they are valid, the events they select."""
    form = ChronologyFilterForm(request.GET)
    people = chronology_people(person=person)
    events: list[ChronologyEvent] | None = None
    if form.is_valid():
        events = chronology_for(
            person=person,
            kinds=form.cleaned_data["type"],
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
            person_ids=list(people),
        )
    return {"form": form, "events": events, "people": people}


def _filter_summary(form: ChronologyFilterForm) -> str:
    """The filters in words, for the printed page: 'Contact, Referral; from 1 March 2026'."""
    if not form.is_valid():
        return ""
    labels = dict(event_kinds())
    data = form.cleaned_data
    summary = ", ".join(labels[kind] for kind in data["type"]) or "Every type of event"
    dates = [
        f"{word} {day.day} {day:%B %Y}"
        for word, day in (("from", data["date_from"]), ("to", data["date_to"]))
        if day
    ]
    return f"{summary}; {' '.join(dates)}" if dates else summary


def _filters_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("print", None)
    return query.urlencode()


def chronology(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _open(request, person_id, "Chronology")
    context = _chronology(request, person)
    rows = [
        {
            "event": event,
            "merged_from": context["people"].get(event.person_id)
            if event.person_id != person.pk
            else None,
        }
        for event in context["events"] or []
    ]
    query = _filters_query(request)
    return render(
        request,
        "people/chronology.html",
        {
            **context,
            "person": person,
            "rows": rows,
            "query": query,
            "filtered": bool(query),
            "filter_summary": _filter_summary(context["form"]),
            "may_add": request.user.has_perm("people.add_significantevent"),
        },
    )


def _csv_date(event: ChronologyEvent) -> str:
    if event.all_day:
        return event.occurred_on.isoformat()
    return f"{timezone.localtime(event.occurred_at):%Y-%m-%d %H:%M}"


def chronology_csv(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _open(request, person_id, "Chronology CSV", audit=False)
    context = _chronology(request, person)
    if context["events"] is None:  # bad filters: show the page, with its error messages
        url = reverse("people:chronology", args=[person.pk])
        return redirect(f"{url}?{request.GET.urlencode()}")
    open_record(request, people=[person], scope=Scope.CASE, obj=person, summary="Chronology CSV")
    name = f"chronology-{person.la_child_id or person.pk}-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for event in context["events"]:
        row = [
            _csv_date(event),
            event.kind_label,
            event.title,
            event.detail,
            event.by_line,
            request.build_absolute_uri(event.url) if event.url else "",
        ]
        writer.writerow([csv_cell(value) for value in row])
    return response


def significant_event_add(request: HttpRequest, person_id: int) -> HttpResponse:
    if not request.user.has_perm("people.add_significantevent"):
        raise PermissionDenied
    person = _open(request, person_id, "Opened to add a significant event", audit=False)
    form = SignificantEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.significant_event_add(
                actor=request.user, person_id=person.pk, **form.cleaned_data
            )
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
        else:
            messages.success(request, f"Significant event added: {form.cleaned_data['title']}")
            return redirect("people:chronology", person_id=person.pk)
    return render(request, "people/significant_event_form.html", {"form": form, "person": person})
