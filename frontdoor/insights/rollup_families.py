"""What the daily rollups hold: the families of records rolled up (`FAMILIES`), the measures
counted from each (`KEYS`) and their `DailyCount` grains, and up to which day they are rolled
(`watermark`). Building them (`rollup_build`) and reading them (`rollups`) both start here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Case, DateField, F, Q, QuerySet, When
from django.db.models.functions import Greatest, TruncDate
from django.db.models.lookups import GreaterThan

from frontdoor.contacts.models import NO_FURTHER_ACTION_OUTCOMES, REFERRAL_OUTCOMES, Channel

from . import engine
from .catalogue import measure
from .models import Watermark

WATERMARK = "daily"


@dataclass(frozen=True)
class Family:
    """A kind of record rolled up once for all the measures that count it."""

    spec: str  # the engine spec giving the records, date and dimensions
    dims: tuple[str, ...]
    extra: str = ""  # a field path kept in Fact.extra (outcome, RAG, advisor)
    extra_dim: str = ""  # the breakdown dimension `extra` answers ("rag", "worker")
    flags: dict[str, Any] = field(default_factory=dict)  # "a"/"b"/"c" -> Q or expression
    # For a count "as at" a day: (day field or expression, which records, +1 or -1) per kind
    # of event; the count as at a day is the sum of every event up to it.
    events: tuple[tuple[Any, ...], ...] = ()


_SIX = ("source", "channel", "team", "locality", "age_band", "ethnicity")
_FIVE = ("source", "team", "locality", "age_band", "ethnicity")

FAMILIES: dict[str, Family] = {
    "contact": Family("contacts", _SIX + ("hour",)),
    "decision": Family(
        "contact_conversion",
        _SIX,
        extra="outcome",
        flags={"a": engine.SPECS["decisions_in_time"].num},
    ),
    "referral": Family("referrals", _SIX, flags={"a": Q(is_re_referral=True)}),
    "strategy": Family("strategy_discussions", _FIVE),
    "s47": Family("section_47s", _FIVE),
    "assess_start": Family("assessments_started", _FIVE),
    "assess_done": Family(
        "assessments_completed",
        _FIVE,
        flags={
            "a": Q(outcome="nfa"),
            "b": Q(requires_support=True),
            "c": engine.SPECS["assessments_in_time"].num,
        },
    ),
    "mash": Family("mash_enquiries", ("source", "channel", "age_band", "ethnicity"), "rag", "rag"),
    "check": Family(
        "mash_checks_in_time",
        ("source", "channel", "age_band", "ethnicity"),
        flags={"a": engine.SPECS["mash_checks_in_time"].num},
    ),
    "conference": Family(
        "conferences_in_time", _FIVE, flags={"a": engine.SPECS["conferences_in_time"].num}
    ),
    "seen": Family("children_seen_in_time", _FIVE, flags={"a": engine.seen_in_time}),
    "open": Family(
        "open_cases",
        _FIVE,
        events=(("referral_date", Q(), 1), ("closed_on", Q(closed_on__isnull=False), -1)),
    ),
    "unalloc": Family(
        "unallocated_cases",
        _FIVE,
        events=(
            ("referral_date", Q(), 1),
            (
                lambda: _unallocated_until(),
                Q(closed_on__isnull=False) | Q(worker__isnull=False, allocated_at__isnull=False),
                -1,
                # Only these can stop being unallocated on or after `start` (by index).
                lambda start: (
                    Q(closed_on__gte=start) | Q(allocated_at__gte=engine.day_start(start))
                ),
            ),
        ),
    ),
    "alloc": Family(
        "caseload_per_worker",
        _FIVE,
        events=(
            (lambda: _allocated_from(), lambda: _held(), 1, lambda d: _since_allocated(d)),
            ("closed_on", lambda: _held() & Q(closed_on__isnull=False), -1),
        ),
    ),
    "eh": Family(
        "early_help_episodes", ("locality", "age_band", "ethnicity"), "advisor_id", "worker"
    ),
}


def _unallocated_until() -> Any:
    """The day a referral stopped being unallocated: given a worker, or closed, whichever came
    first, and not before it was made."""
    allocated = TruncDate("allocated_at")
    has_worker = Q(worker__isnull=False, allocated_at__isnull=False)
    until = Case(
        When(~has_worker, then=F("closed_on")),
        When(closed_on__isnull=True, then=allocated),
        When(closed_on__lt=allocated, then=F("closed_on")),
        default=allocated,
        output_field=DateField(),
    )
    return Case(
        When(GreaterThan(F("referral_date"), until), then=F("referral_date")),
        default=until,
        output_field=DateField(),
    )


def _allocated_from() -> Any:
    """The day a referral started counting in its worker's caseload."""
    return Greatest(TruncDate("allocated_at"), F("referral_date"), output_field=DateField())


def _held() -> Q:
    """Referrals that were in a worker's caseload for at least one day."""
    return Q(worker__isnull=False, allocated_at__isnull=False) & (
        Q(closed_on__isnull=True) | Q(closed_on__gt=_allocated_from())
    )


def _since_allocated(start: date) -> Q:
    return Q(referral_date__gte=start) | Q(allocated_at__gte=engine.day_start(start))


_TELEPHONE = [str(c) for c in engine.TELEPHONE]
_NFA = [str(o) for o in NO_FURTHER_ACTION_OUTCOMES]
_REFERRED = [str(o) for o in REFERRAL_OUTCOMES]

# measure -> (family, which facts, numerator among them or None for all of them)
KEYS: dict[str, tuple[str, Q, Q | None]] = {
    "contacts": ("contact", Q(), None),
    "contacts_police": ("contact", Q(source=engine.POLICE), None),
    "contacts_telephone": ("contact", Q(channel__in=_TELEPHONE), None),
    "contacts_email": ("contact", Q(channel=Channel.EMAIL), None),
    "contacts_telephone_share": ("contact", Q(), Q(channel__in=_TELEPHONE)),
    "contacts_email_share": ("contact", Q(), Q(channel=Channel.EMAIL)),
    "contacts_notification_share": ("contact", Q(), Q(channel=Channel.POLICE_NOTIFICATION)),
    "contacts_per_10k": ("contact", Q(), None),
    "referrals": ("referral", Q(), None),
    "re_referrals": ("referral", Q(a=1), None),
    "re_referral_rate": ("referral", Q(), Q(a=1)),
    "referrals_per_10k": ("referral", Q(), None),
    "strategy_discussions": ("strategy", Q(), None),
    "section_47s": ("s47", Q(), None),
    "assessments_started": ("assess_start", Q(), None),
    "assessments_completed": ("assess_done", Q(), None),
    "assessments_nfa_share": ("assess_done", Q(), Q(a=1)),
    "assessments_service_share": ("assess_done", Q(), Q(b=1)),
    "assessments_in_time": ("assess_done", Q(), Q(c=1)),
    "police_contacts_nfa_share": ("decision", Q(source=engine.POLICE), Q(extra__in=_NFA)),
    "contact_conversion": ("decision", Q(), Q(extra__in=_REFERRED)),
    "decisions_in_time": ("decision", Q(), Q(a=1)),
    "early_help_decisions_per_advisor": ("decision", Q(extra="early_help"), None),
    "mash_enquiries": ("mash", Q(), None),
    "mash_checks_in_time": ("check", Q(), Q(a=1)),
    "conferences_in_time": ("conference", Q(), Q(a=1)),
    "children_seen_in_time": ("seen", Q(), Q(a=1)),
    "early_help_episodes": ("eh", Q(), None),
    "open_cases": ("open", Q(), None),
    "unallocated_cases": ("unalloc", Q(), None),
    "caseload_per_worker": ("alloc", Q(), None),
}


def grains(key: str) -> tuple[str, ...]:
    """The DailyCount grains kept for `key`."""
    family = FAMILIES[KEYS[key][0]]
    dims = [d for d in family.dims if d in measure(key).filters]
    if family.extra_dim:
        dims.append(family.extra_dim)
    if "hour" in family.dims:
        dims.append("hour")
    return ("total", *dims)


def fact_column(dim: str) -> str:
    """The rollup column a dimension is kept in: a family's `extra_dim` is kept in `extra`."""
    return "extra" if dim in ("rag", "worker") else dim


def event_querysets(name: str, start: date, end: date) -> list[tuple[QuerySet[Any], int]]:
    """The records of family `name` on the days `start` to `end`, with their dimensions
    annotated, and the sign they count with (-1 for the end of something open)."""
    family = FAMILIES[name]
    spec = engine.SPECS[family.spec]
    if not family.events:
        qs = spec.model.objects.filter(spec.base).filter(engine.in_range(spec, start, end))
        return [(engine.annotate(qs, spec, ("day",) + family.dims), 1)]
    out = []
    for day, condition, sign, *since in family.events:
        qs = spec.model.objects.filter(spec.base)
        qs = qs.filter(condition() if callable(condition) else condition)
        if since:
            qs = qs.filter(since[0](start))
        qs = engine.annotate(qs, spec, family.dims)  # as on the record's own date
        qs = qs.annotate(d_day=day() if callable(day) else F(day))
        out.append((qs.filter(d_day__gte=start, d_day__lte=end), sign))
    return out


def watermark() -> date | None:
    """The last day the rollups hold (None before the first refresh)."""
    return Watermark.objects.filter(name=WATERMARK).values_list("through", flat=True).first()
