"""A child's chronology: every recorded event about them, newest first, from every app.

How it is put together: a registry of providers
-----------------------------------------------
Each app that records events about a child registers a *provider* here: a function
`(person_ids, date_from, date_to) -> Iterable[ChronologyEvent]` that reads its own tables
(one or two queries, filtered by person and date in the database) and describes each event
in the common shape below. `chronology_for` asks every provider, merges their events and
sorts them. An app registers its providers from its own `AppConfig.ready()`, so a new kind
of event (assessments, strategy discussions, missing episodes...) plugs in with no change
to this module, and the people app never imports the apps above it (core <- accounts <-
people <- contacts <- casework/safeguarding).

Why a registry rather than a common event table
-----------------------------------------------
- One source of truth. A common table would copy each event when it is recorded; every
  later correction, authorisation, merge or undo would have to update the copy too, and
  the chronology (a record courts and inspectors read) would drift from the record it
  summarises the first time one code path forgot. A provider reads the record itself, so
  the chronology is right by construction, for past data too, with no backfill.
- Ownership stays where it is. Each app decides what counts as an event and how it reads
  (a decision with a referral outcome is a referral; an unsettled one is not yet), next
  to the models it knows, and is tested there.
- The cost is a few queries per page (one or two per provider, never one per event) for a
  handful of person ids, on indexed foreign keys: cheap at our scale. Were a chronology
  across many children needed (a report), a table could be built from the providers then.

Dates: every event carries an aware datetime, `occurred_at`, in Europe/London. Events
known only by their date (a significant event, a move) are placed at the start of that
day with `all_day=True`, and are shown without a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from django.db.models import Q
from django.utils import timezone

from .models import Person


@dataclass(frozen=True)
class ChronologyEvent:
    """One line of a chronology, described the same way whichever app recorded it."""

    person_id: int  # the record the event belongs to (a merged record's id for its events)
    occurred_at: datetime  # aware; local midnight with all_day=True for dated-only events
    kind: str  # a stable key, such as "contact" or "significant_event"
    title: str  # what happened, in a line
    detail: str = ""
    source: str = ""  # where the information came from (a referrer, an agency)
    recorded_by: str = ""  # the worker who recorded it
    url: str = ""  # the record's own page, if it has one
    kind_label: str = ""  # filled from the registry when left blank
    all_day: bool = False
    ref: str = ""  # the record, like "contacts.contact:12": one line per record and person

    def __post_init__(self) -> None:
        if not isinstance(self.occurred_at, datetime) or timezone.is_naive(self.occurred_at):
            raise TypeError(
                "occurred_at must be an aware datetime: use ChronologyEvent.on_day() for dates"
            )

    @classmethod
    def on_day(cls, day: date, **fields: object) -> ChronologyEvent:
        """An event known only by its date."""
        return cls(occurred_at=start_of_day(day), all_day=True, **fields)  # type: ignore[arg-type]

    @property
    def occurred_on(self) -> date:
        return timezone.localtime(self.occurred_at).date()

    @property
    def by_line(self) -> str:
        """Who recorded it and where it came from, in a few words."""
        if self.recorded_by and self.source:
            return f"{self.recorded_by} (source: {self.source})"
        if self.source:
            return f"Source: {self.source}"
        return self.recorded_by


Provider = Callable[[Sequence[int], date | None, date | None], Iterable[ChronologyEvent]]
P = TypeVar("P", bound=Provider)


@dataclass(frozen=True)
class RegisteredProvider:
    key: str  # module.qualname: registering the same function twice replaces it
    fetch: Provider
    kinds: Mapping[str, str] = field(default_factory=dict)  # kind -> label, in order

    @property
    def module(self) -> str:
        return self.fetch.__module__


_providers: dict[str, RegisteredProvider] = {}


def _key(provider: Provider) -> str:
    return f"{provider.__module__}.{getattr(provider, '__qualname__', repr(provider))}"


def register_provider(provider: P, *, kinds: Mapping[str, str]) -> P:
    """Add a provider of the given kinds of event ({kind: label}). Returns it unchanged."""
    if not kinds:
        raise ValueError("A chronology provider must name the kinds of event it gives")
    labels = dict(event_kinds())
    for kind, label in kinds.items():
        if labels.get(kind, label) != label:
            raise ValueError(f"Chronology kind {kind!r} is already labelled {labels[kind]!r}")
    key = _key(provider)
    _providers[key] = RegisteredProvider(key=key, fetch=provider, kinds=dict(kinds))
    return provider


def register(**kinds: str) -> Callable[[P], P]:
    """Decorator: `@register(contact="Contact")` registers the function as a provider."""

    def decorate(provider: P) -> P:
        return register_provider(provider, kinds=kinds)

    return decorate


def unregister_provider(provider: Provider) -> None:
    _providers.pop(_key(provider), None)


def registered_providers() -> tuple[RegisteredProvider, ...]:
    return tuple(_providers.values())


def event_kinds() -> list[tuple[str, str]]:
    """(kind, label) of every registered kind, in the order the providers were registered."""
    kinds: dict[str, str] = {}
    for provider in _providers.values():
        for kind, label in provider.kinds.items():
            kinds.setdefault(kind, label)
    return list(kinds.items())


# --- helpers for providers ---------------------------------------------------------------


def start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def datetime_filter(field_name: str, date_from: date | None, date_to: date | None) -> Q:
    """A Q keeping rows whose `field_name` (a datetime) falls on the days from..to, inclusive,
    in local time."""
    q = Q()
    if date_from:
        q &= Q(**{f"{field_name}__gte": start_of_day(date_from)})
    if date_to:
        q &= Q(**{f"{field_name}__lt": start_of_day(date_to + timedelta(days=1))})
    return q


def date_filter(field_name: str, date_from: date | None, date_to: date | None) -> Q:
    """A Q keeping rows whose `field_name` (a date) is set and lies from..to, inclusive."""
    q = Q(**{f"{field_name}__isnull": False})
    if date_from:
        q &= Q(**{f"{field_name}__gte": date_from})
    if date_to:
        q &= Q(**{f"{field_name}__lte": date_to})
    return q


def user_name(user: object) -> str:
    if user is None:
        return ""
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or getattr(user, "username", ""))


# --- reading ------------------------------------------------------------------------------


def chronology_people(*, person: Person) -> dict[int, Person]:
    """The person and every record merged into them (and into those), by id."""
    people = {person.pk: person}
    frontier = [person.pk]
    while frontier:
        merged = list(Person.objects.filter(merged_into__in=frontier).exclude(pk__in=people))
        people.update((p.pk, p) for p in merged)
        frontier = [p.pk for p in merged]
    return people


def chronology_for(
    *,
    person: Person,
    kinds: Iterable[str] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    person_ids: Sequence[int] | None = None,
) -> list[ChronologyEvent]:
    """Every event about the person and the records merged into them, newest first.

    `kinds` limits the kinds of event (None or empty: all); `date_from` and `date_to` are
    inclusive days. `person_ids` may pass `chronology_people(person=person)` already read.
    """
    ids = list(person_ids) if person_ids is not None else list(chronology_people(person=person))
    wanted = set(kinds or ())
    labels = dict(event_kinds())
    events: list[ChronologyEvent] = []
    seen: set[str] = set()
    for provider in registered_providers():
        if wanted and not wanted & set(provider.kinds):
            continue
        for event in provider.fetch(ids, date_from, date_to):
            if event.kind not in provider.kinds:
                raise ValueError(f"{provider.key} gave an undeclared kind {event.kind!r}")
            if wanted and event.kind not in wanted:
                continue
            day = event.occurred_on
            if (date_from and day < date_from) or (date_to and day > date_to):
                continue
            # One line per record: a contact about both the kept and a merged record.
            if event.ref:
                if event.ref in seen:
                    continue
                seen.add(event.ref)
            if not event.kind_label:
                event = replace(event, kind_label=labels[event.kind])
            events.append(event)
    events.sort(key=lambda e: (e.occurred_at, not e.all_day, e.ref), reverse=True)
    return events
