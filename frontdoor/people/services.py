from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from frontdoor.core.audit import audit_write, snapshot
from frontdoor.core.errors import DomainError
from frontdoor.core.validators import normalise_nhs_number

from .models import Person

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
    "address",
    "postcode",
)


def la_child_id_for(person_id: int) -> str:
    return f"FD{person_id:07d}"


def normalise_postcode(value: str) -> str:
    compact = value.replace(" ", "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


@transaction.atomic
def person_create(
    *,
    actor: Any,
    first_name: str,
    last_name: str,
    kind: str = Person.Kind.CHILD,
    middle_names: str = "",
    date_of_birth: date | None = None,
    expected_date_of_birth: date | None = None,
    sex: str = "U",
    ethnicity: str = "NOBT",
    nhs_number: str = "",
    address: str = "",
    postcode: str = "",
) -> Person:
    person = Person(
        kind=kind,
        first_name=first_name.strip(),
        middle_names=middle_names.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        expected_date_of_birth=expected_date_of_birth,
        sex=sex,
        ethnicity=ethnicity,
        nhs_number=normalise_nhs_number(nhs_number),
        address=address.strip(),
        postcode=normalise_postcode(postcode),
    )
    if date_of_birth and expected_date_of_birth:
        raise DomainError(
            "Enter either a date of birth or an expected date of birth, not both",
            field="expected_date_of_birth",
        )
    if person.nhs_number and Person.objects.filter(nhs_number=person.nhs_number).exists():
        raise DomainError(
            "A person with this NHS number is already recorded: search for them instead",
            field="nhs_number",
        )
    try:
        person.full_clean(exclude=["la_child_id"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=field) from error
    person.save()
    if person.kind == Person.Kind.CHILD:
        person.la_child_id = la_child_id_for(person.pk)
        person.save(update_fields=["la_child_id"])
    audit_write(
        actor=actor,
        action="person.create",
        obj=person,
        changes={k: [None, v] for k, v in snapshot(person, PERSON_FIELDS).items() if v},
        summary=f"Created {person.full_name}",
    )
    return person
