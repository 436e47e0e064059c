"""How each measure is counted: which records, on which date, with which dimensions.

One `Spec` per measure key says it once; `totals()` reads a measure grouped by any of its
dimensions, from the daily rollup where it can and live otherwise. Everything runs as SQL
through the ORM, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import (
    Coalesce,
    ExtractDay,
    ExtractHour,
    ExtractMonth,
    ExtractYear,
    StrIndex,
    Substr,
    TruncDate,
    Upper,
)
from django.db.models.lookups import GreaterThan, LessThan
from django.utils import timezone

from frontdoor.accounts.models import Role, Team, User
from frontdoor.casework.models import Assessment, EarlyHelpEpisode, Referral
from frontdoor.contacts.models import (
    NO_FURTHER_ACTION_OUTCOMES,
    REFERRAL_OUTCOMES,
    Channel,
    Contact,
    ContactChild,
    Outcome,
)
from frontdoor.core.codes import Ethnicity, ReferralSource
from frontdoor.core.parsing import parse_id, parse_ids
from frontdoor.people.models import Address
from frontdoor.safeguarding.models import (
    AgencyCheck,
    Conference,
    MashEnquiry,
    Rag,
    Section47,
    StrategyChild,
)

from .catalogue import FILTERS, measure
from .learning_specs import LEARNING_SPECS
from .models import LocalityDistrict
from .spec import ASSESSMENT_DONE as _ASSESSMENT_DONE
from .spec import DECISION as _DECISION
from .spec import SETTLED, Spec
from .spec import child_dims as _child_dims
from .spec import referral_dims as _referral_dims

AGE_BANDS = (
    ("unborn", "Unborn"),
    ("under_1", "Under 1"),
    ("1_4", "1 to 4"),
    ("5_9", "5 to 9"),
    ("10_15", "10 to 15"),
    ("16_plus", "16 and over"),
    ("unknown", "Not known"),
)
TELEPHONE = (Channel.PROFESSIONAL_LINE, Channel.CONTACT_CENTRE, Channel.OUT_OF_HOURS)
POLICE = ReferralSource.POLICE.value

Totals = dict[tuple[Any, ...], tuple[int, int]]
Windows = tuple[tuple[date, date], ...]


def _contact_dims(prefix: str = "") -> dict[str, str]:
    return {
        "source": f"{prefix}referral_source",
        "channel": f"{prefix}channel",
        "team": f"{prefix}csw__team_id",
    }


# A contact is read through its first child (the one added first): one row per contact, and
# the child's details come by join.
_FIRST_CONTACT_CHILD = ~Exists(
    ContactChild.objects.filter(contact_id=OuterRef("contact_id"), id__lt=OuterRef("id"))
)
_CONTACT: dict[str, Any] = {
    "model": ContactChild,
    "date": "contact__received_at",
    "is_datetime": True,
    "person": "person",
    "dims": _contact_dims("contact__"),
    "locality_by_postcode": True,
}
_RECORDED = Q(contact__status=Contact.Status.RECORDED) & Q(_FIRST_CONTACT_CHILD)
_REFERRAL: dict[str, Any] = {
    "model": Referral,
    "date": "referral_date",
    "person": "person",
    "dims": _referral_dims(),
}
_WORKLOAD: dict[str, Any] = {
    "model": Referral,
    "date": "referral_date",
    "person": "person",
    "dims": {**_child_dims(""), "worker": "worker_id"},
    "rollup": False,
}
_MASH_DIMS: dict[str, Any] = {
    "source": "origin__contact__referral_source",
    "channel": "origin__contact__channel",
}


def seen_in_time() -> Any:
    return Exists(
        Assessment.objects.filter(
            referral=OuterRef("pk"),
            child_seen_on__isnull=False,
            child_seen_on__lte=OuterRef("child_seen_due_on"),
        )
    )


SPECS: dict[str, Spec] = {
    "contacts": Spec(**_CONTACT, base=_RECORDED),
    "contacts_police": Spec(**_CONTACT, base=_RECORDED & Q(contact__referral_source=POLICE)),
    "contacts_telephone": Spec(**_CONTACT, base=_RECORDED & Q(contact__channel__in=TELEPHONE)),
    "contacts_email": Spec(**_CONTACT, base=_RECORDED & Q(contact__channel=Channel.EMAIL)),
    "contacts_telephone_share": Spec(
        **_CONTACT, base=_RECORDED, num=Q(contact__channel__in=TELEPHONE), den="rows"
    ),
    "contacts_email_share": Spec(
        **_CONTACT, base=_RECORDED, num=Q(contact__channel=Channel.EMAIL), den="rows"
    ),
    "contacts_notification_share": Spec(
        **_CONTACT, base=_RECORDED, num=Q(contact__channel=Channel.POLICE_NOTIFICATION), den="rows"
    ),
    "contacts_per_10k": Spec(**_CONTACT, base=_RECORDED),
    "referrals": Spec(**_REFERRAL),
    "re_referrals": Spec(**{**_REFERRAL, "base": Q(is_re_referral=True)}),
    "re_referral_rate": Spec(**_REFERRAL, num=Q(is_re_referral=True), den="rows"),
    "referrals_per_10k": Spec(**_REFERRAL),
    "strategy_discussions": Spec(  # read through the discussion's first child
        model=StrategyChild,
        date="discussion__held_at",
        is_datetime=True,
        person="person",
        dims=_child_dims("referral__"),
        base=Q(
            ~Exists(
                StrategyChild.objects.filter(
                    discussion_id=OuterRef("discussion_id"), id__lt=OuterRef("id")
                )
            )
        ),
    ),
    "section_47s": Spec(
        model=Section47, date="started_on", person="person", dims=_child_dims("referral__")
    ),
    "assessments_started": Spec(
        model=Assessment,
        date="started_on",
        person="referral__person",
        dims=_child_dims("referral__"),
    ),
    "assessments_completed": Spec(**_ASSESSMENT_DONE),
    "assessments_nfa_share": Spec(**_ASSESSMENT_DONE, num=Q(outcome="nfa"), den="rows"),
    "assessments_service_share": Spec(**_ASSESSMENT_DONE, num=Q(requires_support=True), den="rows"),
    "assessments_in_time": Spec(
        **_ASSESSMENT_DONE, num=Q(authorised_on__lte=F("due_on")), den="rows"
    ),
    "police_contacts_nfa_share": Spec(
        **{
            **_DECISION,
            "base": Q(status__in=SETTLED, contact_child__contact__referral_source=POLICE),
        },
        num=Q(outcome__in=NO_FURTHER_ACTION_OUTCOMES),
        den="rows",
    ),
    "contact_conversion": Spec(**_DECISION, num=Q(outcome__in=REFERRAL_OUTCOMES), den="rows"),
    "decisions_in_time": Spec(
        **_DECISION, num=Q(decided_at__lte=F("contact_child__contact__decision_due_at")), den="rows"
    ),
    "early_help_decisions_per_advisor": Spec(
        **{**_DECISION, "base": Q(status__in=SETTLED, outcome=Outcome.EARLY_HELP)}, den="advisors"
    ),
    "mash_enquiries": Spec(
        model=MashEnquiry,
        date="opened_at",
        is_datetime=True,
        person="person",
        dims={**_MASH_DIMS, "rag": "rag"},
    ),
    "mash_checks_in_time": Spec(
        model=AgencyCheck,
        date="due_at",
        is_datetime=True,
        person="enquiry__person",
        dims={k: f"enquiry__{v}" for k, v in _MASH_DIMS.items()},
        num=Q(answered_at__isnull=False, answered_at__lte=F("due_at")),
        den="rows",
    ),
    "conferences_in_time": Spec(
        model=Conference,
        date="held_on",
        person="section47__person",
        dims=_child_dims("section47__referral__"),
        num=Q(held_on__lte=F("section47__conference_due_on")),
        den="rows",
    ),
    "children_seen_in_time": Spec(
        model=Referral,
        date="child_seen_due_on",
        person="person",
        dims=_child_dims(""),
        num_exists=seen_in_time,
        den="rows",
        rollup=False,
    ),
    "unallocated_cases": Spec(**_WORKLOAD, point="unallocated"),
    "open_cases": Spec(**_WORKLOAD, point="open"),
    "caseload_per_worker": Spec(**_WORKLOAD, point="allocated", den="workers"),
    "early_help_episodes": Spec(
        model=EarlyHelpEpisode,
        date="opened_on",
        person="person",
        dims={"worker": "advisor_id"},
        locality_by_postcode=True,
    ),
    **LEARNING_SPECS,
}


def dimensions(key: str) -> tuple[str, ...]:
    """What `key` can be filtered or broken down by."""
    extra = tuple(d for d in SPECS[key].dims if d not in FILTERS)
    if key in ("contacts", "contacts_police", "contacts_telephone", "contacts_email"):
        extra += ("hour",)
    return measure(key).filters + extra


# --- expressions ---------------------------------------------------------------------------------


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _person(spec: Spec, name: str) -> Any:
    return F(f"{spec.person}__{name}" if name else f"{spec.person}_id")


def sync_localities() -> None:
    """Copy the locality teams' postcode districts into LocalityDistrict if they changed."""
    wanted: dict[str, str] = {}
    teams = Team.objects.filter(kind=Team.Kind.LOCALITY).exclude(locality="").order_by("id")
    for team in teams:
        for district in team.districts:
            wanted.setdefault(district, team.locality)
    held = dict(LocalityDistrict.objects.values_list("district", "locality"))
    if held != wanted:
        LocalityDistrict.objects.all().delete()
        LocalityDistrict.objects.bulk_create(
            LocalityDistrict(district=d, locality=loc) for d, loc in wanted.items()
        )


def _locality_by_postcode(person_id: str) -> Any:
    """The locality of the district of the person's current postcode ("" if none)."""
    district = Upper(Substr("postcode", 1, StrIndex("postcode", Value(" ")) - 1))
    locality = LocalityDistrict.objects.filter(district=OuterRef("p_district")).values("locality")
    current = (
        Address.objects.filter(person_id=OuterRef(person_id), moved_out__isnull=True)
        .exclude(postcode="")
        .annotate(p_district=district)
        .annotate(p_locality=Subquery(locality[:1]))
        .order_by("-moved_in", "-id")
        .values("p_locality")[:1]
    )
    return Coalesce(Subquery(current), Value(""), output_field=CharField())


def _age_band(dob: str, edob: str, on: tuple[Any, Any, Any]) -> Case:
    year, month, day = on
    born_later_in_year = GreaterThan(ExtractMonth(dob) * 100 + ExtractDay(dob), month * 100 + day)
    age = year - ExtractYear(dob) - Case(When(born_later_in_year, then=Value(1)), default=Value(0))
    return Case(
        When(Q(**{f"{dob}__isnull": True, f"{edob}__isnull": False}), then=Value("unborn")),
        When(Q(**{f"{dob}__isnull": True}), then=Value("unknown")),
        When(LessThan(age, 0), then=Value("unborn")),
        When(LessThan(age, 1), then=Value("under_1")),
        When(LessThan(age, 5), then=Value("1_4")),
        When(LessThan(age, 10), then=Value("5_9")),
        When(LessThan(age, 16), then=Value("10_15")),
        default=Value("16_plus"),
        output_field=CharField(),
    )


def annotate(qs: QuerySet[Any], spec: Spec, names: Iterable[str]) -> QuerySet[Any]:
    """`qs` with a `d_<name>` annotation for each dimension in `names`."""
    names = list(dict.fromkeys(names))
    for name in names:
        if name == "day":
            expr: Any = TruncDate(spec.date) if spec.is_datetime else F(spec.date)
            qs = qs.annotate(d_day=expr)
        elif name == "hour":
            qs = qs.annotate(d_hour=ExtractHour(spec.date))
        elif name == "age_band":
            qs = qs.annotate(
                p_dob=_person(spec, "date_of_birth"), p_edob=_person(spec, "expected_date_of_birth")
            )
            on = (ExtractYear(spec.date), ExtractMonth(spec.date), ExtractDay(spec.date))
            qs = qs.annotate(d_age_band=_age_band("p_dob", "p_edob", on))
        elif name == "ethnicity":
            qs = qs.annotate(d_ethnicity=_person(spec, "ethnicity"))
        elif name == "locality" and spec.locality_by_postcode:
            sync_localities()
            qs = qs.annotate(d_locality=_locality_by_postcode(f"{spec.person}_id"))
        elif name in spec.dims:
            qs = qs.annotate(**{f"d_{name}": F(spec.dims[name])})
        else:
            raise ValueError(f"Unknown dimension {name!r}")
    return qs


def filtered(qs: QuerySet[Any], spec: Spec, filters: dict[str, str]) -> QuerySet[Any]:
    qs = annotate(qs, spec, filters)
    for name, value in filters.items():
        if name == "team" and parse_id(value) is None:
            return qs.none()
        qs = qs.filter(**{f"d_{name}": int(value) if name == "team" else value})
    return qs


def in_range(spec: Spec, start: date, end: date) -> Q:
    if spec.is_datetime:
        return Q(
            **{
                f"{spec.date}__gte": day_start(start),
                f"{spec.date}__lt": day_start(end + timedelta(days=1)),
            }
        )
    return Q(**{f"{spec.date}__gte": start, f"{spec.date}__lte": end})


def _any_range(spec: Spec, within: Windows) -> Q:
    q = Q()
    for a, b in within:
        q |= in_range(spec, a, b)
    return q


def _aggregates(spec: Spec) -> dict[str, Any]:
    num: Any
    if spec.num_exists is not None:
        num = Count("pk", filter=Q(spec.num_exists()))
    elif spec.num_sum:
        num = Sum(spec.num_sum, filter=spec.num)
    else:
        num = Count("pk", filter=spec.num) if spec.num is not None else Count("pk")
    aggs: dict[str, Any] = {"num": num}
    if spec.den == "rows":
        aggs["den"] = Count("pk")
    elif spec.den == "workers":
        aggs["den"] = Count("worker", distinct=True)
    return aggs


def _key(name: str, value: Any) -> Any:
    """A group's value as the rollups hold it: days as dates, hours as ints, others as text."""
    if name in ("day", "hour"):
        return value
    return "" if value is None else str(value)


def grouped(qs: QuerySet[Any], spec: Spec, group_by: tuple[str, ...]) -> Totals:
    aggs = _aggregates(spec)
    if not group_by:
        row = qs.aggregate(**aggs)
        return {(): (row["num"] or 0, row.get("den") or 0)}
    keys = [f"d_{g}" for g in group_by]
    out: Totals = {}
    for row in qs.values(*keys).annotate(**aggs).order_by():
        if row["num"] or row.get("den"):  # a constant group gives one empty row, not none
            out[tuple(_key(g, row[k]) for g, k in zip(group_by, keys, strict=True))] = (
                row["num"],
                row.get("den") or 0,
            )
    return out


def live_totals(
    key: str,
    start: date,
    end: date,
    filters: dict[str, str],
    group_by: tuple[str, ...],
    within: Windows = (),
) -> Totals:
    """`key` counted from the records themselves (on the days in `within` only, if given)."""
    spec = SPECS[key]
    qs = spec.model.objects.filter(spec.base).filter(in_range(spec, start, end))
    if within:
        qs = qs.filter(_any_range(spec, within))
    qs = filtered(qs, spec, filters)
    qs = annotate(qs, spec, [g for g in group_by if g not in filters])
    return grouped(qs, spec, group_by)


def point_totals(key: str, at: date, filters: dict[str, str], group_by: tuple[str, ...]) -> Totals:
    """A workload measure as at the end of `at`."""
    spec = SPECS[key]
    next_day = day_start(at + timedelta(days=1))
    qs = spec.model.objects.filter(referral_date__lte=at).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=at)
    )
    if spec.point == "unallocated":
        qs = qs.filter(
            Q(worker__isnull=True) | Q(allocated_at__isnull=True) | Q(allocated_at__gte=next_day)
        )
    elif spec.point == "allocated":
        qs = qs.filter(worker__isnull=False, allocated_at__lt=next_day)
    if spec.point_filter is not None:
        qs = spec.point_filter(qs, at)
    qs = filtered(qs, spec, filters)  # the age band is the child's on the referral date
    qs = annotate(qs, spec, [g for g in group_by if g not in filters])
    return grouped(qs, spec, group_by)


# A denominator of the staff in a role (as now), not of the records counted.
STAFF_DENOMINATORS = {"advisors": Role.PATHWAY_ADVISOR, "csws": Role.CSW}


def advisors_by_team(
    filters: dict[str, str], group_by: tuple[str, ...], den: str = "advisors"
) -> dict[Any, int]:
    """Active users in the role of denominator `den` (pathway advisors by default)."""
    qs = User.objects.filter(role=STAFF_DENOMINATORS[den], is_active=True)
    team_id = parse_id(filters.get("team"))
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    if group_by == ("team",):
        return {
            row["team_id"]: row["n"]
            for row in qs.values("team_id").annotate(n=Count("pk")).order_by()
        }
    return {None: qs.count()}


# --- choices -------------------------------------------------------------------------------------


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    localities = sorted(
        set(
            Team.objects.filter(kind=Team.Kind.LOCALITY)
            .exclude(locality="")
            .values_list("locality", flat=True)
        )
    )
    teams = [
        (str(pk), name) for pk, name in Team.objects.order_by("name").values_list("pk", "name")
    ]
    return {
        "source": [(str(v), str(label)) for v, label in ReferralSource.choices],
        "channel": [(str(v), str(label)) for v, label in Channel.choices],
        "locality": [(loc, loc) for loc in localities],
        "team": teams,
        "age_band": list(AGE_BANDS),
        "ethnicity": [(str(v), str(label)) for v, label in Ethnicity.choices],
    }


def dimension_labels(dimension: str, values: Iterable[str]) -> dict[str, str]:
    """Labels for a breakdown's values: teams and workers by name, codes by their label."""
    values = [v for v in values if v]
    if dimension == "team":
        ids = parse_ids(str(v) for v in values)
        return {
            str(pk): name for pk, name in Team.objects.filter(pk__in=ids).values_list("pk", "name")
        }
    if dimension == "worker":
        ids = parse_ids(str(v) for v in values)
        return {str(u.pk): str(u) for u in User.objects.filter(pk__in=ids)}
    if dimension == "rag":
        return {str(v): str(label) for v, label in Rag.choices}
    if dimension == "hour":
        return {str(h): f"{h:02d}:00" for h in range(24)}
    return dict(filter_choices().get(dimension, []))
