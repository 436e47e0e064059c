"""A small council for the permission matrix: one of every record, and a member of staff of
every role, each with a known relationship (or none) to the children.

- Ava (Norwich, NR2): a contact decided by `csw` as a MASH enquiry with a police check, a
  strategy discussion chaired by `cads_manager` with an action for `nr_worker`, a section 47
  enquiry whose referral the Norwich team holds (allocated to `nr_worker` by `nr_manager`),
  an assessment in progress, oversight, an initial conference and a child protection plan.
- Ben (Norwich, NR1): a referral allocated to `nr_worker`, with a child in need plan and a
  closure `nr_worker` asked for, waiting for the Norwich manager.
- Cleo: early help waiting in the early help queue (so the early help team holds it).
- Dan: a record restricted by `hos`, named to `hos` only.
- Eve and Evie: a possible duplicate pair; Fay and Faye: a merge.
- A census query explained by `analyst` about Ava.
Nobody else holds any of it: `br_worker` (Breckland) and the rest have no relationship.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from frontdoor.accounts.models import Agency, Role, Team, User
from frontdoor.accounts.tests.factories import TeamFactory, freeze, london, make_user
from frontdoor.casework.assessments import services as assessment_services
from frontdoor.casework.models import (
    Assessment,
    CinPlan,
    ClosureRequest,
    EarlyHelpEpisode,
    Oversight,
    Referral,
)
from frontdoor.casework.oversight import services as oversight_services
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.tests.factories import (
    child_at,
    early_help_for,
    early_help_team,
    head_of_service,
    locality_team,
    make_referral,
    social_worker,
    team_manager,
)
from frontdoor.contacts.models import Decision
from frontdoor.people import access_services
from frontdoor.people.models import DuplicateCandidate, Merge, Person, Restriction
from frontdoor.quality.audits import services as audit_services
from frontdoor.quality.audits.models import AUDIT_RUBRIC
from frontdoor.quality.calls import services as call_services
from frontdoor.quality.calls.models import CALL_RUBRIC
from frontdoor.quality.case_review import services as case_review_services
from frontdoor.quality.disagreements import services as disagreement_services
from frontdoor.returns.models import ExplainedQuery
from frontdoor.safeguarding.models import (
    AgencyCheck,
    CpPlan,
    MashEnquiry,
    Section47,
    StrategyAction,
    StrategyDiscussion,
)
from frontdoor.safeguarding.strategy import services as strategy_services
from frontdoor.safeguarding.tests.factories import (
    FULL_ATTENDANCE,
    RATIONALE,
    checks_to,
    conclude,
    conference_for,
    enquiry_for,
    icpc,
    mash_manager,
    plan_from,
    section47_of,
)

# When the pages are read: 25 days after Ava's contact was decided (inside the front door's
# 30 days), with all the work still open.
READ_AT = london(2026, 12, 1, 10, 0)


@dataclass
class World:
    users: dict[str, User] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)


def _staff() -> dict[str, User]:
    cads = TeamFactory(name="CADS", kind=Team.Kind.CADS)
    norwich = locality_team()
    breckland = locality_team("Locality: Breckland", "IP24 IP25")
    return {
        "csw": make_user(Role.CSW, team=cads, username="csw"),
        "cads_manager": make_user(
            Role.TEAM_MANAGER, team=cads, swe_registration="SW200009", username="cads_manager"
        ),
        "mash_manager": mash_manager(username="mash_manager", swe_registration="SW200008"),
        "hos": head_of_service(username="hos"),
        "advisor": make_user(Role.PATHWAY_ADVISOR, team=early_help_team(), username="advisor"),
        "contact_centre": make_user(
            Role.CONTACT_CENTRE_OFFICER,
            team=TeamFactory(name="Contact centre", kind=Team.Kind.CONTACT_CENTRE),
            username="contact_centre",
        ),
        "business_support": make_user(
            Role.BUSINESS_SUPPORT,
            team=TeamFactory(name="Business support", kind=Team.Kind.BUSINESS_SUPPORT),
            username="business_support",
        ),
        "police": make_user(Role.MASH_PARTNER, agency=Agency.POLICE, username="police"),
        "nr_worker": social_worker(norwich, username="nr_worker"),
        "nr_manager": team_manager(norwich, username="nr_manager"),
        "br_worker": social_worker(breckland, username="br_worker"),
        "analyst": make_user(
            Role.PERFORMANCE_ANALYST,
            team=TeamFactory(name="Performance", kind=Team.Kind.PERFORMANCE),
            username="analyst",
        ),
        "admin": make_user(
            Role.SYSTEM_ADMINISTRATOR,
            team=TeamFactory(name="Systems", kind=Team.Kind.SYSTEMS),
            username="admin",
            is_staff=True,
        ),
    }


def _ava(monkeypatch: Any, u: dict[str, User]) -> dict[str, int]:
    ava = child_at("NR2 4AB", first_name="Ava", last_name="Green")
    freeze(monkeypatch, london(2026, 11, 6, 15, 0))
    enquiry = enquiry_for(u["csw"], ava)
    (police_check,) = checks_to(enquiry, u["csw"], "police")
    freeze(monkeypatch, london(2026, 11, 9, 12, 0))
    conclude(enquiry, u["mash_manager"])
    freeze(monkeypatch, london(2026, 11, 9, 15, 0))
    discussion = strategy_services.strategy_discussion_record(
        actor=u["csw"],
        held_at=london(2026, 11, 9, 14, 0),
        chair_id=u["cads_manager"].pk,
        attendance=FULL_ATTENDANCE,
        children=[strategy_services.ChildDecision(ava.pk, True, RATIONALE)],
        information_shared="Police call-outs.",
        next_steps="Section 47 enquiry.",
        actions=[
            strategy_services.Action(u["nr_worker"].pk, "Visit with police", date(2026, 12, 20))
        ],
        enquiry_id=enquiry.pk,
    )
    section47 = section47_of(ava)
    referral = referral_services.referral_allocate(
        actor=u["nr_manager"],
        referral_id=section47.referral_id,
        version=None,
        worker_id=u["nr_worker"].pk,
    )
    assessment = assessment_services.assessment_start(
        actor=u["nr_worker"], referral_id=referral.pk, started_on=date(2026, 11, 9)
    )
    oversight = oversight_services.oversight_record(
        actor=u["nr_manager"],
        person=ava,
        kind="oversight",
        discussion="Visit with police first.",
        referral_id=referral.pk,
    )
    freeze(monkeypatch, london(2026, 11, 20, 16, 0))
    section47 = icpc(section47, u["nr_worker"], date(2026, 11, 20))
    freeze(monkeypatch, london(2026, 11, 30, 16, 0))
    plan = plan_from(
        conference_for(section47, u["nr_worker"], date(2026, 11, 30)),
        u["nr_worker"],
        date(2026, 11, 30),
    )
    decision = Decision.objects.get(contact_child__person=ava)
    return {
        "ava": ava.pk,
        "contact": decision.contact_child.contact_id,
        "link": decision.contact_child_id,
        "decision": decision.pk,
        "enquiry": enquiry.pk,
        "check": police_check.pk,
        "discussion": discussion.pk,
        "action": StrategyAction.objects.get(discussion=discussion).pk,
        "section47": section47.pk,
        "referral": referral.pk,
        "assessment": assessment.pk,
        "oversight": oversight.pk,
        "cp_plan": plan.pk,
    }


def _others(u: dict[str, User]) -> dict[str, int]:
    ben = child_at("NR1 1AA", first_name="Ben", last_name="Hall")
    referral = referral_services.referral_allocate(
        actor=u["nr_manager"],
        referral_id=make_referral(ben, actor=u["csw"]).pk,
        version=None,
        worker_id=u["nr_worker"].pk,
    )
    cin_plan = CinPlan.objects.create(
        referral=referral, start_date=date(2026, 11, 20), started_by=u["nr_worker"]
    )
    # Ben's worker has asked to close his episode: it waits for the Norwich manager.
    closure = ClosureRequest.objects.create(
        referral=referral,
        kind=ClosureRequest.Kind.CLOSE,
        closure_date=date(2026, 11, 20),
        closure_reason="RC7",
        reason="The plan's goals are met.",
        requested_by=u["nr_worker"],
        requested_at=london(2026, 11, 20, 9, 0),
    )
    cleo = child_at("IP24 1AA", first_name="Cleo", last_name="Ward")
    episode = early_help_for(cleo)
    dan = child_at("NR3 1AA", first_name="Dan", last_name="Ray")
    restriction = access_services.person_restrict(
        actor=u["hos"],
        person_id=dan.pk,
        category=Restriction.Category.STAFF,
        reason="A member of staff's child.",
        named_user_ids=[],
    )
    eve, evie = sorted(
        (
            child_at(first_name="Eve", last_name="Moss"),
            child_at(first_name="Evie", last_name="Moss"),
        ),
        key=lambda p: p.pk,
    )
    candidate = DuplicateCandidate.objects.create(
        first=eve, second=evie, score=0.9, reasons="Same birthday and address"
    )
    fay, faye = (
        child_at(first_name="Fay", last_name="Lee"),
        child_at(first_name="Faye", last_name="Lee"),
    )
    faye.merged_into = fay
    faye.save()
    merge = Merge.objects.create(kept=fay, merged=faye, merged_by=u["hos"])
    return {
        "ben": ben.pk,
        "ben_referral": referral.pk,
        "cin_plan": cin_plan.pk,
        "closure": closure.pk,
        "cleo": cleo.pk,
        "episode": episode.pk,
        "dan": dan.pk,
        "restriction": restriction.pk,
        "candidate": candidate.pk,
        "merge": merge.pk,
    }


def _quality(u: dict[str, User], ids: dict[str, int]) -> dict[str, int]:
    """The head of service audits the CSW's decision for Ava and sets the CSW a learning
    action; the CADS manager listened to the CSW's call about her."""
    decision = Decision.objects.get(pk=ids["decision"])
    audit = audit_services.audit_record(
        actor=u["hos"],
        decision_id=decision.pk,
        grades=dict.fromkeys((item.key for item in AUDIT_RUBRIC), ("good", "")),
        overall_grade="good",
    )
    action = audit_services.learning_action_set(
        actor=u["hos"], audit_id=audit.pk, text="Note the consent.", due_on=date(2026, 12, 20)
    )
    call = call_services.call_record(
        actor=u["cads_manager"],
        contact_id=ids["contact"],
        listened_at=london(2026, 11, 30, 10, 0),
        mode="recorded",
        grades={item.key: ("good", "") for item in CALL_RUBRIC},
        feedback="A clear conversation about who is best placed.",
    )
    # The week after Ava's contact: its sample is her decision alone (a tenth of one, rounded up).
    meeting = case_review_services.case_review_open(actor=u["hos"], week_starting=date(2026, 11, 9))
    item = meeting.items.get()
    review_action = case_review_services.case_review_action_add(
        actor=u["hos"],
        item_id=item.pk,
        text="Ask the school about attendance.",
        owner_id=u["csw"].pk,
        due_on=date(2026, 12, 20),
    )
    partner = case_review_services.case_review_partner_add(
        actor=u["hos"], meeting_id=meeting.pk, name="PC Lane", agency="police"
    )
    disagreement = disagreement_services.disagreement_raise(
        actor=u["nr_worker"],
        decision_id=decision.pk,
        for_partner=True,
        partner_name="PC Lane",
        partner_agency="police",
        partner_role="Domestic abuse officer",
        disagrees_with="The call-outs are more serious than the decision allows.",
        wants_instead="A joint visit sooner.",
    )
    return {
        "disagreement": disagreement.pk,
        "audit": audit.pk,
        "learning_action": action.pk,
        "call": call.pk,
        "case_review_item": item.pk,
        "case_review_action": review_action.pk,
        "case_review_partner": partner.pk,
    }


def build_world(monkeypatch: Any) -> World:
    world = World(users=_staff())
    world.ids.update(_ava(monkeypatch, world.users))
    world.ids.update(_others(world.users))
    freeze(monkeypatch, READ_AT)
    world.ids["user"] = world.users["csw"].pk
    world.ids.update(_quality(world.users, world.ids))
    world.ids["norwich_team"] = world.users["nr_manager"].team_id  # type: ignore[assignment]
    world.ids["explanation"] = ExplainedQuery.objects.create(
        year=2027,
        code="8670Q",
        person_id=world.ids["ava"],
        reason="Seen by the duty worker; recorded late.",
        explained_by=world.users["analyst"],
        explained_at=READ_AT,
    ).pk
    _check(world)
    return world


def _check(world: World) -> None:
    """Every record is what the docstring says (so a matrix row tests what it claims)."""
    ids = world.ids
    assert str(Referral.objects.get(pk=ids["referral"]).team) == "Locality: Norwich"
    assert Assessment.objects.filter(pk=ids["assessment"]).exists()
    assert Oversight.objects.filter(pk=ids["oversight"]).exists()
    assert EarlyHelpEpisode.objects.get(pk=ids["episode"]).advisor_id is None
    assert MashEnquiry.objects.filter(pk=ids["enquiry"]).exists()
    assert AgencyCheck.objects.get(pk=ids["check"]).agency == "police"
    assert StrategyDiscussion.objects.filter(pk=ids["discussion"]).exists()
    assert Section47.objects.filter(pk=ids["section47"]).exists()
    assert CpPlan.objects.filter(pk=ids["cp_plan"]).exists()
    assert Person.objects.get(pk=ids["dan"]).restrictions.get().in_force
