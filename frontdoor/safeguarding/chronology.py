"""Safeguarding's events in the child's chronology: MASH enquiries (opened, re-rated, each
agency's answer, concluded), strategy discussions (each child's section 47 decision, why, and
who took part), section 47 outcomes, initial conferences, child protection plans with their
reviews and visits, and immediate protection.

Imported by `SafeguardingConfig.ready()`; each provider is one query for all the ids, filtered
by person and date in the database. Events known only by their date are placed on that day.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from django.db.models import F, OuterRef, Subquery
from django.urls import NoReverseMatch, reverse

from frontdoor.people.chronology import (
    ChronologyEvent,
    date_filter,
    datetime_filter,
    register,
    user_name,
)

from .models import (
    AbuseCategory,
    AgencyCheck,
    CheckAgency,
    Conference,
    CpPlan,
    CpReview,
    CpVisit,
    ExpectedAgency,
    ImmediateProtection,
    MashEnquiry,
    Rag,
    RagChange,
    Section47,
    StrategyChild,
)


def _in_window(day: date | None, date_from: date | None, date_to: date | None) -> bool:
    return day is not None and not (date_from and day < date_from or date_to and day > date_to)


def _url(name: str, pk: int, fallback: str = "") -> str:
    """The record's safeguarding page, or `fallback` where there is no such page."""
    try:
        return reverse(f"safeguarding:{name}", args=[pk])
    except NoReverseMatch:
        return fallback


def _referral_url(referral_id: int) -> str:
    return reverse("casework:referral", args=[referral_id])


def _rag_label(rag: str) -> str:
    return Rag(rag).label.lower() if rag in Rag.values else rag


# --- MASH enquiries ---------------------------------------------------------------------------


@register(mash="MASH enquiry")
def mash_enquiries(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    first_rating = RagChange.objects.filter(enquiry=OuterRef("pk")).order_by("changed_at", "id")
    rows = (
        MashEnquiry.objects.filter(person_id__in=person_ids)
        .filter(
            datetime_filter("opened_at", date_from, date_to)
            | datetime_filter("concluded_at", date_from, date_to)
        )
        .annotate(first_rag=Subquery(first_rating.values("to_rag")[:1]))
        .select_related("opened_by", "concluded_by")
    )
    for enquiry in rows:
        url = _url("mash", enquiry.pk)
        ref = f"safeguarding.mashenquiry:{enquiry.pk}"
        rated = getattr(enquiry, "first_rag", None) or enquiry.rag
        yield ChronologyEvent(
            person_id=enquiry.person_id,
            occurred_at=enquiry.opened_at,
            kind="mash",
            title=f"MASH enquiry {enquiry.reference} opened, rated {_rag_label(rated)}",
            recorded_by=user_name(enquiry.opened_by),
            url=url,
            ref=ref,
        )
        if enquiry.concluded_at is not None:
            yield ChronologyEvent(
                person_id=enquiry.person_id,
                occurred_at=enquiry.concluded_at,
                kind="mash",
                title=f"MASH enquiry {enquiry.reference} concluded: "
                f"{enquiry.get_outcome_display()}",
                detail=enquiry.outcome_rationale,
                recorded_by=user_name(enquiry.concluded_by),
                url=url,
                ref=f"{ref}:concluded",
            )


@register(mash="MASH enquiry")
def mash_ratings(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    """Changes of rating after the first (the first is told with the enquiry's opening)."""
    rows = (
        RagChange.objects.filter(enquiry__person_id__in=person_ids)
        .exclude(from_rag="")
        .filter(datetime_filter("changed_at", date_from, date_to))
        .select_related("enquiry", "changed_by")
    )
    for change in rows:
        enquiry = change.enquiry
        yield ChronologyEvent(
            person_id=enquiry.person_id,
            occurred_at=change.changed_at,
            kind="mash",
            title=f"MASH enquiry {enquiry.reference} rated {_rag_label(change.to_rag)} "
            f"(was {_rag_label(change.from_rag)})",
            detail=change.reason,
            recorded_by=user_name(change.changed_by),
            url=_url("mash", enquiry.pk),
            ref=f"safeguarding.ragchange:{change.pk}",
        )


@register(mash="MASH enquiry")
def agency_checks(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    """Each agency's answer to a MASH check."""
    rows = AgencyCheck.objects.filter(
        datetime_filter("answered_at", date_from, date_to),
        enquiry__person_id__in=person_ids,
        answered_at__isnull=False,
    ).select_related("enquiry", "answered_by")
    for check in rows:
        assert check.answered_at is not None
        agency = (
            check.other_agency
            if check.agency == CheckAgency.OTHER and check.other_agency
            else check.get_agency_display()
        )
        yield ChronologyEvent(
            person_id=check.enquiry.person_id,
            occurred_at=check.answered_at,
            kind="mash",
            title=f"{agency} check answered" + (": nothing known" if check.nothing_known else ""),
            detail=check.answer,
            source=agency,
            recorded_by=user_name(check.answered_by),
            url=_url("mash", check.enquiry_id),
            ref=f"safeguarding.agencycheck:{check.pk}",
        )


# --- Strategy discussions and section 47 enquiries --------------------------------------------


def _attendance_lines(rows: list[Any]) -> list[str]:
    came, absent = [], []
    for row in rows:
        if row.attendance_agency is None:
            continue
        agency = ExpectedAgency(row.attendance_agency).label
        if row.attended:
            who = ", ".join(part for part in (row.attendance_name, row.attendance_role) if part)
            came.append(f"{agency} ({who})" if who else agency)
        else:
            absent.append(f"{agency} ({row.absence_reason})")
    lines = []
    if came:
        lines.append("Took part: " + "; ".join(came))
    if absent:
        lines.append("Not there: " + "; ".join(absent))
    return lines


@register(strategy_discussion="Strategy discussion")
def strategy_discussions(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    """Each child's decision at a strategy discussion, with who took part.

    One row per child and agency, in one query: the attendance is joined, not fetched again.
    """
    rows = (
        StrategyChild.objects.filter(
            datetime_filter("discussion__held_at", date_from, date_to),
            person_id__in=person_ids,
        )
        .select_related("discussion__chair", "discussion__recorded_by")
        .annotate(
            attendance_agency=F("discussion__attendance__agency"),
            attendance_name=F("discussion__attendance__name"),
            attendance_role=F("discussion__attendance__role"),
            attended=F("discussion__attendance__attended"),
            absence_reason=F("discussion__attendance__absence_reason"),
        )
        .order_by("pk", "discussion__attendance__id")
    )
    by_child: dict[int, list[Any]] = {}
    for row in rows:
        by_child.setdefault(row.pk, []).append(row)
    for child_rows in by_child.values():
        child = child_rows[0]
        discussion = child.discussion
        outcome = (
            "section 47 enquiry started" if child.start_section_47 else "no section 47 enquiry"
        )
        detail = [child.rationale, f"Chaired by {user_name(discussion.chair)}"]
        yield ChronologyEvent(
            person_id=child.person_id,
            occurred_at=discussion.held_at,
            kind="strategy_discussion",
            title=f"Strategy discussion: {outcome}",
            detail="\n".join(detail + _attendance_lines(child_rows)),
            recorded_by=user_name(discussion.recorded_by),
            url=_url("strategy", discussion.pk, _referral_url(child.referral_id)),
            ref=f"safeguarding.strategychild:{child.pk}",
        )


@register(section_47="Section 47 enquiry")
def section47_outcomes(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    rows = Section47.objects.filter(
        date_filter("outcome_on", date_from, date_to), person_id__in=person_ids
    ).select_related("outcome_by")
    for section47 in rows:
        assert section47.outcome_on is not None
        yield ChronologyEvent.on_day(
            section47.outcome_on,
            person_id=section47.person_id,
            kind="section_47",
            title=f"Section 47 enquiry concluded: {section47.get_outcome_display()}",
            detail=f"Started {section47.started_on:%-d %B %Y}",
            recorded_by=user_name(section47.outcome_by),
            url=_url("section47", section47.pk, _referral_url(section47.referral_id)),
            ref=f"safeguarding.section47:{section47.pk}:outcome",
        )


# --- Conferences and child protection plans ---------------------------------------------------


@register(conference="Child protection conference")
def conferences(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    rows = Conference.objects.filter(
        date_filter("held_on", date_from, date_to), section47__person_id__in=person_ids
    ).select_related("section47", "recorded_by")
    for conference in rows:
        section47 = conference.section47
        late = conference.held_on > section47.conference_due_on
        yield ChronologyEvent.on_day(
            conference.held_on,
            person_id=section47.person_id,
            kind="conference",
            title=f"Initial child protection conference: {conference.get_outcome_display()}"
            + (" (late)" if late else ""),
            detail=f"Chaired by {conference.chair}",
            recorded_by=user_name(conference.recorded_by),
            url=_url("section47", section47.pk, _referral_url(section47.referral_id)),
            ref=f"safeguarding.conference:{conference.pk}",
        )


def _category(code: str) -> str:
    return AbuseCategory(code).label if code in AbuseCategory.values else code


@register(cp_plan="Child protection plan")
def cp_plans(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    rows = (
        CpPlan.objects.filter(person_id__in=person_ids)
        .filter(
            date_filter("start_date", date_from, date_to)
            | date_filter("end_date", date_from, date_to)
        )
        .select_related("started_by")
    )
    for plan in rows:
        url = _url("cp_plan", plan.pk, _referral_url(plan.referral_id))
        ref = f"safeguarding.cpplan:{plan.pk}"
        if _in_window(plan.start_date, date_from, date_to):
            previous = (
                f"{plan.previous_plans} earlier plans"
                if plan.previous_plans != 1
                else "1 earlier plan"
            )
            yield ChronologyEvent.on_day(
                plan.start_date,
                person_id=plan.person_id,
                kind="cp_plan",
                title=f"Child protection plan started: {_category(plan.initial_category)}",
                detail=previous if plan.previous_plans else "",
                recorded_by=user_name(plan.started_by),
                url=url,
                ref=f"{ref}:start",
            )
        if _in_window(plan.end_date, date_from, date_to):
            assert plan.end_date is not None
            yield ChronologyEvent.on_day(
                plan.end_date,
                person_id=plan.person_id,
                kind="cp_plan",
                title="Child protection plan ended",
                detail=plan.end_reason,
                url=url,
                ref=f"{ref}:end",
            )


@register(cp_plan="Child protection plan")
def cp_reviews(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    rows = CpReview.objects.filter(
        date_filter("held_on", date_from, date_to), plan__person_id__in=person_ids
    ).select_related("plan", "recorded_by")
    for review in rows:
        plan = review.plan
        yield ChronologyEvent.on_day(
            review.held_on,
            person_id=plan.person_id,
            kind="cp_plan",
            title=f"Child protection review conference: {_category(review.category)}",
            detail=review.note,
            recorded_by=user_name(review.recorded_by),
            url=_url("cp_plan", plan.pk, _referral_url(plan.referral_id)),
            ref=f"safeguarding.cpreview:{review.pk}",
        )


@register(cp_visit="Child protection visit")
def cp_visits(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    rows = CpVisit.objects.filter(
        date_filter("visited_on", date_from, date_to), plan__person_id__in=person_ids
    ).select_related("plan", "recorded_by")
    for visit in rows:
        plan = visit.plan
        seen = (
            "child seen alone"
            if visit.seen_alone
            else ("child seen" if visit.child_seen else "child not seen")
        )
        yield ChronologyEvent.on_day(
            visit.visited_on,
            person_id=plan.person_id,
            kind="cp_visit",
            title=f"Child protection visit: {seen}",
            detail=visit.note,
            recorded_by=user_name(visit.recorded_by),
            url=_url("cp_plan", plan.pk, _referral_url(plan.referral_id)),
            ref=f"safeguarding.cpvisit:{visit.pk}",
        )


# --- Immediate protection ---------------------------------------------------------------------


@register(protection="Immediate protection")
def immediate_protection(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    rows = ImmediateProtection.objects.filter(
        datetime_filter("started_at", date_from, date_to), person_id__in=person_ids
    ).select_related("recorded_by")
    for record in rows:
        yield ChronologyEvent(
            person_id=record.person_id,
            occurred_at=record.started_at,
            kind="protection",
            title=record.get_kind_display(),
            detail="\n".join(
                part for part in (f"Authorised by {record.authority}", record.note) if part
            ),
            recorded_by=user_name(record.recorded_by),
            url=_url("protection", record.pk),
            ref=f"safeguarding.immediateprotection:{record.pk}",
        )
