"""Every write of the returns page: explaining a census query (or withdrawing the
explanation) and recording a run of a return, each with its audit event."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from frontdoor.core.audit import audit_write
from frontdoor.core.errors import DomainError
from frontdoor.people.models import Person

from .models import ExplainedQuery, ReturnRun
from .rules import RULES


@transaction.atomic
def query_explain(
    *, actor: Any, year: int, code: str, person_id: int | None, reason: str
) -> ExplainedQuery:
    """Keep why a census query is not a fault (replacing any earlier reason: the audit event
    keeps the old one). Errors cannot be explained: they must be put right."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Enter why this query is not a fault", field="reason")
    rule = RULES.get(code)
    if rule is None:
        raise DomainError(f"There is no census rule {code}")
    if not rule.is_query:
        raise DomainError(f"Rule {code} is an error, not a query: put the record right instead")
    person = Person.objects.get(pk=person_id) if person_id is not None else None
    kept = (
        ExplainedQuery.objects.select_for_update()
        .filter(year=year, code=code, person=person)
        .first()
    )
    before = kept.reason if kept else None
    if kept is None:
        kept = ExplainedQuery(year=year, code=code, person=person)
    kept.reason = reason
    kept.explained_by = actor
    kept.explained_at = timezone.now()
    kept.save()
    audit_write(
        actor=actor,
        action="returns.query_explain",
        obj=kept,
        changes={"year": year, "code": code, "person": person_id, "reason": [before, reason]},
        summary=f"Census {year} query {code} explained for "
        + (f"person {person_id}" if person_id is not None else "the return as a whole"),
    )
    return kept


@transaction.atomic
def query_explanation_withdraw(*, actor: Any, explanation_id: int) -> None:
    """The query is outstanding again; the audit event keeps the reason withdrawn."""
    kept = ExplainedQuery.objects.select_for_update().get(pk=explanation_id)
    audit_write(
        actor=actor,
        action="returns.query_explanation_withdraw",
        obj=kept,
        changes={
            "year": kept.year,
            "code": kept.code,
            "person": kept.person_id,
            "reason": [kept.reason, None],
            "explained_by": kept.explained_by_id,
            "explained_at": kept.explained_at.isoformat(),
        },
        summary=f"Census {kept.year} query {kept.code} explanation withdrawn",
    )
    kept.delete()


@transaction.atomic
def return_run_record(
    *,
    actor: Any,
    kind: str,
    person_ids: list[int] | None = None,
    year: int | None = None,
    la: str = "",
    as_at: date | None = None,
    children: int = 0,
    findings: int = 0,
    warnings: int = 0,
) -> ReturnRun:
    """Record a run of a return, with an audit event naming the children it listed (the
    checks and their CSV name children; the files hold every child in the return)."""
    run = ReturnRun.objects.create(
        kind=kind,
        year=year,
        la=la,
        as_at=as_at,
        run_by=actor,
        children=children,
        findings=findings,
        warnings=warnings,
    )
    label = ReturnRun.Kind(kind).label
    what = f"{year} for LA {la}" if year else f"as at {as_at:%-d %B %Y}" if as_at else ""
    audit_write(
        actor=actor,
        action=f"returns.{kind}",
        obj=run,
        changes={
            "year": year,
            "la": la,
            "as_at": as_at.isoformat() if as_at else None,
            "children": children,
            "findings": findings,
            "warnings": warnings,
            "people_listed": person_ids or [],
        },
        summary=f"{label} {what}: {children} children".replace("  ", " "),
    )
    return run
