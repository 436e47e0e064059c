"""Test data for casework, made through the services so every record is as the app makes it.

A referral made here is received on Friday 6 November 2026 (the accounts factories' contact
date) unless told otherwise; with the default clocks its assessment is due 45 working days
later, on Wednesday 13 January 2027 (Christmas Day, Boxing Day's substitute on Monday 28
December and New Year's Day skipped).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import PersonFactory, TeamFactory, make_user
from frontdoor.casework.assessments import services as assessment_services
from frontdoor.casework.closures import services as closure_services
from frontdoor.casework.early_help import services as early_help_services
from frontdoor.casework.models import (
    Allocation,
    Assessment,
    CinPlan,
    ClosureRequest,
    EarlyHelpEpisode,
    Oversight,
    PlanReview,
    Referral,
    ReferralContact,
    RiskReview,
    Step,
)
from frontdoor.casework.referrals import services as referral_services
from frontdoor.contacts import services as contact_services
from frontdoor.contacts.models import Decision
from frontdoor.core.models import AuditEvent
from frontdoor.people.models import Address, Person

REFERRAL_DATE = date(2026, 11, 6)


def locality_team(name: str = "Locality: Norwich", districts: str = "NR1 NR2 NR3") -> Team:
    return TeamFactory(
        name=name,
        kind=Team.Kind.LOCALITY,
        locality=name.split(": ")[-1],
        postcode_districts=districts,
    )


def team_manager(team: Team, **fields: Any) -> User:
    return make_user(Role.TEAM_MANAGER, team=team, swe_registration="SW200001", **fields)


def social_worker(team: Team, *, registered: bool = True, **fields: Any) -> User:
    return make_user(
        Role.LOCALITY_SOCIAL_WORKER,
        team=team,
        swe_registration="SW300001" if registered else "",
        **fields,
    )


def child_at(postcode: str = "NR2 4AB", **fields: Any) -> Person:
    person = PersonFactory(**fields)
    Address.objects.create(person=person, address="1 Test Street, Norwich", postcode=postcode)
    return person


def make_referral(
    person: Person | None = None,
    *,
    referral_date: date = REFERRAL_DATE,
    actor: User | None = None,
    urgent: bool = False,
    source: str = "2A",
) -> Referral:
    """An open referral, placed in the locality team covering the child's postcode."""
    person = person or child_at()
    actor = actor or make_user(Role.CSW)
    with transaction.atomic():
        return referral_services.referral_open(
            actor=actor, person=person, referral_date=referral_date, source=source, urgent=urgent
        )


def allocated_referral(
    worker: User, manager: User, person: Person | None = None, **fields: Any
) -> Referral:
    referral = make_referral(person, **fields)
    return referral_services.referral_allocate(
        actor=manager, referral_id=referral.pk, version=referral.version, worker_id=worker.pk
    )


COMPLETE_ASSESSMENT = {
    "child_seen_alone": True,
    "child_views": "Says she feels safe at home but worries about her mum.",
    "culture_identity": "Polish heritage; speaks Polish at home; Catholic family.",
    "factors": ["3B", "4B"],
    "analysis": "Domestic abuse between the parents; mother engaging with support.",
    "outcome": "cin_plan",
    "requires_support": True,
}


def written_assessment(
    referral: Referral, worker: User, *, started_on: date, seen_on: date
) -> Assessment:
    """An assessment with everything needed to complete it, not yet submitted."""
    assessment = assessment_services.assessment_start(
        actor=worker, referral_id=referral.pk, started_on=started_on
    )
    return assessment_services.assessment_update(
        actor=worker,
        assessment_id=assessment.pk,
        version=assessment.version,
        child_seen_on=seen_on,
        **COMPLETE_ASSESSMENT,
    )


def early_help_for(
    person: Person | None = None, *, opened_on: date = REFERRAL_DATE
) -> EarlyHelpEpisode:
    actor = make_user(Role.CSW)
    with transaction.atomic():
        return early_help_services.early_help_open(
            actor=actor, person=person or PersonFactory(), opened_on=opened_on
        )


# --- more people -------------------------------------------------------------------------------


def head_of_service(**fields: Any) -> User:
    """A head of service, in no locality team: they manage every team."""
    fields.setdefault("team", TeamFactory(name="Leadership", kind=Team.Kind.CADS))
    fields.setdefault("swe_registration", "SW100020")
    return make_user(Role.HEAD_OF_SERVICE, **fields)


def early_help_team(name: str = "Early Help") -> Team:
    return TeamFactory(name=name, kind=Team.Kind.EARLY_HELP)


def pathway_advisor(team: Team | None = None, **fields: Any) -> User:
    return make_user(Role.PATHWAY_ADVISOR, team=team or early_help_team(), **fields)


# --- assessments further on --------------------------------------------------------------------


def submitted_assessment(
    referral: Referral, worker: User, *, started_on: date, seen_on: date
) -> Assessment:
    """A written assessment the worker has completed; it waits for a manager. The worker
    must be registered and "now" must be on or before the assessment's due date."""
    assessment = written_assessment(referral, worker, started_on=started_on, seen_on=seen_on)
    return assessment_services.assessment_complete(
        actor=worker, assessment_id=assessment.pk, version=assessment.version
    )


def authorised_assessment(
    referral: Referral,
    worker: User,
    manager: User,
    *,
    started_on: date,
    seen_on: date,
    authorised_on: date,
) -> Assessment:
    assessment = submitted_assessment(referral, worker, started_on=started_on, seen_on=seen_on)
    return assessment_services.assessment_authorise(
        actor=manager,
        assessment_id=assessment.pk,
        version=assessment.version,
        authorised_on=authorised_on,
    )


# --- closing, with a manager's sign-off -------------------------------------------------------


def close_signed_off(
    referral: Referral,
    worker: User,
    *,
    closed_on: date,
    reason: str = "RC7",
    why: str = "The family's needs are met",
    authoriser: User | None = None,
) -> ClosureRequest:
    """The worker asks to close the referral; a manager (a head of service made for it unless
    given) authorises: the referral is closed on `closed_on`."""
    referral.refresh_from_db()
    asked = closure_services.closure_request(
        actor=worker,
        referral_id=referral.pk,
        version=referral.version,
        closed_on=closed_on,
        closure_reason=reason,
        reason=why,
    )
    return closure_services.closure_authorise(
        actor=authoriser or head_of_service(), request_id=asked.pk, version=asked.version
    )


def step_down_signed_off(
    referral: Referral,
    worker: User,
    *,
    stepped_on: date,
    why: str = "Needs can now be met by early help",
    authoriser: User | None = None,
) -> ClosureRequest:
    """The worker asks to step the child down; a manager authorises: it is done."""
    referral.refresh_from_db()
    asked = closure_services.step_down_request(
        actor=worker,
        referral_id=referral.pk,
        version=referral.version,
        stepped_on=stepped_on,
        reason=why,
    )
    return closure_services.closure_authorise(
        actor=authoriser or head_of_service(), request_id=asked.pk, version=asked.version
    )


# --- checking that a refused call saved nothing ----------------------------------------------

_STATE_MODELS = (
    Referral,
    ReferralContact,
    Allocation,
    RiskReview,
    Assessment,
    CinPlan,
    PlanReview,
    EarlyHelpEpisode,
    Step,
    ClosureRequest,
    Oversight,
    AuditEvent,
)


def db_state() -> dict[str, list[dict[str, Any]]]:
    """Every casework row and every audit event, field by field, to compare before and after
    a refused call: a refusal must leave both exactly as they were."""
    state: dict[str, list[dict[str, Any]]] = {}
    for model in _STATE_MODELS:
        manager: Any = model._default_manager
        state[model._meta.label] = list(manager.order_by("pk").values())
    return state


# What a consultant social worker decides for a child, as the decision form sends it.
SWA: dict[str, Any] = {
    "outcome": "social_work_assessment",
    "need_level": "specialist",
    "rationale": "Unexplained bruising; the explanations differ.",
    "best_placed": "The locality team, for a social work assessment.",
    "agency_taking_action": "",
    "child_views": "",
}
EARLY_HELP = SWA | {
    "outcome": "early_help",
    "need_level": "early_help",
    "best_placed": "A pathway advisor, with the school.",
}


def decide(csw: User, link: Any, fields: dict[str, Any] = SWA) -> Decision:
    return contact_services.decision_make(actor=csw, contact_child_id=link.pk, **fields)


def events(prefix: str = "casework.") -> list[tuple[str, str]]:
    """(action, object type) of each audit event for `prefix` objects, oldest first."""
    rows = AuditEvent.objects.filter(object_type__startswith=prefix).order_by("id")
    return [(e.action, e.object_type) for e in rows]


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


def assessed_referral(worker: User, manager: User, *, primary_need: str = "N1") -> Referral:
    """An allocated referral with an authorised assessment (authorised Fri 13 Nov 2026)."""
    referral = allocated_referral(worker, manager)
    authorised_assessment(
        referral,
        worker,
        manager,
        started_on=date(2026, 11, 9),
        seen_on=date(2026, 11, 10),
        authorised_on=date(2026, 11, 13),
    )
    if primary_need:
        referral.refresh_from_db()
        referral_services.referral_primary_need_set(
            actor=worker,
            referral_id=referral.pk,
            version=referral.version,
            primary_need=primary_need,
        )
    referral.refresh_from_db()
    return referral
