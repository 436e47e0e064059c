"""The audit trail: who did, saw, searched for or was refused what, about whom, when, from
where, and what changed.

Services call `audit_write` inside their transaction, so a write and its audit row commit
together or not at all. Views call `audit_view` when somebody opens a record about a person
(the access model in `people.access` does it for every child's record), `audit_search` for a
search and `audit_refusal` when a request is refused.

Every row is chained to the one before it: `prev_hash` is the previous row's `row_hash`, and
`row_hash` is an HMAC-SHA256, keyed by `FRONTDOOR_AUDIT_KEY`, of `prev_hash` and the row's
content. Writers take the chain's head under a lock (an advisory lock on PostgreSQL, SQLite's
single writer), so rows are chained in id order. `verify_chain` walks it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from .models import AuditEvent

GENESIS = "0" * 64
# pg_advisory_xact_lock key for the chain's head: any fixed 64-bit number, "audit" in hex.
_CHAIN_LOCK = 0x6175646974


# --- where a request came from --------------------------------------------------------------


@dataclass(frozen=True)
class RequestOrigin:
    ip_address: str | None
    session: str
    request_id: str
    path: str


_current_request: ContextVar[Any] = ContextVar("frontdoor_audit_request", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


def bind_request(request: Any) -> Any:
    """Remember the request being served, so audit rows written while serving it say where
    it came from. Returns a token for `unbind_request`."""
    if not getattr(request, "request_id", ""):
        request.request_id = new_request_id()
    return _current_request.set(request)


def unbind_request(token: Any) -> None:
    _current_request.reset(token)


def client_ip(request: Any) -> str | None:
    """The client's address: REMOTE_ADDR, or behind `FRONTDOOR_TRUSTED_PROXIES` proxies the
    address the nearest untrusted hop gave in X-Forwarded-For."""
    proxies = getattr(settings, "FRONTDOOR_TRUSTED_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies] or None
    return request.META.get("REMOTE_ADDR") or None


def session_reference(session_key: str | None) -> str:
    """A short hash that tells one session from another without being usable as one."""
    if not session_key:
        return ""
    return hashlib.sha256(f"frontdoor-session:{session_key}".encode()).hexdigest()[:16]


def _origin() -> RequestOrigin | None:
    request = _current_request.get()
    if request is None:
        return None
    session = getattr(request, "session", None)
    return RequestOrigin(
        ip_address=client_ip(request),
        session=session_reference(getattr(session, "session_key", None)),
        request_id=getattr(request, "request_id", ""),
        path=request.get_full_path()[:300],
    )


# --- what a row holds ------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _json_default(value: Any) -> Any:
    plain = _plain(value)
    return plain if plain is not value else str(value)


def _json_ready(value: Mapping[str, Any]) -> dict[str, Any]:
    """The changes exactly as the database will give them back (lists, strings, numbers), so
    that the hash of what is stored is the hash of what was written."""
    return json.loads(json.dumps(dict(value), default=_json_default))


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The audited values of a model instance, as JSON-ready plain values."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _plain(getattr(instance, name)) for name in names}


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value differs."""
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def _object_ref(obj: models.Model) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


def person_of(obj: models.Model | None) -> int | None:
    """The person a record is about: the person themselves, or the record's `person`."""
    if obj is None:
        return None
    if obj._meta.label_lower == "people.person":
        return obj.pk
    return getattr(obj, "person_id", None)


def _person_id(person: Any) -> int | None:
    if person is None or isinstance(person, int):
        return person
    return person.pk


def content_of(event: AuditEvent) -> dict[str, Any]:
    """What the row's hash covers: everything but its id and the hashes themselves."""
    return {
        "at": event.at.astimezone(UTC).isoformat(),
        "actor": event.actor_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "person": event.person_id,
        "summary": event.summary,
        "changes": event.changes,
        "ip": event.ip_address,
        "session": event.session,
        "request": event.request_id,
        "path": event.path,
    }


def row_hash(prev_hash: str, content: Mapping[str, Any], key: str | None = None) -> str:
    body = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    secret = (key if key is not None else settings.FRONTDOOR_AUDIT_KEY).encode()
    return hmac.new(secret, f"{prev_hash}\n{body}".encode(), hashlib.sha256).hexdigest()


def _chain_head() -> str:
    """The hash of the newest row, taken under the chain's lock (held to the end of the
    caller's transaction), so that no two rows claim the same predecessor."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    head = AuditEvent.objects.order_by("-id").values_list("row_hash", flat=True).first()
    return head or GENESIS


def audit_write(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
    summary: str = "",
    person: Any = None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    """Append one event. `obj` is the record it is about; without one (a sign-in attempt, a
    search) say `object_type` and `object_id`. `person` defaults to the record's person."""
    if obj is not None:
        object_type, object_id = _object_ref(obj)
    origin = _origin()
    with transaction.atomic():
        event = AuditEvent(
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            action=action,
            object_type=object_type[:60],
            object_id=str(object_id)[:40],
            person_id=_person_id(person) if person is not None else person_of(obj),
            summary=summary[:300],
            changes=_json_ready(changes or {}),
            ip_address=origin.ip_address if origin else None,
            session=origin.session if origin else "",
            request_id=origin.request_id if origin else "",
            path=origin.path if origin else "",
        )
        event.prev_hash = _chain_head()
        event.row_hash = row_hash(event.prev_hash, content_of(event))
        event.save(force_insert=True)
    return event


def audit_view(
    *, actor: Any, obj: models.Model, summary: str = "", person: Any = None
) -> AuditEvent:
    return audit_write(actor=actor, action="view", obj=obj, summary=summary, person=person)


def audit_search(*, actor: Any, kind: str, terms: Mapping[str, Any], found: int) -> AuditEvent:
    """A search that lists people: what was asked (blank terms left out) and how many came
    back. `kind` names the search, like "people" or "intake"."""
    asked = {name: _plain(value) for name, value in terms.items() if value not in ("", None, [])}
    return audit_write(
        actor=actor,
        action="search",
        object_type="search",
        object_id=kind,
        summary=f"{found} found",
        changes={"terms": asked, "found": found},
    )


def audit_refusal(*, actor: Any, reason: str, person: Any = None) -> AuditEvent:
    """A request that was refused (HTTP 403), with the path from the request itself."""
    origin = _origin()
    return audit_write(
        actor=actor,
        action="refused",
        object_type="request",
        object_id=(origin.request_id if origin else "") or "-",
        summary=reason,
        person=person,
    )


# --- deletes refused on SQLite too ------------------------------------------------------------

_flushing = ContextVar("frontdoor_audit_flushing", default=False)


def audit_sealed() -> int:
    """SQL function `frontdoor_audit_sealed()` on SQLite connections: the delete trigger
    refuses while it says 1, which is always but while a test database is flushed."""
    return 0 if _flushing.get() else 1


class flushing_test_database:
    """Let Django's test flush (DELETE FROM on SQLite) empty the audit table. Tests only."""

    def __enter__(self) -> None:
        self._token = _flushing.set(True)

    def __exit__(self, *exc: object) -> None:
        _flushing.reset(self._token)


# --- checking the chain ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    rows: int
    head: str  # the newest row's hash: record it outside the database to pin the chain
    broken_at: int | None = None  # the id of the first row that does not hold
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def _rows(batch: int = 2000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last).order_by("id")[:batch])
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def verify_chain() -> ChainReport:
    """Walk every row in id order: each must point at the row before it and hash to what it
    says. The first row that does not is reported."""
    expected_prev, count = GENESIS, 0
    for event in _rows():
        count += 1
        if event.prev_hash != expected_prev:
            return ChainReport(
                count,
                expected_prev,
                event.id,
                "it does not follow the row before it: a row was deleted, inserted or "
                "rewritten here",
            )
        if row_hash(event.prev_hash, content_of(event)) != event.row_hash:
            return ChainReport(
                count, expected_prev, event.id, "its content is not what was written"
            )
        expected_prev = event.row_hash
    return ChainReport(count, expected_prev)


def exported(event: AuditEvent) -> dict[str, Any]:
    """One row as a JSON object, for shipping to the council's log store."""
    return {"id": event.id, **content_of(event)} | {
        "prev_hash": event.prev_hash,
        "row_hash": event.row_hash,
    }


def rows_since(moment: datetime) -> Iterator[AuditEvent]:
    last = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last, at__gte=moment).order_by("id")[:2000])
        if not rows:
            return
        yield from rows
        last = rows[-1].id
