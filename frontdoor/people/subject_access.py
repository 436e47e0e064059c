"""A subject access export: everything Frontdoor holds about a person, by section.

The people app writes the person's own details; apps above it register a provider (from
their `AppConfig.ready`) that gives the sections of their records about the person, each
record as {field's name: value in words}. `rows_of` turns any queryset into those rows, so
a provider is a list of querysets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .models import Address, Person, PersonName, Relationship, SignificantEvent


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[dict[str, str]]


Provider = Callable[[Person], Iterable[Section]]
_providers: list[Provider] = []


def register_subject_access(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


SKIPPED = {"id", "version", "password"}


def _words(obj: models.Model, field: models.Field) -> str:  # type: ignore[type-arg]
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    value = getattr(obj, field.name)
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %B %Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def rows_of(records: Iterable[models.Model], skip: Iterable[str] = ()) -> list[dict[str, str]]:
    """Each record as {field's verbose name: value in words}, blanks left out."""
    left_out = SKIPPED | set(skip)
    rows = []
    for obj in records:
        row = {}
        for field in obj._meta.concrete_fields:
            if field.name in left_out:
                continue
            words = _words(obj, field)
            if words:
                row[str(field.verbose_name).capitalize()] = words
        rows.append(row)
    return rows


def _own_sections(person: Person) -> list[Section]:
    return [
        Section("Details", rows_of([person], skip=["merged_into"])),
        Section("Names", rows_of(PersonName.objects.filter(person=person), skip=["person"])),
        Section("Addresses", rows_of(Address.objects.filter(person=person), skip=["person"])),
        Section(
            "Relationships",
            rows_of(
                Relationship.objects.filter(Q(person=person) | Q(relative=person)).select_related(
                    "person", "relative"
                )
            ),
        ),
        Section(
            "Significant events",
            rows_of(SignificantEvent.objects.filter(person=person), skip=["person"]),
        ),
    ]


def subject_access_sections(person: Person) -> list[Section]:
    sections = _own_sections(person)
    for provider in _providers:
        sections.extend(provider(person))
    return [section for section in sections if section.rows] or sections[:1]


def records_of(person: Person, *querysets: tuple[str, Any]) -> list[Section]:
    """Sections from (title, queryset) pairs, for providers."""
    return [Section(title, rows_of(queryset)) for title, queryset in querysets]
