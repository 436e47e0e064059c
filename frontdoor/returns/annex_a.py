"""Ofsted's Annex A (ILACS): the rows of the child-level lists inspectors sample from.

`annex_a_rows(as_at)` reads Lists 1-7 from the records, a list of cell values per row, in
the code lists of `annex_a_codes`; Lists 8-11 (children in care, care leavers, adoption,
adopters) are outside a front door's scope and have no rows. `annex_a_workbook` writes them.

Windows, all inclusive: "the last six months" runs from the same day six months before
`as_at` (clamped to the month's end) up to `as_at`, so a contact six months and a day before
is out; "the last 12 months" likewise.

- List 1: contacts received in the window, a row per child on the contact.
- List 2: early help episodes whose assessment started on or before `as_at` and which were
  live in the window: the assessment started or was completed in it, or the assessment or the
  episode was still open at `as_at`. Episodes not yet assessed have no row (the assessment
  start date is the list's key).
- List 3: referrals (child in need episodes) made in the window.
- List 4: social work assessments started in the window.
- List 5: section 47 enquiries started in the window, a row per enquiry.
- List 6: child in need episodes open at `as_at` or closed in the window.
- List 7: child protection plans open at `as_at` or ended in the window.

Records are read as they stood at `as_at`: anything dated after it (a closure, an
authorisation, a visit) has not happened yet. "Number of ... in the last 12 months" counts
the child's referrals / section 47 enquiries / initial conferences dated in the 12 months up
to `as_at`, this one included, in the database (a correlated subquery per column).

Allocated team and worker are the episode's (the referral's) as they are now; a case with
none says "Unallocated", as both columns are required. "Referral NFA?" is yes when the
episode had closed with RC8 by `as_at`. Case status: a closed episode, else an open child
protection plan, else an open child in need plan, else "d) Open assessment" (an open episode
with no plan is being assessed). The child was last seen at an assessment or on a child
protection visit where they were seen. The latest category of abuse is the last review
conference's, else the initial one. Ages are whole years at `as_at`; the child ID is the LA
child ID.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from frontdoor.casework.models import Assessment, CinPlan, EarlyHelpEpisode, Referral
from frontdoor.contacts.models import Contact, ContactChild
from frontdoor.core.codes import ClosureReason, Ethnicity, PrimaryNeed
from frontdoor.people.services import la_child_id_for
from frontdoor.safeguarding.models import (
    Conference,
    ConferenceOutcome,
    CpPlan,
    CpReview,
    CpVisit,
    ImmediateProtection,
    Section47,
    Section47Outcome,
)

from .annex_a_codes import (
    ABUSE_CATEGORY,
    CIN_PLAN_STATUS,
    CLOSED_STATUS,
    CLOSURE_REASON,
    CP_PLAN_STATUS,
    ETHNICITY,
    GENDER,
    HEADERS,
    NO,
    NOT_STATED,
    OPEN_ASSESSMENT_STATUS,
    PRIMARY_NEED,
    SOURCE,
    SOURCE_UNKNOWN,
    UNALLOCATED,
    YES,
    disability,
    yes_no,
)

Row = list[Any]


# --- dates -------------------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier, or that month's last day if it is shorter."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _by(day: date | None, as_at: date) -> date | None:
    """`day` if it had come by `as_at`, else None (it had not happened yet)."""
    return day if day is not None and day <= as_at else None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def age_on(born: date | None, day: date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# --- the columns every list shares -------------------------------------------------------------


def _person_fields(prefix: str) -> list[str]:
    return [
        f"{prefix}id",
        f"{prefix}la_child_id",
        f"{prefix}sex",
        f"{prefix}ethnicity",
        f"{prefix}date_of_birth",
    ]


def _child(row: dict[str, Any], prefix: str, as_at: date) -> Row:
    """The five columns every child list starts with."""
    born = row[f"{prefix}date_of_birth"]
    return [
        row[f"{prefix}la_child_id"] or la_child_id_for(row[f"{prefix}id"]),
        GENDER.get(row[f"{prefix}sex"], NOT_STATED),
        ETHNICITY.get(row[f"{prefix}ethnicity"], ETHNICITY[Ethnicity.NOBT]),
        born,
        age_on(born, as_at),
    ]


def _allocation_fields(prefix: str) -> list[str]:
    return [f"{prefix}team__name", f"{prefix}worker__first_name", f"{prefix}worker__last_name"]


def _allocated(row: dict[str, Any], prefix: str) -> Row:
    worker = " ".join(
        part
        for part in (row[f"{prefix}worker__first_name"], row[f"{prefix}worker__last_name"])
        if part
    )
    return [row[f"{prefix}team__name"] or UNALLOCATED, worker or UNALLOCATED]


def _count_for_person(queryset: QuerySet[Any], person_field: str = "person") -> Coalesce:
    """How many rows of `queryset` belong to the outer row's child: a correlated subquery."""
    counted = (
        queryset.filter(**{person_field: OuterRef("person")})
        .order_by()
        .values(person_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _latest(queryset: QuerySet[Any], field: str, order: str) -> Subquery:
    return Subquery(queryset.order_by(f"-{order}", "-pk").values(field)[:1])


# --- the lists ---------------------------------------------------------------------------------


class Windows:
    def __init__(self, as_at: date) -> None:
        self.as_at = as_at
        self.six_months = months_before(as_at, 6)
        self.twelve_months = months_before(as_at, 12)
        # The same six months as aware datetimes, for things recorded with a time.
        self.six_months_from = _day_start(self.six_months)
        self.until = _day_start(as_at + timedelta(days=1))


def list_1_contacts(w: Windows) -> list[Row]:
    rows = (
        ContactChild.objects.filter(
            contact__status=Contact.Status.RECORDED,
            contact__received_at__gte=w.six_months_from,
            contact__received_at__lt=w.until,
        )
        .order_by("contact__received_at", "pk")
        .values(*_person_fields("person__"), "contact__received_at", "contact__referral_source")
    )
    return [
        [
            *_child(row, "person__", w.as_at),
            timezone.localtime(row["contact__received_at"]).date(),
            SOURCE.get(row["contact__referral_source"], SOURCE_UNKNOWN),
        ]
        for row in rows
    ]


def list_2_early_help(w: Windows) -> list[Row]:
    open_at = Q(closed_on__isnull=True) | Q(closed_on__gt=w.as_at)
    open_in_window = Q(closed_on__isnull=True) | Q(closed_on__gte=w.six_months)
    rows = (
        EarlyHelpEpisode.objects.filter(assessment_started_on__lte=w.as_at)
        .filter(
            Q(assessment_started_on__gte=w.six_months)
            | Q(assessment_completed_on__gte=w.six_months)
            | (Q(assessment_completed_on__isnull=True) & open_in_window)
            | open_at
        )
        .order_by("assessment_started_on", "pk")
        .values(
            *_person_fields("person__"),
            "assessment_started_on",
            "assessment_completed_on",
            "lead_organisation",
            "advisor__team__name",
        )
    )
    return [
        [
            *_child(row, "person__", w.as_at),
            row["assessment_started_on"],
            _by(row["assessment_completed_on"], w.as_at),
            row["lead_organisation"] or row["advisor__team__name"] or UNALLOCATED,
        ]
        for row in rows
    ]


def list_3_referrals(w: Windows) -> list[Row]:
    in_12_months = Referral.objects.filter(referral_date__range=(w.twelve_months, w.as_at))
    rows = (
        Referral.objects.filter(referral_date__range=(w.six_months, w.as_at))
        .annotate(referrals_12=_count_for_person(in_12_months))
        .order_by("referral_date", "pk")
        .values(
            *_person_fields("person__"),
            "referral_date",
            "source",
            "closed_on",
            "closure_reason",
            "referrals_12",
            *_allocation_fields(""),
        )
    )
    return [
        [
            *_child(row, "person__", w.as_at),
            row["referral_date"],
            SOURCE.get(row["source"], SOURCE_UNKNOWN),
            yes_no(
                _by(row["closed_on"], w.as_at) is not None
                and row["closure_reason"] == ClosureReason.RC8
            ),
            row["referrals_12"],
            *_allocated(row, ""),
        ]
        for row in rows
    ]


def list_4_assessments(w: Windows) -> list[Row]:
    rows = (
        Assessment.objects.filter(started_on__range=(w.six_months, w.as_at))
        .order_by("started_on", "pk")
        .values(
            *_person_fields("referral__person__"),
            "referral__person__disabilities",
            "started_on",
            "child_seen_on",
            "authorised_on",
            "requires_support",
            *_allocation_fields("referral__"),
        )
    )
    out = []
    for row in rows:
        authorised = _by(row["authorised_on"], w.as_at)
        support = row["requires_support"]
        out.append(
            [
                *_child(row, "referral__person__", w.as_at),
                disability(row["referral__person__disabilities"]),
                row["started_on"],
                yes_no(_by(row["child_seen_on"], w.as_at) is not None),
                authorised,
                yes_no(support) if authorised and support is not None else None,
                *_allocated(row, "referral__"),
            ]
        )
    return out


def list_5_section_47(w: Windows) -> list[Row]:
    enquiries_12 = Section47.objects.filter(started_on__range=(w.twelve_months, w.as_at))
    conferences_12 = Conference.objects.filter(held_on__range=(w.twelve_months, w.as_at))
    rows = (
        Section47.objects.filter(started_on__range=(w.six_months, w.as_at))
        .annotate(
            enquiries_12=_count_for_person(enquiries_12),
            conferences_12=_count_for_person(conferences_12, "section47__person"),
        )
        .order_by("started_on", "pk")
        .values(
            *_person_fields("person__"),
            "person__disabilities",
            "started_on",
            "outcome",
            "outcome_on",
            "conference__held_on",
            "conference__outcome",
            "enquiries_12",
            "conferences_12",
            *_allocation_fields("referral__"),
        )
    )
    out = []
    for row in rows:
        held_on = _by(row["conference__held_on"], w.as_at)
        decided = _by(row["outcome_on"], w.as_at) is not None
        if held_on is not None or (decided and row["outcome"] == Section47Outcome.ICPC):
            unnecessary: str | None = NO
        elif decided and row["outcome"]:
            unnecessary = YES
        else:
            unnecessary = None  # the enquiry had not concluded
        out.append(
            [
                *_child(row, "person__", w.as_at),
                disability(row["person__disabilities"]),
                row["started_on"],
                unnecessary,
                held_on,
                (
                    yes_no(row["conference__outcome"] == ConferenceOutcome.CP_PLAN)
                    if held_on
                    else None
                ),
                row["enquiries_12"],
                row["conferences_12"],
                *_allocated(row, "referral__"),
            ]
        )
    return out


def _open_at(model: Any, as_at: date, end_field: str = "end_date") -> Exists:
    return Exists(
        model.objects.filter(referral=OuterRef("pk"), start_date__lte=as_at).filter(
            Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gt": as_at})
        )
    )


def list_6_children_in_need(w: Windows) -> list[Row]:
    seen_at_assessment = Assessment.objects.filter(
        referral=OuterRef("pk"), child_seen_on__lte=w.as_at
    )
    seen_on_visit = CpVisit.objects.filter(
        plan__referral=OuterRef("pk"), child_seen=True, visited_on__lte=w.as_at
    )
    assessing = Assessment.objects.filter(referral=OuterRef("pk"), started_on__lte=w.as_at).filter(
        Q(authorised_on__isnull=True) | Q(authorised_on__gt=w.as_at)
    )
    rows = (
        Referral.objects.filter(referral_date__lte=w.as_at)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=w.six_months))
        .annotate(
            seen_assessment=Subquery(
                seen_at_assessment.order_by()
                .values("referral")
                .annotate(m=Max("child_seen_on"))
                .values("m")
            ),
            seen_visit=Subquery(
                seen_on_visit.order_by()
                .values("plan__referral")
                .annotate(m=Max("visited_on"))
                .values("m")
            ),
            on_cp_plan=_open_at(CpPlan, w.as_at),
            on_cin_plan=_open_at(CinPlan, w.as_at),
            assessing=Exists(assessing),
        )
        .order_by("referral_date", "pk")
        .values(
            *_person_fields("person__"),
            "person__disabilities",
            "referral_date",
            "primary_need",
            "closed_on",
            "closure_reason",
            "seen_assessment",
            "seen_visit",
            "on_cp_plan",
            "on_cin_plan",
            "assessing",
            *_allocation_fields(""),
        )
    )
    out = []
    for row in rows:
        closed_on = _by(row["closed_on"], w.as_at)
        seen = [d for d in (row["seen_assessment"], row["seen_visit"]) if d is not None]
        if closed_on is not None:
            status = CLOSED_STATUS
        elif row["on_cp_plan"]:
            status = CP_PLAN_STATUS
        elif row["on_cin_plan"]:
            status = CIN_PLAN_STATUS
        else:
            status = OPEN_ASSESSMENT_STATUS  # open, with no plan yet: being assessed
        out.append(
            [
                *_child(row, "person__", w.as_at),
                disability(row["person__disabilities"]),
                row["referral_date"],
                PRIMARY_NEED.get(row["primary_need"], PRIMARY_NEED[PrimaryNeed.N0]),
                max(seen) if seen else None,
                closed_on,
                CLOSURE_REASON.get(row["closure_reason"]) if closed_on else None,
                status,
                *_allocated(row, ""),
            ]
        )
    return out


def list_7_child_protection(w: Windows) -> list[Row]:
    visits = CpVisit.objects.filter(plan=OuterRef("pk"), visited_on__lte=w.as_at)
    reviews = CpReview.objects.filter(plan=OuterRef("pk"), held_on__lte=w.as_at)
    protected = ImmediateProtection.objects.filter(
        person=OuterRef("person"), started_at__gte=w.six_months_from, started_at__lt=w.until
    )
    rows = (
        CpPlan.objects.filter(start_date__lte=w.as_at)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=w.six_months))
        .annotate(
            visited_on=_latest(visits, "visited_on", "visited_on"),
            seen_alone=_latest(visits, "seen_alone", "visited_on"),
            reviewed_on=_latest(reviews, "held_on", "held_on"),
            reviewed_category=_latest(reviews, "category", "held_on"),
            protected=Exists(protected),
        )
        .order_by("start_date", "pk")
        .values(
            *_person_fields("person__"),
            "person__disabilities",
            "start_date",
            "initial_category",
            "end_date",
            "previous_plans",
            "visited_on",
            "seen_alone",
            "reviewed_on",
            "reviewed_category",
            "protected",
            *_allocation_fields("referral__"),
        )
    )
    return [
        [
            *_child(row, "person__", w.as_at),
            disability(row["person__disabilities"]),
            row["start_date"],
            ABUSE_CATEGORY.get(row["initial_category"]),
            ABUSE_CATEGORY.get(row["reviewed_category"] or row["initial_category"]),
            row["visited_on"],
            yes_no(bool(row["seen_alone"])) if row["visited_on"] else None,
            row["reviewed_on"],
            _by(row["end_date"], w.as_at),
            yes_no(bool(row["protected"])),
            row["previous_plans"],
            *_allocated(row, "referral__"),
        ]
        for row in rows
    ]


LISTS = {
    "List 1": list_1_contacts,
    "List 2": list_2_early_help,
    "List 3": list_3_referrals,
    "List 4": list_4_assessments,
    "List 5": list_5_section_47,
    "List 6": list_6_children_in_need,
    "List 7": list_7_child_protection,
}


def annex_a_rows(as_at: date) -> dict[str, list[Row]]:
    """Every sheet's data rows (no header), Lists 8-11 empty. One query per list."""
    windows = Windows(as_at)
    return {name: LISTS[name](windows) if name in LISTS else [] for name in HEADERS}
