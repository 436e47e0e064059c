"""Merging two records of one person, and undoing a merge.

A merge moves every row that points at the merged record over to the kept record, whatever
app it belongs to: the rows are found through the reverse relations of `Person` (hidden
ones included), so a model added later is moved without a change here. Nothing is deleted:
the merged record stays, with `merged_into` set, and `Merge.moved` lists every row moved as
[model label, pk, field name], so the merge can be undone exactly. An entry may carry a
fourth element, the values changed on that row besides the field (a current name moved as
an alias keeps {"kind": "current"} there).

Not moved:
- the merged record's search keys (both records are re-indexed instead), its `merged_into`
  links, duplicate candidates (the pair's is marked merged) and merges;
- a row whose move would break a constraint of its model (the same child twice on one
  contact; a relationship the kept record already has) or would link the kept record to
  itself (a relationship between the two): it stays on the merged record, and the audit
  event lists it.

Rows are moved with `QuerySet.update`, which django-auditlog does not see: the audit events
written here ("person.merge", "person.merge_undo", one on each record) list every row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from frontdoor.core.audit import audit_write
from frontdoor.core.errors import DomainError

from .models import DuplicateCandidate, Merge, Person, PersonName, PersonSearchKey
from .search_keys import person_index

# Rows pointing at a person that a merge does not move (see the module's docstring).
NOT_MOVED: tuple[type[models.Model], ...] = (Person, PersonSearchKey, DuplicateCandidate, Merge)


def _person_links() -> dict[type[models.Model], list[models.ForeignObject[Any, Any]]]:
    """Every foreign key (or one-to-one) to Person, by model: reverse relations of Person,
    hidden ones (related_name "+", many-to-many tables) included."""
    links: dict[type[models.Model], list[models.ForeignObject[Any, Any]]] = {}
    for relation in Person._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or relation.many_to_many:
            continue  # a many-to-many is moved through the foreign key of its table
        field = relation.field  # type: ignore[union-attr]
        model = field.model
        if model._meta.proxy or issubclass(model, NOT_MOVED):
            continue
        links.setdefault(model, []).append(field)
    return dict(sorted(links.items(), key=lambda item: item[0]._meta.label))


def _value(person: Person, field: models.ForeignObject[Any, Any]) -> Any:
    return getattr(person, field.target_field.attname)


def _blocked(row: models.Model) -> str:
    """Why the row, as it now stands in memory, cannot be saved; "" if it can."""
    try:
        row.validate_unique()
        row.validate_constraints()
    except ValidationError as error:
        return "; ".join(error.messages)
    return ""


@dataclass(frozen=True)
class _Moves:
    moved: list[list[Any]]
    stayed: list[list[Any]]  # [model label, pk, field name, reason]


def _move_rows(*, source: Person, target: Person) -> _Moves:
    moved: list[list[Any]] = []
    stayed: list[list[Any]] = []
    for model, fields in _person_links().items():
        label = model._meta.label
        query = Q()
        for field in fields:
            query |= Q(**{field.attname: _value(source, field)})
        for row in model._base_manager.filter(query).order_by("pk"):
            here = [f for f in fields if getattr(row, f.attname) == _value(source, f)]
            for field in here:
                setattr(row, field.attname, _value(target, field))
            changed: dict[str, Any] = {}
            if isinstance(row, PersonName) and row.kind == PersonName.Kind.CURRENT:
                changed["kind"] = row.kind
                row.kind = PersonName.Kind.ALIAS  # never a second current name
            others = [f for f in fields if f not in here]
            if any(getattr(row, f.attname) == _value(target, f) for f in others):
                reason = "it links the two records to each other"
            else:
                reason = _blocked(row)
            if reason:
                stayed.extend([label, row.pk, field.name, reason] for field in here)
                continue
            update = {field.attname: _value(target, field) for field in here}
            update.update({name: getattr(row, name) for name in changed})
            model._base_manager.filter(pk=row.pk).update(**update)
            for field in here:
                moved.append(
                    [label, row.pk, field.name, changed] if changed else [label, row.pk, field.name]
                )
    return _Moves(moved, stayed)


def _locked_pair(first_id: int, second_id: int) -> dict[int, Person]:
    people = Person.objects.select_for_update().filter(pk__in=[first_id, second_id])
    found = {person.pk: person for person in people.order_by("pk")}
    if len(found) != len({first_id, second_id}):
        raise DomainError("One of the records no longer exists")
    return found


def _merged_into_name(person: Person) -> str:
    target = Person.objects.get(pk=person.merged_into_id or 0)
    return f"{person.full_name} was already merged into {target.full_name}"


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


@transaction.atomic
def person_merge(*, actor: Any, kept_id: int, merged_id: int) -> Merge:
    """Merge the record `merged_id` into `kept_id`: everything linked to it moves over."""
    if kept_id == merged_id:
        raise DomainError("A record cannot be merged into itself")
    people = _locked_pair(kept_id, merged_id)
    kept, merged = people[kept_id], people[merged_id]
    step, seen = kept, {kept.pk}
    while step.merged_into_id is not None and step.merged_into_id not in seen:
        if step.merged_into_id == merged.pk:
            raise DomainError(
                f"{_merged_into_name(kept)}: merging them the other way round would make a "
                "loop. Undo the earlier merge instead"
            )
        seen.add(step.merged_into_id)
        step = Person.objects.get(pk=step.merged_into_id)
    for person in (merged, kept):
        if person.merged_into_id is not None:
            raise DomainError(_merged_into_name(person))

    moves = _move_rows(source=merged, target=kept)
    merged.merged_into = kept
    merged.save(update_fields=["merged_into", "updated_at"])
    person_index(kept)
    person_index(merged)
    merge = Merge.objects.create(kept=kept, merged=merged, moved=moves.moved, merged_by=actor)
    now = timezone.now()
    first_id, second_id = _ordered(kept.pk, merged.pk)
    DuplicateCandidate.objects.filter(first_id=first_id, second_id=second_id).update(
        status=DuplicateCandidate.Status.MERGED, reviewed_by=actor, reviewed_at=now
    )
    changes = {
        "merge": merge.pk,
        "kept": kept.pk,
        "merged": merged.pk,
        "moved": moves.moved,
        "stayed": moves.stayed,
    }
    summary = (
        f"Merged {merged.full_name} (record {merged.pk}) into {kept.full_name} "
        f"(record {kept.pk}): {len(moves.moved)} linked records moved"
        + (f", {len(moves.stayed)} stayed on the merged record" if moves.stayed else "")
    )
    for person in (kept, merged):
        audit_write(
            actor=actor, action="person.merge", obj=person, changes=changes, summary=summary
        )
    return merge


def _later_merge(merge: Merge) -> Merge | None:
    ids = [merge.kept_id, merge.merged_id]
    return (
        Merge.objects.filter(pk__gt=merge.pk, undone_at__isnull=True)
        .filter(Q(kept_id__in=ids) | Q(merged_id__in=ids))
        .select_related("kept", "merged")
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def person_merge_undo(*, actor: Any, merge_id: int) -> Merge:
    """Put back exactly the rows a merge moved, and make the merged record stand alone again.

    A row deleted or pointed elsewhere since the merge, or that could not go back without
    breaking a constraint, is left where it is and listed in the audit event.
    """
    merge = Merge.objects.select_for_update().get(pk=merge_id)
    if merge.undone_at is not None:
        raise DomainError("This merge was already undone")
    later = _later_merge(merge)
    if later is not None:
        raise DomainError(
            f"Undo the later merge first: {later.merged.full_name} into {later.kept.full_name}"
        )
    people = _locked_pair(merge.kept_id, merge.merged_id)
    kept, merged = people[merge.kept_id], people[merge.merged_id]

    moved_back: list[list[Any]] = []
    left: list[list[Any]] = []
    for entry in merge.moved:
        label, pk, field_name = entry[:3]
        restore: dict[str, Any] = entry[3] if len(entry) > 3 else {}
        model = apps.get_model(label)
        field = model._meta.get_field(field_name)
        row = model._base_manager.filter(pk=pk).first()
        if row is None:
            left.append([label, pk, field_name, "deleted since the merge"])
            continue
        if getattr(row, field.attname) != _value(kept, field):
            left.append([label, pk, field_name, "changed since the merge"])
            continue
        setattr(row, field.attname, _value(merged, field))
        for name, value in restore.items():
            setattr(row, name, value)
        reason = _blocked(row)
        if reason:
            left.append([label, pk, field_name, reason])
            continue
        model._base_manager.filter(pk=pk).update(
            **{field.attname: _value(merged, field), **restore}
        )
        moved_back.append(entry)

    merged.merged_into = None
    merged.save(update_fields=["merged_into", "updated_at"])
    person_index(merged)
    person_index(kept)
    merge.undone_by = actor
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    first_id, second_id = _ordered(kept.pk, merged.pk)
    # The pair goes back on the queue for a fresh decision, as it was before the merge.
    DuplicateCandidate.objects.filter(
        first_id=first_id, second_id=second_id, status=DuplicateCandidate.Status.MERGED
    ).update(status=DuplicateCandidate.Status.OPEN, reviewed_by=None, reviewed_at=None)
    changes = {
        "merge": merge.pk,
        "kept": kept.pk,
        "merged": merged.pk,
        "moved_back": moved_back,
        "left": left,
    }
    summary = (
        f"Undid the merge of {merged.full_name} (record {merged.pk}) into {kept.full_name} "
        f"(record {kept.pk}): {len(moved_back)} linked records moved back"
        + (f", {len(left)} left where they were" if left else "")
    )
    for person in (kept, merged):
        audit_write(
            actor=actor, action="person.merge_undo", obj=person, changes=changes, summary=summary
        )
    return merge


@transaction.atomic
def duplicate_merge(*, actor: Any, candidate_id: int, kept_id: int) -> Merge:
    """Merge a pair from the review queue, keeping the record `kept_id` of the two."""
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate_id)
    if candidate.status != DuplicateCandidate.Status.OPEN:
        raise DomainError(f"This pair was already reviewed: {candidate.get_status_display()}")
    pair = (candidate.first_id, candidate.second_id)
    if kept_id not in pair:
        raise DomainError("Choose one of the two records to keep")
    merged_id = pair[1] if kept_id == pair[0] else pair[0]
    return person_merge(actor=actor, kept_id=kept_id, merged_id=merged_id)


# --- Reads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MergeRow:
    merge: Merge
    moved: int
    blocked_by: Merge | None  # a later merge to undo first

    @property
    def can_undo(self) -> bool:
        return self.merge.undone_at is None and self.blocked_by is None


def merges_recent(*, limit: int = 20) -> list[MergeRow]:
    """The latest merges, newest first, with whether each can be undone now."""
    merges = Merge.objects.select_related("kept", "merged", "merged_by", "undone_by").order_by(
        "-pk"
    )[:limit]
    return [
        MergeRow(m, len(m.moved), _later_merge(m) if m.undone_at is None else None) for m in merges
    ]
