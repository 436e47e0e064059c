"""Test data for safeguarding, made through the services so every record is as the app makes it.

A MASH enquiry made here comes from a contact received on Friday 6 November 2026 at 14:00
(the accounts factories' contact), decided as a MASH enquiry by its CSW at whatever "now" the
test has frozen. Children live at NR2 4AB, in the Norwich locality team's patch, so a referral
opened for them goes to that team (make the team first with `locality_team()`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from frontdoor.accounts.models import Agency, Role, Team, User
from frontdoor.accounts.tests.factories import ContactFactory, TeamFactory, make_user, only_child
from frontdoor.casework.models import Allocation, Referral, ReferralContact
from frontdoor.casework.tests.factories import child_at
from frontdoor.contacts import services as contact_services
from frontdoor.contacts.models import Decision
from frontdoor.core.models import AuditEvent
from frontdoor.people.models import Person
from frontdoor.safeguarding.mash import services as mash_services
from frontdoor.safeguarding.protection import services as protection_services
from frontdoor.safeguarding.section47 import services as section47_services
from frontdoor.safeguarding.strategy import services as strategy_services

from ..models import (
    AgencyCheck,
    Conference,
    CpPlan,
    CpReview,
    CpVisit,
    ExpectedAgency,
    ImmediateProtection,
    MashEnquiry,
    RagChange,
    Section47,
    StrategyAction,
    StrategyAttendance,
    StrategyChild,
    StrategyDiscussion,
)

# --- people ------------------------------------------------------------------------------------


def mash_team() -> Team:
    return TeamFactory(name="MASH", kind=Team.Kind.MASH)


def mash_manager(**fields: Any) -> User:
    return make_user(Role.TEAM_MANAGER, team=mash_team(), **fields)


def partner(agency: str = Agency.POLICE, **fields: Any) -> User:
    """A MASH partner of `agency`, in the MASH team."""
    return make_user(Role.MASH_PARTNER, agency=agency, **fields)


def cads_csw(**fields: Any) -> User:
    """A consultant social worker in the CADS team (the accounts factories' default team)."""
    return make_user(Role.CSW, **fields)


# --- MASH enquiries ------------------------------------------------------------------------------

MASH_DECISION: dict[str, Any] = {
    "outcome": "mash_enquiry",
    "need_level": "specialist",
    "rationale": "Bruising explained two ways; other agencies may know the family.",
    "best_placed": "The MASH, checks with police, health and school.",
    "agency_taking_action": "",
    "child_views": "",
}


def decide_mash(csw: User, person: Person | None = None) -> Decision:
    """A contact about `person` decided by `csw` as a MASH enquiry (which opens one)."""
    link = only_child(ContactFactory(csw=csw, child__person=person or child_at()))
    return contact_services.decision_make(actor=csw, contact_child_id=link.pk, **MASH_DECISION)


def enquiry_for(csw: User, person: Person | None = None) -> MashEnquiry:
    """An enquiry opened, rated amber, "now", from a contact decided as one."""
    decision = decide_mash(csw, person)
    return MashEnquiry.objects.get(origin=decision.contact_child)


def consented(enquiry: MashEnquiry, actor: User) -> MashEnquiry:
    return mash_services.mash_consent_record(
        actor=actor, enquiry_id=enquiry.pk, version=enquiry.version, consent="obtained"
    )


def checks_to(enquiry: MashEnquiry, actor: User, *agencies: str) -> list[AgencyCheck]:
    """Send a check to each agency (consent recorded first, if it was not)."""
    if not enquiry.consent:
        enquiry = consented(enquiry, actor)
    requests = [
        mash_services.CheckRequest(
            agency=agency, question=f"What does {agency} know of the family?"
        )
        for agency in agencies
    ]
    return mash_services.checks_request(
        actor=actor, enquiry_id=enquiry.pk, version=enquiry.version, requests=requests
    )


def conclude(enquiry: MashEnquiry, actor: User, outcome: str = "strategy_discussion") -> Any:
    enquiry.refresh_from_db()
    return mash_services.mash_conclude(
        actor=actor,
        enquiry_id=enquiry.pk,
        version=enquiry.version,
        outcome=outcome,
        rationale="Police hold two call-outs for domestic abuse; the GP saw a burn last month.",
    )


# --- strategy discussions ----------------------------------------------------------------------

FULL_ATTENDANCE = [
    strategy_services.Attendance(
        ExpectedAgency.LOCAL_AUTHORITY, True, name="Morgan Reid", role="Team manager"
    ),
    strategy_services.Attendance(
        ExpectedAgency.POLICE, True, name="DS Kay Lowe", role="Child protection"
    ),
    strategy_services.Attendance(ExpectedAgency.HEALTH, True, name="Pat Quinn", role="Named nurse"),
]
RATIONALE = "Injuries a doctor says are likely inflicted; the explanations differ."


def strategy_about(
    actor: User,
    *people: Person,
    held_at: datetime,
    start: bool = True,
    actions: list[strategy_services.Action] | None = None,
    chair: User | None = None,
) -> StrategyDiscussion:
    """A strategy discussion with LA, police and health, deciding `start` for each child."""
    return strategy_services.strategy_discussion_record(
        actor=actor,
        held_at=held_at,
        chair_id=(chair or actor).pk,
        attendance=FULL_ATTENDANCE,
        children=[strategy_services.ChildDecision(p.pk, start, RATIONALE) for p in people],
        information_shared="Police call-outs, the GP's note of a burn, school's attendance.",
        next_steps="Section 47 enquiry; joint visit with police tomorrow.",
        actions=actions,
    )


def section47_of(person: Person) -> Section47:
    return Section47.objects.get(person=person)


def icpc(section47: Section47, actor: User, outcome_on: date) -> Section47:
    """Record that the section 47 enquiry ends in an initial conference."""
    return section47_services.section47_outcome_record(
        actor=actor,
        section47_id=section47.pk,
        version=section47.version,
        outcome="icpc",
        outcome_on=outcome_on,
    )


def conference_for(
    section47: Section47, actor: User, held_on: date, outcome: str = "cp_plan"
) -> Conference:
    return section47_services.conference_record(
        actor=actor,
        section47_id=section47.pk,
        held_on=held_on,
        outcome=outcome,
        chair="Independent chair: Robin Ash",
    )


def plan_from(conference: Conference, actor: User, start_date: date) -> CpPlan:
    return protection_services.cp_plan_start(
        actor=actor, conference_id=conference.pk, start_date=start_date, category="NEG"
    )


# --- checking that a refused call saved nothing ----------------------------------------------

_STATE_MODELS = (
    MashEnquiry,
    RagChange,
    AgencyCheck,
    StrategyDiscussion,
    StrategyAttendance,
    StrategyChild,
    StrategyAction,
    Section47,
    Conference,
    CpPlan,
    CpReview,
    CpVisit,
    ImmediateProtection,
    Referral,
    ReferralContact,
    Allocation,
    AuditEvent,
)


def db_state() -> dict[str, list[dict[str, Any]]]:
    """Every safeguarding row, the referrals it opens, and every audit event, field by field:
    a refusal must leave them exactly as they were."""
    state: dict[str, list[dict[str, Any]]] = {}
    for model in _STATE_MODELS:
        manager: Any = model._default_manager
        state[model._meta.label] = list(manager.order_by("pk").values())
    return state


def actions(prefix: str = "") -> list[tuple[str, Any]]:
    """(action, actor) of each audit event, oldest first, leaving out page views."""
    rows = AuditEvent.objects.exclude(action="view").filter(action__startswith=prefix)
    return [(e.action, e.actor) for e in rows.order_by("id")]
