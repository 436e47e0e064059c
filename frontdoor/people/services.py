from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from frontdoor.core.audit import audit_write, changes_between, snapshot
from frontdoor.core.errors import DomainError
from frontdoor.core.services import bump, check_version
from frontdoor.core.validators import normalise_nhs_number

from .models import Address, Person, PersonName, Relationship, SignificantEvent
from .search_keys import person_index

PERSON_FIELDS = (
    "kind",
    "first_name",
    "middle_names",
    "last_name",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "ethnicity",
    "nhs_number",
    "upn",
    "former_upn",
    "upn_unknown",
    "address",
    "postcode",
    "disabilities",
    "first_language",
    "religion",
    "interpreter_needed",
    "date_of_death",
)


def la_child_id_for(person_id: int) -> str:
    return f"FD{person_id:07d}"


def normalise_postcode(value: str) -> str:
    compact = value.replace(" ", "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def _clean(person: Person) -> None:
    """Model validation as a DomainError at the first field that fails."""
    if person.date_of_birth and person.expected_date_of_birth:
        raise DomainError(
            "Enter either a date of birth or an expected date of birth, not both",
            field="expected_date_of_birth",
        )
    duplicate_nhs = Person.objects.filter(nhs_number=person.nhs_number).exclude(pk=person.pk)
    if person.nhs_number and duplicate_nhs.exists():
        raise DomainError(
            "A person with this NHS number is already recorded: search for them instead",
            field="nhs_number",
        )
    try:
        person.full_clean(exclude=["la_child_id", "merged_into"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=field) from error


def _tidy(fields: dict[str, Any]) -> dict[str, Any]:
    tidy = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    if "nhs_number" in tidy:
        tidy["nhs_number"] = normalise_nhs_number(tidy["nhs_number"])
    if "postcode" in tidy:
        tidy["postcode"] = normalise_postcode(tidy["postcode"])
    if "upn" in tidy:
        tidy["upn"] = tidy["upn"].upper()
    return tidy


@transaction.atomic
def person_create(*, actor: Any, first_name: str, last_name: str, **fields: Any) -> Person:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"Not person fields: {sorted(unknown)}")
    person = Person(**_tidy({"first_name": first_name, "last_name": last_name, **fields}))
    person.created_by = actor if getattr(actor, "pk", None) else None
    _clean(person)
    person.save()
    if person.kind == Person.Kind.CHILD:
        person.la_child_id = la_child_id_for(person.pk)
        person.save(update_fields=["la_child_id"])
    PersonName.objects.create(
        person=person,
        kind=PersonName.Kind.CURRENT,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    if person.address:
        Address.objects.create(person=person, address=person.address, postcode=person.postcode)
    person_index(person)
    audit_write(
        actor=actor,
        action="person.create",
        obj=person,
        changes={k: [None, v] for k, v in snapshot(person, PERSON_FIELDS).items() if v},
        summary=f"Created {person.full_name}",
    )
    return person


@transaction.atomic
def person_update(
    *, actor: Any, person_id: int, version: int | None = None, **fields: Any
) -> Person:
    """Change a person's details, made to `version` of them (refused if somebody has changed
    them since). A new name keeps the old one as a previous name; a new address keeps the old
    one in the address history."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"Not person fields: {sorted(unknown)}")
    person = Person.objects.select_for_update().get(pk=person_id)
    check_version(person, version)
    before = snapshot(person, PERSON_FIELDS)
    for name, value in _tidy(fields).items():
        setattr(person, name, value)
    _clean(person)
    changes = changes_between(before, snapshot(person, PERSON_FIELDS))
    if not changes:
        return person
    bump(person)
    if "first_name" in changes or "last_name" in changes:
        _rename(person, before["first_name"], before["last_name"])
    if "address" in changes or "postcode" in changes:
        _move(person, person.address, person.postcode, timezone.localdate())
    person_index(person)
    audit_write(actor=actor, action="person.update", obj=person, changes=changes)
    return person


def _rename(person: Person, old_first: str, old_last: str) -> None:
    person.names.filter(kind=PersonName.Kind.CURRENT).update(kind=PersonName.Kind.PREVIOUS)
    PersonName.objects.create(
        person=person,
        kind=PersonName.Kind.CURRENT,
        first_name=person.first_name,
        last_name=person.last_name,
    )


def _move(person: Person, address: str, postcode: str, moved_in: date | None) -> None:
    person.addresses.filter(moved_out__isnull=True).update(moved_out=moved_in)
    if address:
        Address.objects.create(person=person, address=address, postcode=postcode, moved_in=moved_in)


@transaction.atomic
def person_name_add(
    *, actor: Any, person_id: int, kind: str, first_name: str, last_name: str
) -> PersonName:
    """Record an alias or a previous name, so searches by it find the person."""
    if kind == PersonName.Kind.CURRENT:
        raise DomainError("Change the person's name to change their current name", field="kind")
    if not first_name.strip() and not last_name.strip():
        raise DomainError("Enter a first name or a last name", field="first_name")
    person = Person.objects.select_for_update().get(pk=person_id)
    name = PersonName.objects.create(
        person=person, kind=kind, first_name=first_name.strip(), last_name=last_name.strip()
    )
    person_index(person)
    audit_write(
        actor=actor,
        action="person.name_add",
        obj=person,
        changes={"names": [None, str(name)]},
    )
    return name


@transaction.atomic
def person_move(
    *, actor: Any, person_id: int, address: str, postcode: str, moved_in: date | None
) -> Person:
    """Record a new current address; the old one stays in the history, ended on `moved_in`."""
    if not address.strip():
        raise DomainError("Enter the new address", field="address")
    if moved_in and moved_in > timezone.localdate():
        raise DomainError("Date moved in must be today or in the past", field="moved_in")
    person = Person.objects.select_for_update().get(pk=person_id)
    before = {"address": person.address, "postcode": person.postcode}
    person.address, person.postcode = address.strip(), normalise_postcode(postcode)
    person.version += 1
    person.save(update_fields=["address", "postcode", "updated_at", "version"])
    _move(person, person.address, person.postcode, moved_in)
    audit_write(
        actor=actor,
        action="person.move",
        obj=person,
        changes=changes_between(before, {"address": person.address, "postcode": person.postcode}),
    )
    return person


@transaction.atomic
def relationship_add(
    *,
    actor: Any,
    person_id: int,
    relative_id: int,
    kind: str,
    parental_responsibility: bool = False,
    description: str = "",
    started: date | None = None,
) -> Relationship:
    """Record that the person is the `kind` of the relative (e.g. parent of the child)."""
    if person_id == relative_id:
        raise DomainError("A person cannot be related to themselves", field="relative")
    if parental_responsibility and kind != Relationship.Kind.PARENT:
        raise DomainError(
            "Only a parent can be recorded with parental responsibility",
            field="parental_responsibility",
        )
    person = Person.objects.get(pk=person_id)
    relative = Person.objects.get(pk=relative_id)
    if _already_related(person, relative, kind):
        raise DomainError("This relationship is already recorded", field="kind")
    relationship = Relationship.objects.create(
        person=person,
        relative=relative,
        kind=kind,
        parental_responsibility=parental_responsibility,
        description=description.strip(),
        started=started,
    )
    audit_write(
        actor=actor,
        action="relationship.add",
        obj=relationship,
        summary=str(relationship),
        changes={"relationship": [None, str(relationship)]},
    )
    return relationship


@transaction.atomic
def _already_related(person: Person, relative: Person, kind: str) -> bool:
    """Whether the relationship is recorded, either way round for one that reads the same both
    ways (a sibling of a sibling)."""
    same = Q(person=person, relative=relative)
    if kind not in (Relationship.Kind.PARENT, Relationship.Kind.ALLEGED_PERPETRATOR):
        same |= Q(person=relative, relative=person)
    return Relationship.objects.filter(same, kind=kind).exists()


def relationship_end(*, actor: Any, relationship_id: int, ended: date) -> Relationship:
    relationship = Relationship.objects.select_for_update().get(pk=relationship_id)
    if ended > timezone.localdate():
        raise DomainError("Date ended must be today or in the past", field="ended")
    relationship.ended = ended
    relationship.save(update_fields=["ended"])
    audit_write(
        actor=actor,
        action="relationship.end",
        obj=relationship,
        changes={"ended": [None, ended.isoformat()]},
    )
    return relationship


# --- chronology: significant events added by hand ----------------------------------------


@transaction.atomic
def significant_event_add(
    *,
    actor: Any,
    person_id: int,
    occurred_on: date,
    title: str,
    detail: str = "",
    source: str = "",
) -> SignificantEvent:
    """Add an event a worker knows of to the child's chronology."""
    title, detail, source = title.strip(), detail.strip(), source.strip()
    if occurred_on > timezone.localdate():
        raise DomainError("Date of the event must be today or in the past", field="occurred_on")
    if not title:
        raise DomainError("Enter what happened", field="title")
    if len(title) > 200:
        raise DomainError("What happened must be 200 characters or fewer", field="title")
    if len(source) > 200:
        raise DomainError("Source must be 200 characters or fewer", field="source")
    person = Person.objects.get(pk=person_id)
    if person.merged_into_id:
        raise DomainError("This record was merged: add the event to the record it was merged into")
    event = SignificantEvent.objects.create(
        person=person,
        occurred_on=occurred_on,
        title=title,
        detail=detail,
        source=source,
        recorded_by=actor,
    )
    audit_write(
        actor=actor,
        action="significant_event.add",
        obj=event,
        summary=f"Significant event for {person.full_name}: {title}",
        changes={
            k: [None, v]
            for k, v in snapshot(
                event, ["person_id", "occurred_on", "title", "detail", "source"]
            ).items()
            if v
        },
    )
    return event
